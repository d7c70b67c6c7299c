import fs from 'node:fs';
import path from 'node:path';
import { classifyObject } from '@mlops-portal/plugin-mlops-common';
import { KNOWN_RULE_DISAGREEMENTS } from './realtests/statusRules/knownDisagreements';
import { verdictLike } from './realtests/statusRules/judge';

/*
 * The objects Flux's real controllers wrote on the real-cluster tier, recorded
 * by its tests (src/realtests/__recorded__, PORTAL_RECORD_REAL_OBJECTS=1), run
 * through the portal's status rules in the ordinary unit tests: each gets the
 * verdict status-semantics.md expects, or, where the rules are known to
 * disagree (statusRules/knownDisagreements.ts, for another issue), the verdict
 * recorded there, so a change of the rules shows up here.
 */

const DIR = path.join(__dirname, 'realtests', '__recorded__');
const RECORDED = fs
  .readdirSync(DIR)
  .filter(f => f.endsWith('.json'))
  .map(f => ({ state: f.replace(/\.json$/, ''), ...JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) }));

describe('status rules on objects the real controllers wrote', () => {
  it('has recordings of every provoked state', () => {
    expect(RECORDED.length).toBeGreaterThanOrEqual(15);
  });

  it.each(RECORDED.map(r => [r.state, r]))('%s', (state, r: any) => {
    const got = verdictLike(String(r.expected), classifyObject(r.object.kind, r.object));
    expect(got).toBe(KNOWN_RULE_DISAGREEMENTS[state]?.got ?? r.expected);
  });
});
