import fs from 'node:fs';
import path from 'node:path';
import { classifyObject, type StatusResult } from '@mlops-portal/plugin-mlops-common';
import { KNOWN_RULE_DISAGREEMENTS } from './knownDisagreements';

/** Where the objects the real controllers wrote are recorded, one file per provoked state. */
export const RECORDED = path.join(__dirname, '..', '__recorded__');

/**
 * The rules' verdict written as detailed as `expected`: `Status`,
 * `Status (reason)`, or `Status (reason) +badge +badge` (badges sorted).
 */
export function verdictLike(expected: string, r: StatusResult): string {
  let got: string = r.status;
  if (expected.includes('(')) got += ` (${r.reason})`;
  if (expected.includes(' +')) got += [...r.badges].sort().map(b => ` +${b}`).join('');
  return got;
}

/**
 * Collects the portal's verdicts on objects the real controllers wrote.
 * `expected` is the verdict the rules must give (status-semantics.md as
 * corrected by plugins/mlops-common's README): `Status`, `Status (reason)`
 * where the reason shown matters too, `+badge` where a badge does.
 */
export class Verdicts {
  private readonly all: Array<{ state: string; expected: string; got: string }> = [];

  judge(state: string, kind: string, o: any, expected: string) {
    const { metadata, spec, status } = o;
    // Recorded on request only (PORTAL_RECORD_REAL_OBJECTS=1), so a test run leaves the tree alone.
    if (process.env.PORTAL_RECORD_REAL_OBJECTS === '1') {
      fs.mkdirSync(RECORDED, { recursive: true });
      fs.writeFileSync(
        path.join(RECORDED, `${state}.json`),
        `${JSON.stringify({ expected, object: { apiVersion: o.apiVersion, kind: o.kind, metadata: { name: metadata.name, namespace: metadata.namespace, generation: metadata.generation, annotations: metadata.annotations }, spec, status } }, null, 2)}\n`,
      );
    }
    const r = classifyObject(kind, o);
    this.all.push({ state, expected, got: verdictLike(expected, r) });
    return r;
  }

  count() {
    return this.all.length;
  }

  /** The disagreements found, and the known ones for the states judged here (both sorted). */
  compare() {
    const found = this.all.filter(v => v.got !== v.expected).map(v => `${v.state}: expected ${v.expected}, rules say ${v.got}`);
    const known = Object.entries(KNOWN_RULE_DISAGREEMENTS)
      .filter(([state]) => this.all.some(v => v.state === state))
      .map(([state, d]) => `${state}: expected ${d.expected}, rules say ${d.got}`);
    return { found: found.sort(), known: known.sort() };
  }
}
