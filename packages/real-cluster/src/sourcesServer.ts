import http from 'node:http';
import path from 'node:path';
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import { AddressInfo } from 'node:net';

/** Options of {@link startSourcesServer}. @public */
export interface SourcesServerOptions {
  /** Port on 127.0.0.1 (0: a free one). */
  port: number;
  /** Git repositories served read-only: name (served as `/git/<name>.git`) → bare repository folder. */
  repos: Record<string, string>;
  /** Folder with `index.yaml` and the packaged charts, served under `/charts/`. */
  chartsDir?: string;
}

/** A running sources server. @public */
export interface SourcesServer {
  url: string;
  close(): Promise<void>;
}

const REPO_NAME = /^[a-z0-9][a-z0-9._-]*$/;
const CHART_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.tgz$/;
// What a fetch needs from git's smart HTTP protocol; pushes are refused
// (changes reach the repository through the portal, not over HTTP).
const GIT_PATH = /^\/git\/([^/]+)\.git(\/info\/refs|\/git-upload-pack|\/HEAD)$/;

function send(res: http.ServerResponse, code: number, text: string) {
  res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}

/** Runs `git http-backend` as a CGI program for one request (body buffered, at most 64 MiB). */
function gitHttpBackend(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  repoDir: string,
  pathInfo: string,
  query: string,
) {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > 64 * 1024 * 1024) {
      req.destroy();
      return;
    }
    chunks.push(c);
  });
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const child = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        GIT_PROJECT_ROOT: path.dirname(repoDir),
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: `/${path.basename(repoDir)}${pathInfo}`,
        QUERY_STRING: query,
        REQUEST_METHOD: req.method ?? 'GET',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        CONTENT_LENGTH: String(body.length),
        HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
        GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
        REMOTE_ADDR: '127.0.0.1',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let head = Buffer.alloc(0);
    let headersDone = false;
    child.stdout.on('data', (c: Buffer) => {
      if (headersDone) {
        res.write(c);
        return;
      }
      head = Buffer.concat([head, c]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      headersDone = true;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
        const i = line.indexOf(':');
        if (i < 0) continue;
        const k = line.slice(0, i).trim();
        const v = line.slice(i + 1).trim();
        if (k.toLowerCase() === 'status') status = Number(v.split(' ')[0]) || 500;
        else headers[k] = v;
      }
      res.writeHead(status, headers);
      res.write(head.subarray(end + 4));
    });
    let stderr = '';
    child.stderr.on('data', c => {
      stderr += c;
    });
    child.on('close', code => {
      if (!headersDone) send(res, 500, `git http-backend failed (${code}): ${stderr.trim()}`);
      else res.end();
    });
    // git may exit before reading all of the request (a client that hung
    // up, a refused request): its exit code and stderr answer then, and an
    // EPIPE on its stdin must not take the whole server down (it did, in a
    // test run of this tier).
    child.stdin.on('error', () => {});
    child.stdin.end(body);
  });
}

/**
 * The real-cluster tier's local sources, on 127.0.0.1: Git repositories over
 * smart HTTP (read-only, through git's own http-backend) for
 * source-controller's GitRepository, and a static Helm chart repository for
 * its HelmRepository. Only names it was given are served; nothing from a
 * request path reaches the file system unchecked.
 * @public
 */
export async function startSourcesServer(options: SourcesServerOptions): Promise<SourcesServer> {
  for (const [name, dir] of Object.entries(options.repos)) {
    if (!REPO_NAME.test(name)) throw new TypeError(`repos: invalid repository name '${name}'`);
    if (!fs.existsSync(path.join(dir, 'HEAD'))) throw new TypeError(`repos.${name}: '${dir}' is not a bare Git repository`);
  }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const git = GIT_PATH.exec(url.pathname);
    if (git) {
      const dir = Object.hasOwn(options.repos, git[1]) ? options.repos[git[1]] : undefined;
      if (!dir) return send(res, 404, 'no such repository');
      const service = url.searchParams.get('service');
      if (service !== null && service !== 'git-upload-pack') return send(res, 403, 'read-only: only git-upload-pack is served');
      if (req.method !== 'GET' && !(req.method === 'POST' && git[2] === '/git-upload-pack')) return send(res, 405, 'method not allowed');
      return gitHttpBackend(req, res, dir, git[2], url.search.slice(1));
    }
    if (options.chartsDir && url.pathname.startsWith('/charts/') && req.method === 'GET') {
      const file = url.pathname.slice('/charts/'.length);
      if (file !== 'index.yaml' && !CHART_FILE.test(file)) return send(res, 404, 'not found');
      const full = path.join(options.chartsDir, file);
      if (!fs.existsSync(full)) return send(res, 404, 'not found');
      res.writeHead(200, { 'content-type': file === 'index.yaml' ? 'text/yaml' : 'application/gzip' });
      fs.createReadStream(full).pipe(res);
      return undefined;
    }
    if (url.pathname === '/healthz') return send(res, 200, 'ok');
    return send(res, 404, 'not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
