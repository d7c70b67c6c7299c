import fs from 'node:fs';
import path from 'node:path';
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import { parse } from 'yaml';

/*
 * What the real-tier tests share: the running tier (started by
 * scripts/test-real.mjs, or by hand with `scripts/portal cluster up`), raw
 * HTTP against its API server, kubectl, and waiting.
 */

/** The running tier, from the variables cluster.sh writes to env.sh. Throws when it is not running. */
export function realCluster() {
  const state = process.env.REAL_CLUSTER_STATE;
  if (!state || !fs.existsSync(path.join(state, 'admin.kubeconfig'))) {
    throw new Error(
      'The real-cluster tier is not running: start it with `scripts/portal cluster up` and source ' +
        '.data/real-cluster/env.sh, or run `node packages/real-cluster/scripts/test-real.mjs`.',
    );
  }
  const read = (f: string) => fs.readFileSync(path.join(state, f), 'utf8');
  const tokenOf = (kubeconfig: string) => parse(kubeconfig).users[0].user.token as string;
  const admin = read('admin.kubeconfig');
  const portal = read('portal.kubeconfig');
  const restricted = read('portal-restricted.kubeconfig');
  const caCert = read('pki/ca.crt');
  return {
    state,
    url: process.env.REAL_CLUSTER_URL!,
    etcd: process.env.REAL_CLUSTER_ETCD!,
    caCert,
    caData: Buffer.from(caCert).toString('base64'),
    adminKubeconfig: admin,
    adminToken: tokenOf(admin),
    portalToken: tokenOf(portal),
    restrictedToken: tokenOf(restricted),
    helmController: fs.existsSync(path.join(state, 'pids', 'helm-controller.pid')),
    /** cluster.sh with the tier's settings. */
    script: (...args: string[]) =>
      execFileSync(path.resolve(__dirname, '..', '..', 'scripts', 'cluster.sh'), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
  };
}

export type RealCluster = ReturnType<typeof realCluster>;

/** kubectl as admin on the tier; returns stdout. */
export function kubectl(rc: RealCluster, args: string[], input?: string): string {
  return execFileSync('kubectl', ['--kubeconfig', path.join(rc.state, 'admin.kubeconfig'), ...args], {
    encoding: 'utf8',
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export interface RawResponse {
  code: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json?: any;
}

/** One HTTP request to an API server (real or kube-sim), with a bearer token. */
export function raw(
  server: { url: string; caCert?: string },
  token: string,
  method: string,
  urlPath: string,
  body?: unknown,
  contentType = 'application/json',
  timeoutMs = 15_000,
): Promise<RawResponse> {
  const url = new URL(urlPath, server.url);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method,
        ca: server.caCert,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': contentType } : {}),
        },
        timeout: timeoutMs,
      },
      res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', c => {
          text += c;
        });
        res.on('end', () => {
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ code: res.statusCode ?? 0, headers: res.headers, body: text, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath}: timed out`)));
    req.on('error', reject);
    let payload: string | undefined;
    if (typeof body === 'string') payload = body;
    else if (body !== undefined) payload = JSON.stringify(body);
    req.end(payload);
  });
}

/** The events of a watch, read until `until` returns true, the stream ends, or `ms` pass. */
export function watchEvents(
  server: { url: string; caCert?: string },
  token: string,
  urlPath: string,
  until: (events: any[]) => boolean,
  ms = 20_000,
): Promise<any[]> {
  const url = new URL(urlPath, server.url);
  return new Promise((resolve, reject) => {
    const events: any[] = [];
    let buffer = '';
    // Set once below; the stream callbacks above it clear it.
    // eslint-disable-next-line prefer-const
    let timer: ReturnType<typeof setTimeout> | undefined;
    const req = https.request(url, { method: 'GET', ca: server.caCert, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }, res => {
      if (res.statusCode !== 200) {
        let text = '';
        res.on('data', c => {
          text += c;
        });
        res.on('end', () => reject(new Error(`watch ${urlPath}: HTTP ${res.statusCode} ${text}`)));
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        buffer += c;
        for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
          const line = buffer.slice(0, i).trim();
          buffer = buffer.slice(i + 1);
          if (line) events.push(JSON.parse(line));
        }
        if (until(events)) {
          clearTimeout(timer);
          req.destroy();
          resolve(events);
        }
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve(events);
      });
    });
    timer = setTimeout(() => {
      req.destroy();
      resolve(events);
    }, ms);
    req.on('error', e => {
      if (!until(events)) reject(e);
    });
    req.end();
  });
}

/** Polls `check` until it stops throwing; rethrows its last error after `ms`. */
export async function eventually<T>(check: () => T | Promise<T>, ms = 60_000, every = 250): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise(r => setTimeout(r, every));
    }
  }
}

/** A Ready condition's status of an object as the admin sees it. */
export function conditionOf(o: any, type: string): any {
  return (o?.status?.conditions ?? []).find((c: any) => c.type === type);
}
