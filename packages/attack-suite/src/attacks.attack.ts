/*
 * The attack suite: every attack in ../attacks/*.yaml, replayed against the
 * real backend as a hostile signed-in user. A test fails when its attack
 * works; each test collects what went wrong as a list of findings, so a
 * failure reads as the attack's result. Run with `yarn test:security` (a step
 * of the test command).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Portal, REPO_ROOT, waitFor, type Answer, type UserName } from './harness/Portal';
import { leakedCanaries } from './harness/canaries';
import {
  ATTACKS_DIR,
  loadCatalogAttacks,
  loadGitWorkspaceAttacks,
  loadHttpAttacks,
  loadTemplateAttacks,
  type Expectation,
} from './harness/attackData';
import { clusterObjectSnapshot } from './harness/clusterObjects';
import { buildHostileWorkspace, dryRunTemplate } from './harness/hostileWorkspace';
import { listRefs, treeDigest } from './harness/files';
import { runTemplate } from './harness/templates';
import { pythonPayloadAsCode } from './harness/pythonPayload';

jest.setTimeout(600_000);

/** What the tests share; filled in by beforeAll. */
const run = {} as {
  portal: Portal;
  attackerServer: http.Server;
  attackerBase: string;
  repoGitopsBefore: string;
  answers: Array<{ id: string; answer: Answer }>;
  /** Entities of files the catalog refused as a whole: none may ever appear. */
  neverInCatalog: string[];
};

/** `kind/namespace/name` of an entity ref `kind:namespace/name`, for the catalog and MLOps routes. */
function entityPath(ref: string): string {
  const [kind, rest] = ref.split(':');
  return `${kind}/${rest}`;
}

/** The catalog's answer status for an entity, as an admin sees it (404: not there). */
async function catalogStatus(ref: string): Promise<number> {
  return (await run.portal.request('morgan', 'GET', `/api/catalog/entities/by-name/${entityPath(ref)}`)).status;
}

const STACK_TRACE = /"stack"\s*:|\n\s+at [\w.<>]+ \(|\bat (async )?\S+ \(\/.*:\d+:\d+\)/;

function record(id: string, answer: Answer): Answer {
  run.answers.push({ id, answer });
  return answer;
}

/** The findings of one answer against its expectation (empty: the attack failed, as it must). */
function check(answer: Answer, expected: Expectation, unchangedBefore?: unknown): string[] {
  const findings: string[] = [];
  const statuses = ([] as number[]).concat(expected.status);
  if (!statuses.includes(answer.status)) {
    findings.push(`answered ${answer.status}, expected ${statuses.join(' or ')}: ${answer.text.slice(0, 400)}`);
  }
  if (expected.mentions && !new RegExp(expected.mentions).test(answer.text)) {
    findings.push(`the answer does not name '${expected.mentions}': ${answer.text.slice(0, 400)}`);
  }
  if (expected.unchanged) {
    const after = clusterObjectSnapshot(run.portal.sim, expected.unchanged);
    if (JSON.stringify(after) !== JSON.stringify(unchangedBefore)) {
      findings.push(`${expected.unchanged} changed on the cluster: ${JSON.stringify(after).slice(0, 400)}`);
    }
  }
  return findings;
}

function snapshot(expected?: Expectation): unknown {
  return expected?.unchanged ? clusterObjectSnapshot(run.portal.sim, expected.unchanged) : undefined;
}

beforeAll(async () => {
  run.answers = [];
  run.neverInCatalog = [];
  run.repoGitopsBefore = treeDigest(path.join(REPO_ROOT, 'gitops'));
  // The attacker's own repository: files the backend is allowed to read.
  const served = path.join(ATTACKS_DIR, 'catalog');
  run.attackerServer = http.createServer((req, res) => {
    const file = path.join(served, path.basename(req.url ?? ''));
    if (!fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/yaml' }).end(fs.readFileSync(file));
  });
  await new Promise<void>(r => run.attackerServer.listen(0, '127.0.0.1', r));
  run.attackerBase = `http://localhost:${(run.attackerServer.address() as AddressInfo).port}`;
  run.portal = await Portal.start({ readableHosts: [new URL(run.attackerBase).host] });
});

afterAll(async () => {
  await run.portal?.stop();
  await new Promise(r => run.attackerServer?.close(r));
});

describe('HTTP', () => {
  for (const attack of loadHttpAttacks()) {
    it(`${attack.id}: ${attack.what}`, async () => {
      const before = snapshot(attack.expect);
      const answer = record(
        attack.id,
        await run.portal.request(attack.as, attack.method, attack.path, attack.body, attack.headers),
      );
      expect(check(answer, attack.expect, before)).toEqual([]);
    });
  }
});

describe('hostile Git workspaces (dry-run as an admin)', () => {
  const { steps, variants } = loadGitWorkspaceAttacks();
  for (const step of steps) {
    for (const variant of variants) {
      it(`${step.action} on a workspace with ${variant.id}`, async () => {
        const marker = path.join(run.portal.markerDir, `${step.id}-${variant.id}`);
        const answer = record(
          `git:${step.id}:${variant.id}`,
          await run.portal.request('morgan', 'POST', '/api/scaffolder/v2/dry-run', {
            template: dryRunTemplate(step),
            values: {},
            directoryContents: buildHostileWorkspace(variant, marker),
          }),
        );
        const findings = check(answer, { status: [400, 409, 500], mentions: step.mentions });
        if (fs.existsSync(marker)) findings.unshift('the payload ran: its marker file exists');
        expect(findings).toEqual([]);
      });
    }
  }
});

describe('hostile template values (registered templates, run as tasks)', () => {
  for (const attack of loadTemplateAttacks()) {
    it(`${attack.id}: ${attack.what}`, async () => {
      const marker = path.join(run.portal.markerDir, `template-${attack.id}`);
      const remote = path.join(run.portal.dataDir, 'gitops-remote.git');
      const refsBefore = JSON.stringify(listRefs(remote));
      const result = await runTemplate(run.portal, attack.as, attack.template, attack.values, marker);
      record(`template:${attack.id}`, result.answer);
      const findings: string[] = [];
      if (fs.existsSync(marker)) findings.push('the payload ran: its marker file exists');
      if (attack.outcome === 'inert-python') {
        // Generated, then read back: wherever the payload landed, it is data.
        if (!result.refused) {
          const generated = path.join(run.portal.dataDir, 'ml-projects', String(attack.values.name));
          const { files, problems } = pythonPayloadAsCode(generated, attack.payload!);
          if (files === 0) findings.push(`no Python file generated in ${generated}`);
          findings.push(...problems);
        }
      } else {
        if (!result.refused) findings.push(`the run succeeded: ${result.message.slice(-400)}`);
        else if (!new RegExp(attack.mentions!).test(result.message)) {
          findings.push(`refused without naming '${attack.mentions}': ${result.message.slice(-400)}`);
        }
        if (JSON.stringify(listRefs(remote)) !== refsBefore) {
          findings.push('the GitOps repository gained or moved a branch');
        }
      }
      expect(findings).toEqual([]);
    });
  }
});

describe('catalog registrations', () => {
  for (const attack of loadCatalogAttacks()) {
    it(`${attack.id}: ${attack.what}`, async () => {
      const { portal } = run;
      const target = `${run.attackerBase}/${attack.file}`;
      // The catalog's dry run processes the file with the same rules as a
      // registration: a forbidden kind in it refuses the whole file.
      const dryRun = record(
        `catalog:${attack.id}:dry-run`,
        await portal.request(attack.as, 'POST', '/api/catalog/locations?dryRun=true', { type: 'url', target }),
      );
      const refusedAsWhole = dryRun.status === 400 && /is not of an allowed kind/.test(dryRun.text);
      if (refusedAsWhole && attack.indexed) {
        throw new Error(`${attack.id}: the file meant to be processed was refused as a whole: ${dryRun.text.slice(0, 300)}`);
      }
      const registered = record(
        `catalog:${attack.id}`,
        await portal.request(attack.as, 'POST', '/api/catalog/locations', { type: 'url', target }),
      );
      // Refusing the registration outright is a defence too.
      if (registered.status >= 400 && registered.status < 500) return;
      expect(registered.status).toBe(201);
      if (refusedAsWhole) {
        // Nothing of it may ever show up: checked again after every attack.
        run.neverInCatalog.push(attack.sentinel, ...(attack.forbidden ?? []));
      } else {
        await waitFor(async () => {
          const r = await portal.request(attack.as, 'GET', `/api/catalog/entities/by-name/${entityPath(attack.sentinel)}`);
          return r.status === 200;
        }, `${attack.sentinel} in the catalog`);
      }
      if (attack.indexed) {
        await waitFor(async () => {
          const r = await portal.request(attack.as, 'GET', `/api/mlops/entities/${entityPath(attack.sentinel)}/objects`);
          return r.status === 200 && r.text.includes(attack.indexed!);
        }, `the MLOps status API to read the claim of ${attack.sentinel}`);
      }
      const findings: string[] = [];
      for (const ref of attack.forbidden ?? []) {
        const status = await catalogStatus(ref);
        if (status !== 404) findings.push(`${ref} is in the catalog (${status})`);
      }
      if (attack.then) {
        const before = snapshot(attack.expect);
        const answer = record(
          `catalog:${attack.id}:then`,
          await portal.request(attack.as, attack.then.method, attack.then.path, attack.then.body),
        );
        findings.push(...check(answer, attack.expect!, before));
      }
      expect(findings).toEqual([]);
    });
  }
});

describe('ML project takeover', () => {
  const name = 'attack-takeover';
  const values = (owner: string) => ({ name, description: 'Churn model of the data team', owner });
  const projectRepo = () => path.join(run.portal.dataDir, 'ml-projects', name, '.git');
  const remote = () => path.join(run.portal.dataDir, 'gitops-remote.git');
  const ownerInCatalog = async () =>
    (await run.portal.request('morgan', 'GET', `/api/catalog/entities/by-name/component/default/${name}`)).json?.spec
      ?.owner;

  it('the first team creates the project', async () => {
    const result = await runTemplate(run.portal, 'dana', 'new-ml-project', values('group:default/data-team'));
    expect({ refused: result.refused, message: result.message }).toEqual({ refused: false, message: result.message });
    expect(Object.keys(listRefs(projectRepo()))).toContain('refs/heads/main');
    await waitFor(async () => (await ownerInCatalog()) !== undefined, `component:default/${name} in the catalog`);
  });

  const takeovers: Array<[UserName, string]> = [
    ['sam', 'group:default/ml-team'],
    ['sam', 'group:default/data-team'],
  ];
  for (const [who, owner] of takeovers) {
    it(`${who} re-runs it with owner ${owner}: refused, nothing written`, async () => {
      const repoBefore = JSON.stringify(listRefs(projectRepo()));
      const remoteBefore = JSON.stringify(listRefs(remote()));
      const ownerBefore = await ownerInCatalog();
      const result = await runTemplate(run.portal, who, 'new-ml-project', values(owner));
      record(`takeover:${who}:${owner}`, result.answer);
      const findings: string[] = [];
      if (!result.refused) findings.push(`the run succeeded: ${result.message.slice(-300)}`);
      else if (!/name/.test(result.message)) findings.push(`refused without naming the field: ${result.message.slice(-300)}`);
      if (JSON.stringify(listRefs(projectRepo())) !== repoBefore) findings.push("the first team's project repository changed");
      if (JSON.stringify(listRefs(remote())) !== remoteBefore) findings.push('the GitOps repository gained or moved a branch');
      const ownerAfter = await ownerInCatalog();
      if (ownerAfter !== ownerBefore) findings.push(`the catalog entity moved from ${ownerBefore} to ${ownerAfter}`);
      expect(findings).toEqual([]);
    });
  }

  it('the first team re-runs it: idempotent, no new commit', async () => {
    const repoBefore = listRefs(projectRepo());
    const result = await runTemplate(run.portal, 'dana', 'new-ml-project', values('group:default/data-team'));
    expect({ refused: result.refused, message: result.message }).toEqual({ refused: false, message: result.message });
    expect(listRefs(projectRepo())).toEqual(repoBefore);
  });
});

describe('audit', () => {
  const auditLine = (event: RegExp, user: string, outcome: RegExp) =>
    waitFor(
      async () =>
        run.portal
          .log()
          .split('\n')
          // Development logs are coloured (`isAuditEvent=true` with ANSI codes
          // around the key); production logs are JSON (`"isAuditEvent":true`).
          // eslint-disable-next-line no-control-regex -- ANSI colour codes
          .map(l => l.replace(/\x1b\[[0-9;]*m/g, ''))
          .find(l => /isAuditEvent(=|":)true/.test(l) && event.test(l) && l.includes(user) && outcome.test(l)),
      `an audit line ${event} for ${user}`,
      15_000,
    );

  it('a refused write is an audit event with the user as actor and the outcome', async () => {
    const answer = await run.portal.request('sam', 'POST', '/api/mlops/objects/mlops-sim/HelmRelease/orchestration/airflow/suspend', {
      reason: 'audit check',
    });
    expect(answer.status).toBe(403);
    expect(await auditLine(/flux-suspend/, 'user:default/sam', /fail/)).toMatch(/"actorId":"user:default\/sam"/);
  });

  it('an allowed write through the actions registry names the user as actor', async () => {
    const answer = await run.portal.request('dana', 'POST', '/api/mlops/.backstage/actions/v1/actions/mlops:reconcile/invoke', {
      cluster: 'mlops-sim',
      kind: 'HelmRelease',
      namespace: 'orchestration',
      name: 'airflow',
    });
    expect({ status: answer.status, body: answer.text.slice(0, 300) }).toEqual({ status: 200, body: answer.text.slice(0, 300) });
    expect(await auditLine(/flux-reconcile/, 'user:default/dana', /succe/)).toMatch(/"actorId":"user:default\/dana"/);
  });
});

describe('after every attack', () => {
  it('nothing of a file the catalog refused as a whole is in the catalog', async () => {
    const present: string[] = [];
    for (const ref of run.neverInCatalog) {
      const status = await catalogStatus(ref);
      if (status !== 404) present.push(`${ref} (${status})`);
    }
    expect(present).toEqual([]);
  });

  it('no answer carried a stack trace', () => {
    const withStacks = run.answers.filter(a => STACK_TRACE.test(a.answer.text));
    // The answers themselves, for whoever investigates a failure.
    if (withStacks.length > 0) {
      fs.writeFileSync(path.join(os.tmpdir(), 'attack-suite-answers-with-stacks.json'), JSON.stringify(withStacks, null, 2));
    }
    expect(withStacks.map(a => a.id)).toEqual([]);
  });

  it('no answer and no log line carried a secret of the backend', () => {
    const secrets = [run.portal.sim.token];
    const leaks = run.answers
      .flatMap(a => leakedCanaries(a.answer.text, secrets).map(c => `${a.id}: ${c}`))
      .concat(leakedCanaries(run.portal.log(), secrets).map(c => `backend log: ${c}`));
    expect(leaks).toEqual([]);
  });

  it('the backend is still up', async () => {
    expect(run.portal.alive()).toBe(true);
    const r = await fetch(`${run.portal.baseUrl}/.backstage/health/v1/readiness`);
    expect(r.status).toBe(200);
  });

  it("nothing was written to the portal's own gitops/ folder", () => {
    expect(treeDigest(path.join(REPO_ROOT, 'gitops'))).toEqual(run.repoGitopsBefore);
  });

  it('no payload left a marker anywhere', () => {
    expect(fs.readdirSync(run.portal.markerDir)).toEqual([]);
  });
});
