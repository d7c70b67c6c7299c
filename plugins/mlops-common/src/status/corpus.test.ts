import { classifyObject } from './classifyObject';
import { slimObject } from './slimObject';
import { fixtureFiles, loadFixtures } from './__testUtils__/loadFixtures';
import type { KubeObject, ObjectStatus, StatusBadge } from './types';

/*
 * The corpus (`__fixtures__/corpus/*.yaml`): objects in the shapes the real
 * controllers write, each annotated with the verdict of the upstream tools and
 * the portal's own (see the corpus README). One row per object.
 */

const EXPECT = 'corpus.mlops-portal.io/expect';
const UPSTREAM = 'corpus.mlops-portal.io/upstream';
const SHAPE = 'corpus.mlops-portal.io/shape';

interface Expected {
  status: ObjectStatus;
  reason: string;
  badges: StatusBadge[];
}

/** `Failed UpgradeFailed +retrying +drifted` */
function parseExpect(text: string): Expected {
  const [status, reason, ...rest] = text.trim().split(/\s+/);
  return {
    status: status as ObjectStatus,
    reason,
    badges: rest.map(b => b.replace(/^\+/, '') as StatusBadge).sort(),
  };
}

const rows = fixtureFiles()
  .filter(f => f.startsWith('corpus/'))
  .flatMap(file =>
    [...loadFixtures(file).entries()].map(([name, obj]) => [file, name, obj] as [string, string, KubeObject]),
  );

describe('status corpus', () => {
  it('has a row per controller file, and every row says where its shape and upstream verdict come from', () => {
    expect(new Set(rows.map(r => r[0])).size).toBeGreaterThanOrEqual(6);
    for (const [, , obj] of rows) {
      const annotations = obj.metadata?.annotations ?? {};
      expect(annotations[EXPECT]).toMatch(/^(Ready|Progressing|Failed|Suspended|Unknown) \S+/);
      expect(annotations[UPSTREAM]?.length).toBeGreaterThan(10);
      expect(annotations[SHAPE]?.length).toBeGreaterThan(10);
    }
  });

  it.each(rows)('%s %s', (_file, _name, obj) => {
    const expected = parseExpect(obj.metadata!.annotations![EXPECT]);
    const r = classifyObject(String(obj.kind), obj);
    expect({ status: r.status, reason: r.reason, badges: [...r.badges].sort() }).toEqual(expected);
    // The verdict is the rule's, not the corpus annotations': slimming drops them.
    expect(classifyObject(String(obj.kind), slimObject(String(obj.kind), obj))).toEqual(r);
  });
});
