#!/usr/bin/env node
/*
 * Benchmark of the trace graph (`yarn bench:trace` at the repo root), end to
 * end on the real path, with the same portal as `yarn bench:ui`
 * (bench/fleetPortal.mjs): a generated GitOps tree with 2,000 components,
 * kube-sim's `fleet` scenario serving it on 10 clusters, the real backend,
 * the app's production build, Debian's Chromium.
 *
 * The traced entity is the one naming the root Kustomization
 * (`resource:default/mlops-platform`): its trace holds every component on
 * every cluster (Kustomizations → 2,000 HelmReleases → HelmCharts and
 * repositories → workloads → pods), the largest trace the platform has.
 *
 * Measures (median, p95, max of --runs):
 * - backend: the trace answer (cold after start, warm), its size and node count;
 * - interactive: from the start of a navigation to the entity's Trace tab
 *   until every group of the answer is drawn with its status word and the
 *   first-failure banner is shown (checked each animation frame inside the
 *   page). In-app: "Deployment" → "Trace" from the entity's GitOps tab;
 *   page load: the address typed, warm HTTP cache;
 * - pushed change: with the HelmRelease group of the target's namespace
 *   opened, one generated HelmRelease's /status is patched on one simulated
 *   cluster (helm-controller's failed install) until its node shows
 *   "Failed"; then the old status is written back until the group's counts
 *   are back to what they were. Timed from just before the patch request.
 * Targets: interactive < 1.5 s, pushed change < 1 s (p95).
 * Writes the "## Trace graph" section of docs/benchmarks.md (unless --no-write).
 *
 * Options: --components N (2000) --clusters N (10) --runs N (10) --skip-build
 *   --no-write --keep --chromium PATH --backend-port N (PORTAL_BACKEND_PORT or 7210)
 *   --sim-port N (KUBE_SIM_PORT or 6620; clusters use N..N+clusters-1)
 */
/* eslint-disable no-console */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
// eslint-disable-next-line @backstage/no-undeclared-imports
import { chromium } from '@playwright/test';
import { fleetScenario, startFleetPortal, stopChildren } from './fleetPortal.mjs';
import { writeSection } from './lib/benchmarksDoc.mjs';
// The launch flags every browser run of the repository uses (one source for all).
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/ci/lib/chromium.mjs';
import { failedStatus, kube } from './lib/kubeSim.mjs';
import { codeVersion, machine, rssOf } from './lib/machine.mjs';
import { getJson, guestToken } from './lib/portalApi.mjs';
import { kib, ms, summary } from './lib/stats.mjs';

/** PASS/FAIL of a p95 against its target; empty without a target. */
function verdict(p95, target) {
  if (!target) return '';
  return p95 < target ? 'PASS' : 'FAIL';
}

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const fleetDefaults = fleetScenario().fleet;
const components = Number(opt('components', '2000'));
const clusters = Number(opt('clusters', String(fleetDefaults.clusters)));
const runs = Number(opt('runs', '10'));
const backendPort = Number(opt('backend-port', process.env.PORTAL_BACKEND_PORT ?? '7210'));
const simPort = Number(opt('sim-port', process.env.KUBE_SIM_PORT ?? '6620'));
const skipBuild = args.includes('--skip-build');
const write = !args.includes('--no-write');
const keep = args.includes('--keep');
const chromiumPath = opt('chromium', CHROMIUM_PATH);
const ENTITY = { kind: 'resource', namespace: 'default', name: 'mlops-platform' };
const ENTITY_REF = `${ENTITY.kind}:${ENTITY.namespace}/${ENTITY.name}`;
const INTERACTIVE_MS = 1500;
const UPDATE_MS = 1000;

const started = Date.now();
const log = msg => console.log(`[bench:trace +${((Date.now() - started) / 1000).toFixed(0)}s] ${msg}`);
const sleep = t => new Promise(r => setTimeout(r, t));

/** Ready when the catalog has every component, every cluster is connected, and the trace holds every generated HelmRelease. */
async function waitForTrace(baseUrl, generated) {
  const deadline = Date.now() + 20 * 60_000;
  let last = '';
  for (;;) {
    try {
      const token = await guestToken(baseUrl);
      const q = (await getJson(baseUrl, token, '/api/catalog/entities/by-query?filter=kind=component&limit=1')).body;
      const ov = (await getJson(baseUrl, token, '/api/mlops/overview')).body;
      const connected = ov.clusters.filter(c => c.connection === 'connected').length;
      const t = await getJson(baseUrl, token, `/api/mlops/entities/${ENTITY.kind}/${ENTITY.namespace}/${ENTITY.name}/trace`);
      const hrs = t.body.groups.filter(g => g.kind === 'HelmRelease').reduce((n, g) => n + g.size, 0);
      last = `catalog ${q.totalItems}/${components} components, ${connected}/${clusters} clusters connected, trace ${t.body.size} objects with ${hrs} HelmReleases (want ≥ ${generated * clusters})`;
      if (q.totalItems >= components && connected === clusters && hrs >= generated * clusters) return t;
    } catch (e) {
      last = String(e);
    }
    if (Date.now() > deadline) throw new Error(`the trace never got complete: ${last}`);
    log(`waiting: ${last}`);
    await sleep(5000);
  }
}

/** In every document: marks the first frame in which the Trace tab is interactive (see the header). */
function installProbe({ groups, failures }) {
  const isInteractive = () => {
    const graph = document.querySelector('[data-testid="trace-graph"]');
    if (!graph) return false;
    const boxes = graph.querySelectorAll('[data-testid^="trace-group-"]:not([data-testid^="trace-group-counts"])');
    if (boxes.length !== groups) return false;
    for (const b of boxes) if (!b.querySelector('[data-status]')?.textContent && !b.querySelector('[data-not-watched]')) return false;
    return !failures || Boolean(document.querySelector('[data-testid="trace-first-failures"]'));
  };
  performance.setResourceTimingBufferSize(5000);
  const frame = () => {
    if (window.__benchMark === undefined && window.location.pathname.endsWith('/trace') && isInteractive()) {
      window.__benchMark = performance.now();
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/** Where a navigation's time went: until the trace request, the request, from its answer to the interactive frame. */
async function breakdown(page, since) {
  return page.evaluate(t0 => {
    const mark = window.__benchMark;
    const req = performance.getEntriesByType('resource').filter(e => e.name.includes('/trace') && e.name.includes('/api/mlops/') && e.startTime >= t0 && e.responseEnd <= mark).pop();
    return req ? { beforeRequest: req.startTime - t0, request: req.responseEnd - req.startTime, render: mark - req.responseEnd } : undefined;
  }, since);
}

function parts(list) {
  const ok = list.filter(Boolean);
  if (!ok.length) return 'no trace request in Resource Timing';
  const med = k => summary(ok.map(x => x[k])).median;
  return `${ms(med('beforeRequest'))} until the trace request starts, ${ms(med('request'))} for the request, ${ms(med('render'))} from its answer to the interactive frame (medians of ${ok.length})`;
}

/**
 * Where a pushed change's time went (epoch ms from just before the patch): until the page's
 * trace request starts (watch event, change batching, trace signal, WebSocket), the request,
 * from its answer to the frame that shows the change.
 */
async function pushBreakdown(page, t0Epoch, shownEpoch) {
  return page.evaluate(([t0, shown]) => {
    const origin = performance.timeOrigin;
    const req = performance
      .getEntriesByType('resource')
      .filter(e => e.name.includes('/trace') && e.name.includes('/api/mlops/') && origin + e.startTime >= t0 && origin + e.responseEnd <= shown)
      .pop();
    return req
      ? { beforeRequest: origin + req.startTime - t0, request: req.responseEnd - req.startTime, render: shown - (origin + req.responseEnd) }
      : undefined;
  }, [t0Epoch, shownEpoch]);
}

function pushParts(list) {
  const ok = list.filter(Boolean);
  if (!ok.length) return 'no trace request in Resource Timing';
  const med = k => summary(ok.map(x => x[k])).median;
  return `${ms(med('beforeRequest'))} from the patch until the page's trace request starts, ${ms(med('request'))} for the request, ${ms(med('render'))} from its answer to the frame showing the change (medians of ${ok.length})`;
}

async function measureBrowser(portal, answer) {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: [...CHROMIUM_ARGS] });
  const entityPath = `/catalog/${ENTITY.namespace}/${ENTITY.kind}/${ENTITY.name}`;
  try {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    await context.addInitScript(installProbe, { groups: answer.groups.length, failures: answer.firstFailures.length > 0 });
    const page = await context.newPage();
    await page.goto(portal.baseUrl);
    await page.getByRole('button', { name: 'Enter' }).click({ timeout: 120_000 });
    // The sidebar's own element reports hidden to Playwright; wait for an entry in it.
    await page.getByTestId('sidebar-root').getByRole('link', { name: 'Platform', exact: true }).waitFor({ timeout: 120_000 });

    // In-app: from the entity's GitOps tab, the "Deployment" menu of the
    // entity page, then "Trace" (timed from that click).
    const inApp = [];
    const inAppParts = [];
    for (let r = 0; r <= runs; r++) {
      await page.goto(`${portal.baseUrl}${entityPath}/gitops`);
      const menu = page.getByRole('button', { name: 'Deployment' });
      await menu.waitFor({ timeout: 120_000 });
      await sleep(1000);
      await menu.click();
      const item = page.getByRole('menuitemradio', { name: 'Trace' });
      await item.waitFor({ timeout: 30_000 });
      const t0 = await page.evaluate(() => {
        window.__benchMark = undefined;
        return performance.now();
      });
      await item.click();
      await page.waitForFunction(() => window.__benchMark !== undefined, null, { timeout: 120_000, polling: 100 });
      const t = (await page.evaluate(() => window.__benchMark)) - t0;
      if (r === 0) log(`in-app, first (lazy chunk): ${ms(t)}`);
      else {
        inApp.push(t);
        inAppParts.push(await breakdown(page, t0));
      }
    }

    const pageLoad = [];
    const pageLoadParts = [];
    for (let r = 0; r < runs; r++) {
      await page.goto(`${portal.baseUrl}/settings`);
      await sleep(1000);
      await page.goto(`${portal.baseUrl}${entityPath}/trace`);
      await page.waitForFunction(() => window.__benchMark !== undefined, null, { timeout: 120_000, polling: 100 });
      pageLoad.push(await page.evaluate(() => window.__benchMark));
      pageLoadParts.push(await breakdown(page, 0));
    }

    // Pushed changes, with the target's HelmRelease group opened.
    const skip = new Set([...portal.expected.failed, ...portal.expected.suspended]);
    const candidates = portal.tree.generated.filter(g => !skip.has(g.name));
    const fail = [];
    const recover = [];
    const pushed = [];
    for (let r = 0; r < runs; r++) {
      const target = candidates[(r * 97 + 13) % candidates.length];
      const cluster = portal.sim.clusters[r % portal.sim.clusters.length];
      const groupId = `helmrelease:HelmRelease:${target.namespace}`;
      const nodeId = `${cluster.name}|HelmRelease|${target.namespace}|${target.name}`;
      const group = page.getByTestId(`trace-group-${groupId}`);
      const header = group.getByRole('button', { expanded: false });
      if (await header.count()) {
        await header.first().click();
        await group.getByRole('list').waitFor({ timeout: 60_000 });
      }
      await sleep(1500);
      const countsBefore = await page.getByTestId(`trace-group-counts-${groupId}`).textContent();
      const path = `/apis/helm.toolkit.fluxcd.io/v2/namespaces/${target.namespace}/helmreleases/${target.name}`;
      const hr = await kube(cluster, 'GET', path);
      await page.evaluate(id => {
        window.__benchUpdate = new Promise(res => {
          const check = () => {
            const chip = document.querySelector(`[data-testid="trace-node-${CSS.escape(id)}"] [data-status]`);
            if (chip?.textContent === 'Failed') res(performance.timeOrigin + performance.now());
            else requestAnimationFrame(check);
          };
          check();
        });
      }, nodeId);
      let t0 = performance.timeOrigin + performance.now();
      await kube(cluster, 'PATCH', `${path}/status`, { status: failedStatus(hr) });
      let shown = await page.evaluate(() => window.__benchUpdate);
      fail.push(shown - t0);
      pushed.push(await pushBreakdown(page, t0, shown));
      await sleep(1000);
      await page.evaluate(([gid, text]) => {
        window.__benchUpdate = new Promise(res => {
          const check = () => {
            const el = document.querySelector(`[data-testid="trace-group-counts-${CSS.escape(gid)}"]`);
            if (el?.textContent === text) res(performance.timeOrigin + performance.now());
            else requestAnimationFrame(check);
          };
          check();
        });
      }, [groupId, countsBefore]);
      t0 = performance.timeOrigin + performance.now();
      await kube(cluster, 'PATCH', `${path}/status`, { status: { conditions: hr.status.conditions } });
      shown = await page.evaluate(() => window.__benchUpdate);
      recover.push(shown - t0);
      pushed.push(await pushBreakdown(page, t0, shown));
      await sleep(1000);
    }
    await page.screenshot({ path: join(root, 'docs/screenshots/mlops-trace-fleet.png'), fullPage: false });
    return { inApp: summary(inApp), pageLoad: summary(pageLoad), inAppParts: parts(inAppParts), pageLoadParts: parts(pageLoadParts), fail: summary(fail), recover: summary(recover), update: summary([...fail, ...recover]), pushParts: pushParts(pushed) };
  } finally {
    await browser.close();
  }
}

function section(r) {
  const m = r.machineStart;
  const row = (name, s, target) => `| ${name} | ${ms(s.median)} | ${ms(s.p95)} | ${ms(s.max)} | ${target ? `< ${target / 1000} s` : ''} | ${verdict(s.p95, target)} |`;
  return [
    '## Trace graph',
    '',
    `What: the entity Trace tab (\`plugins/mlops\` \`TraceContent\`, backend \`TraceService\`) on the portal of \`yarn bench:ui\`:`,
    `a generated GitOps tree with **${components.toLocaleString('en-US')} components**, kube-sim's \`fleet\` scenario on ${clusters} clusters serving it,`,
    'the real backend, the production build of `packages/app`, Debian Chromium (Playwright), signed in as the guest.',
    `The traced entity is \`${ENTITY_REF}\` (the root Kustomization): its trace holds every component on every cluster,`,
    `${r.answer.size.toLocaleString('en-US')} objects in ${r.answer.groups} groups (sources, Kustomizations, HelmReleases, HelmCharts, workloads, Services, pods),`,
    `of which the answer lists the nodes of the small groups (${r.answer.nodes} nodes, ${kib(r.answer.bytes)} of JSON); ${r.answer.firstFailures} first failures.`,
    '',
    '- *interactive*: from the start of the navigation until every group of the answer is drawn with its status word',
    '  and the first-failure banner is shown (checked each animation frame in the page). In-app: from the entity\'s',
    '  GitOps tab, "Deployment" → "Trace", timed from that click (the first visit, which loads the lazy chunk, not',
    '  counted; the click itself goes through Playwright, a few ms); page load:',
    '  the address typed, warm HTTP cache.',
    '- *pushed change*: with the target\'s HelmRelease group opened, a merge patch of one generated HelmRelease\'s',
    '  `/status` on one simulated cluster (failed install, as helm-controller writes it) until its node shows',
    '  "Failed"; then the old status until the group\'s counts are back. From just before the patch request:',
    '  watch event → cluster index and trace rebuilt for that cluster → `mlops:trace` signal → refetch → render.',
    '',
    'Command: `yarn bench:trace` (runs `node plugins/mlops/bench/trace.mjs`; options `--components`, `--clusters`,',
    '`--runs`, `--skip-build`, `--no-write`, `--keep`, `--backend-port`, `--sim-port`).',
    '',
    `Machine: ${m.cores} × ${m.cpu}, ${m.ramGiB} GiB RAM, Node ${m.node}, Chromium from Debian; shared with other engineers:`,
    `load average (1/5/15 min) ${m.load} at the start, ${r.machineMeasuring.load} when measuring, ${r.machineEnd.load} at the end.`,
    `Measured ${r.at} at commit ${r.code}, ${runs} runs each.`,
    '',
    '| measure | median | p95 | max | target (p95) | result |',
    '|---|---|---|---|---|---|',
    row('Trace tab interactive, in-app navigation', r.browser.inApp, INTERACTIVE_MS),
    row('Trace tab interactive, page load', r.browser.pageLoad, INTERACTIVE_MS),
    row('pushed change on screen (both directions)', r.browser.update, UPDATE_MS),
    row('… HelmRelease fails → node shows "Failed"', r.browser.fail),
    row('… status restored → group counts restored', r.browser.recover),
    row('backend answer, warm (API, no browser)', r.api.warm),
    '',
    `Where the time goes: in-app, ${r.browser.inAppParts}; page load, ${r.browser.pageLoadParts}; pushed change, ${r.browser.pushParts}.`,
    '',
    `Backend: first answer after start-up ${ms(r.api.cold)} (every cluster index and trace built); backend RSS ${(r.rss / 2 ** 20).toFixed(0)} MiB after the runs.`,
    '',
    `Runs (ms): in-app ${r.browser.inApp.all.map(Math.round).join(', ')}; page load ${r.browser.pageLoad.all.map(Math.round).join(', ')};`,
    `fail ${r.browser.fail.all.map(Math.round).join(', ')}; recover ${r.browser.recover.all.map(Math.round).join(', ')}.`,
    '',
  ].join('\n');
}

async function main() {
  const machineStart = machine();
  log(`machine: ${machineStart.cores} × ${machineStart.cpu}, load ${machineStart.load}`);
  const workDir = mkdtempSync(join(tmpdir(), 'bench-trace-'));
  const children = [];
  let failed = false;
  const onSignal = async () => {
    await stopChildren(children);
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const portal = await startFleetPortal({ workDir, components, clusters, simPort, backendPort, skipBuild, log, children });
    const first = await waitForTrace(portal.baseUrl, portal.tree.generated.length);
    const token = await guestToken(portal.baseUrl);
    const warm = [];
    for (let i = 0; i < runs; i++) warm.push((await getJson(portal.baseUrl, token, `/api/mlops/entities/${ENTITY.kind}/${ENTITY.namespace}/${ENTITY.name}/trace`)).ms);
    const answer = first.body;
    log(`trace: ${answer.size} objects, ${answer.groups.length} groups, ${answer.nodes.length} nodes listed, ${kib(first.bytes)}, first answer ${ms(first.ms)}`);
    await sleep(10_000);
    const machineMeasuring = machine();
    const browser = await measureBrowser(portal, answer);
    const backend = children.find(c => c.benchName === 'backend');
    const r = {
      at: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      code: codeVersion(root),
      machineStart,
      machineMeasuring,
      machineEnd: machine(),
      answer: { size: answer.size, groups: answer.groups.length, nodes: answer.nodes.length, bytes: first.bytes, firstFailures: answer.firstFailures.length },
      api: { cold: first.ms, warm: summary(warm) },
      rss: backend ? rssOf(backend.pid) : 0,
      browser,
    };
    const p = s => `median ${ms(s.median)}, p95 ${ms(s.p95)}, max ${ms(s.max)}`;
    console.log(`interactive in-app: ${p(browser.inApp)}; page load: ${p(browser.pageLoad)}`);
    console.log(`  in-app: ${browser.inAppParts}; page load: ${browser.pageLoadParts}`);
    console.log(`pushed change: ${p(browser.update)} (fail ${p(browser.fail)}; recover ${p(browser.recover)}); ${browser.pushParts}`);
    console.log(`backend warm: ${p(r.api.warm)}; cold ${ms(r.api.cold)}; RSS ${(r.rss / 2 ** 20).toFixed(0)} MiB`);
    if (write) log(`wrote the "## Trace graph" section of ${writeSection(root, '## Trace graph', section(r))}`);
    const ok = browser.inApp.p95 < INTERACTIVE_MS && browser.pageLoad.p95 < INTERACTIVE_MS && browser.update.p95 < UPDATE_MS;
    process.exitCode = ok ? 0 : 1;
  } catch (e) {
    failed = true;
    console.error(e);
    console.error(`logs: ${join(workDir, 'kube-sim.log')}, ${join(workDir, 'backend.log')}`);
    process.exitCode = 1;
  } finally {
    await stopChildren(children);
    if (!keep && !failed) rmSync(workDir, { recursive: true, force: true });
    else log(`work dir kept: ${workDir}`);
  }
}

await main();
