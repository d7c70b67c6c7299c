import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startKubeSim, type KubeSim } from '@mlops-portal/kube-sim';
import { CANARIES } from './canaries';

/** The repository root (this package only runs from source). */
// eslint-disable-next-line no-restricted-syntax
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** The local users of app-config.yaml, by short name. */
export const USERS = ['alex', 'dana', 'sam', 'morgan'] as const;
export type UserName = (typeof USERS)[number];

/** One HTTP answer, read whole. */
export interface Answer {
  status: number;
  text: string;
  json?: any;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Polls `fn` until it returns a truthy value; the wait is the condition, the limit only a guard. */
export async function waitFor<T>(
  fn: () => Promise<T | undefined | false>,
  what: string,
  limitMs = 300_000,
): Promise<T> {
  const deadline = Date.now() + limitMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(500);
  }
  throw new Error(
    `gave up after ${limitMs / 1000} s waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`,
  );
}

/**
 * The portal as an attacker meets it: the real backend process (its local
 * defaults from app-config.yaml, development mode, the real permission policy,
 * SQLite), a simulated cluster serving the reference platform, a local GitOps
 * repository seeded from gitops/, and a throwaway data folder. Secrets the
 * backend holds are canaries, so any response or log line that carries one is
 * a leak.
 */
export class Portal {
  private output = '';
  private readonly tokens = new Map<UserName, string>();

  private constructor(
    readonly baseUrl: string,
    /** Everything the backend may write: SQLite, the GitOps remote, ML project repos, scaffolder workspaces. */
    readonly dataDir: string,
    /** Where attack payloads would leave their marker files (outside the data folder). */
    readonly markerDir: string,
    readonly sim: KubeSim,
    private readonly backend: ChildProcess,
  ) {
    // Also on disk, for whoever investigates a failed run.
    const logFile = fs.createWriteStream(path.join(dataDir, 'backend.log'));
    const keep = (d: Buffer) => {
      this.output += d;
      logFile.write(d);
    };
    backend.stdout!.on('data', keep);
    backend.stderr!.on('data', keep);
  }

  /**
   * Starts it all. `readableHosts`: hosts (host:port) the backend may read
   * catalog files from, as an attacker's repository host would be.
   */
  static async start(options: { readableHosts?: string[] } = {}): Promise<Portal> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attack-suite-data-'));
    const markerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attack-suite-markers-'));
    seedGitopsRemote(path.join(dataDir, 'gitops-remote.git'));
    fs.mkdirSync(path.join(dataDir, 'sqlite'), { recursive: true });
    fs.mkdirSync(path.join(dataDir, 'work'), { recursive: true });

    const sim = await startKubeSim({
      gitopsDir: path.join(REPO_ROOT, 'gitops'),
      scenario: 'degraded',
      port: 0,
    });
    const port = await freePort();
    const override = path.join(dataDir, 'app-config.attack.yaml');
    fs.writeFileSync(
      override,
      [
        'backend:',
        `  baseUrl: http://localhost:${port}`,
        '  listen:',
        `    port: ${port}`,
        // Scaffolder workspaces inside the data folder, so "nothing written
        // outside the workspace" can be checked file by file.
        `  workingDirectory: ${JSON.stringify(path.join(dataDir, 'work'))}`,
        '  reading:',
        '    allow:',
        ...(options.readableHosts ?? []).map(h => `      - host: ${JSON.stringify(h)}`),
        '',
      ].join('\n'),
    );
    const yarn = fs
      .readdirSync(path.join(REPO_ROOT, '.yarn', 'releases'))
      .find(f => /^yarn-.*\.cjs$/.test(f));
    const backend = spawn(
      process.execPath,
      [
        path.join(REPO_ROOT, '.yarn', 'releases', yarn!),
        'workspace',
        'backend',
        'backstage-cli',
        'package',
        'start',
        '--config',
        '../../app-config.yaml',
        '--config',
        override,
      ],
      {
        cwd: REPO_ROOT,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          PORTAL_BACKEND_PORT: String(port),
          PORTAL_DATA_DIR: dataDir,
          KUBE_SIM_URL: sim.url,
          KUBE_SIM_TOKEN: sim.token,
          KUBE_SIM_CA_DATA: sim.clusters[0].caData ?? '',
          GITHUB_TOKEN: CANARIES.githubToken,
          // The backend's own secret, so a leak of it is detectable too.
          BACKEND_SECRET: CANARIES.backendSecret,
          NODE_ENV: 'development',
          LOG_LEVEL: 'info',
          FORCE_COLOR: '0',
        },
      },
    );
    const portal = new Portal(`http://localhost:${port}`, dataDir, markerDir, sim, backend);
    try {
      await portal.ready();
    } catch (e) {
      await portal.stop();
      throw new Error(`${(e as Error).message}\n--- backend output (tail) ---\n${portal.logTail(80)}`);
    }
    return portal;
  }

  /** Backend up, users signed in, catalog ingested, cluster objects linked to their owners. */
  private async ready(): Promise<void> {
    await waitFor(async () => {
      if (this.backend.exitCode !== null) {
        throw new Error(`the backend exited with ${this.backend.exitCode}`);
      }
      const r = await fetch(`${this.baseUrl}/.backstage/health/v1/readiness`);
      return r.ok;
    }, 'backend readiness');
    for (const user of USERS) {
      const token = await waitFor(async () => {
        const r = await fetch(`${this.baseUrl}/api/auth/localUsers/refresh`, {
          headers: { 'x-local-user': `user:default/${user}`, 'X-Requested-With': 'XMLHttpRequest' },
        });
        return r.ok ? ((await r.json()).backstageIdentity.token as string) : undefined;
      }, `sign-in as ${user}`);
      this.tokens.set(user, token);
    }
    // The status API knows who owns airflow once the catalog has ingested
    // gitops/ and the MLOps entity index has read it.
    await waitFor(async () => {
      const r = await this.request('alex', 'GET', '/api/mlops/objects/mlops-sim/HelmRelease/orchestration/airflow');
      return r.status === 200 && r.json?.entityRef ? true : undefined;
    }, 'the airflow HelmRelease linked to its catalog entity');
  }

  token(user: UserName): string {
    const t = this.tokens.get(user);
    if (!t) throw new Error(`no token for ${user}`);
    return t;
  }

  /** An HTTP request as `user` (or anonymous with `null`). */
  async request(
    user: UserName | null,
    method: string,
    urlPath: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const h: Record<string, string> = { ...headers };
    if (user) h.Authorization = `Bearer ${this.token(user)}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['Content-Type'] ??= 'application/json';
    }
    const send = () => fetch(`${this.baseUrl}${urlPath}`, { method, headers: h, body: payload });
    let r: Response;
    try {
      r = await send();
    } catch (e) {
      // A keep-alive connection the server closed just as it was reused
      // (undici: "other side closed"): sent once more on a new connection. A
      // backend that really went away fails again, and the final checks
      // require it alive.
      if ((e as any)?.cause?.code !== 'UND_ERR_SOCKET') throw e;
      r = await send();
    }
    const text = await r.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: r.status, text, json };
  }

  /** Everything the backend printed so far. */
  log(): string {
    return this.output;
  }

  logTail(lines: number): string {
    return this.output.split('\n').slice(-lines).join('\n');
  }

  /** The backend process is still running. */
  alive(): boolean {
    return this.backend.exitCode === null;
  }

  async stop(): Promise<void> {
    if (this.backend.exitCode === null && this.backend.pid) {
      const exited = new Promise(r => this.backend.once('exit', r));
      try {
        process.kill(-this.backend.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await Promise.race([exited, sleep(15_000)]);
      try {
        process.kill(-this.backend.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await this.sim.stop();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
    fs.rmSync(this.markerDir, { recursive: true, force: true });
  }
}

/** The local GitOps "remote" the templates push change branches to, seeded from gitops/. */
function seedGitopsRemote(bare: string): void {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, { cwd, stdio: 'pipe', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  git(os.tmpdir(), 'init', '--quiet', '--bare', '--initial-branch=main', bare);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'attack-suite-seed-'));
  try {
    git(work, 'init', '--quiet', '--initial-branch=main');
    fs.cpSync(path.join(REPO_ROOT, 'gitops'), path.join(work, 'gitops'), { recursive: true });
    git(work, 'add', '-A');
    git(work, '-c', 'user.name=Attack Suite', '-c', 'user.email=attack-suite@invalid', 'commit', '--quiet', '-m', 'seed');
    git(work, 'push', '--quiet', bare, 'main');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
