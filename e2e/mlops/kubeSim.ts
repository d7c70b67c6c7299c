import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { resolve } from 'node:path';

/**
 * The simulated cluster of the portal under test, changed through kube-sim's
 * `/_sim` admin API (the world changing: a controller writing a status,
 * helm-controller emitting events). `scripts/start-local.mjs` writes its
 * URL, admin token and CA to `<PORTAL_DATA_DIR>/kube-sim.json`; the
 * Playwright web server runs with `.data/e2e`.
 */
interface SimInfo {
  clusters: Array<{ name: string; url: string; adminToken: string; caData?: string }>;
}

function simInfo(): SimInfo['clusters'][number] {
  const file = resolve(process.env.PORTAL_DATA_DIR ?? '.data/e2e', 'kube-sim.json');
  let info: SimInfo;
  try {
    info = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read the simulated cluster's info ${file} (written by scripts/start-local.mjs): ${(e as Error).message}`);
  }
  return info.clusters[0];
}

/** One request to the simulated cluster with the admin token; resolves with the JSON answer. */
function simRequest(method: 'GET' | 'POST', path: string, body?: unknown): Promise<any> {
  const sim = simInfo();
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((ok, fail) => {
    const req = httpsRequest(
      new URL(path, sim.url),
      {
        method,
        ca: sim.caData ? Buffer.from(sim.caData, 'base64') : undefined,
        headers: {
          Authorization: `Bearer ${sim.adminToken}`,
          ...(data === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) }),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 500) >= 300) fail(new Error(`${path}: ${res.statusCode} ${text}`));
          else ok(text ? JSON.parse(text) : undefined);
        });
      },
    );
    req.on('error', fail);
    req.end(data);
  });
}

/** POSTs to a `/_sim` endpoint with the admin token; resolves with the JSON answer. */
export function simAdmin(path: string, body: unknown): Promise<any> {
  return simRequest('POST', path, body);
}

/** GETs an API path of the simulated cluster (an object, a list) with the admin token. */
export function simGet(path: string): Promise<any> {
  return simRequest('GET', path);
}

/** Writes a HelmRelease's conditions as helm-controller would (a merge patch of its status). */
export async function setHelmReleaseConditions(namespace: string, name: string, conditions: Array<Record<string, string>>) {
  return simAdmin('/_sim/merge-patch', {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    namespace,
    name,
    patch: { status: { conditions } },
  });
}
