import { classifyObject } from './classifyObject';
import { extractFacts } from './extractFacts';
import { slimObject } from './slimObject';
import { allFixtures } from './__testUtils__/loadFixtures';
import type { KubeObject } from './types';

/*
 * Real clusters carry hand-edited and half-written status. Every rule must be
 * total on its own: classifyObject's catch-all (reason ClassificationError)
 * must never be what answers, and facts must survive a bad field.
 */

const WEIRD: unknown[] = [null, 42, -1, 'garbage', '', [], {}, true, 'not-a-date'];

function leafPaths(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [i, v] as const)
      : Object.entries(value as Record<string, unknown>);
    return entries.flatMap(([k, v]) => leafPaths(v, [...path, k]));
  }
  return path.length ? [path] : [];
}

function withValueAt(o: KubeObject, path: Array<string | number>, value: unknown): KubeObject {
  const copy = JSON.parse(JSON.stringify(o));
  let cursor = copy;
  for (const key of path.slice(0, -1)) cursor = cursor[key];
  cursor[path[path.length - 1]] = value;
  return copy;
}

describe('rules on malformed fields', () => {
  const fixtures = allFixtures();

  it.each(fixtures.map(f => [f.file, f.name, f.kind, f.obj] as const))(
    '%s %s: every leaf replaced by junk still classifies through its rule',
    (_file, _name, kind, obj) => {
      // One bad field must not wipe a card that shows several facts (the
      // catch-all answer of extractFacts is {}).
      const minFacts = Object.keys(extractFacts(kind, obj)).length > 1 ? 1 : 0;
      let checked = 0;
      for (const path of leafPaths(obj)) {
        for (const value of WEIRD) {
          const mutated = withValueAt(obj, path, value);
          const r = classifyObject(kind, mutated);
          if (r.reason === 'ClassificationError') {
            throw new Error(`${path.join('.')} = ${JSON.stringify(value)}: ${r.message}`);
          }
          expect(typeof r.message).toBe('string');
          // A different apiVersion makes it another group's kind: no facts of this
          // kind's card is right then (rules are picked by group and kind).
          const picksTheRule = path.length === 1 && path[0] === 'apiVersion';
          expect(Object.keys(extractFacts(kind, mutated)).length).toBeGreaterThanOrEqual(
            picksTheRule ? 0 : minFacts,
          );
          expect(() => slimObject(kind, mutated)).not.toThrow();
          checked += 1;
        }
      }
      expect(checked).toBeGreaterThan(0);
    },
  );
});
