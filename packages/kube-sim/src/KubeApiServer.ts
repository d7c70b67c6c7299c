import { z } from 'zod';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { ObjectStore, StoreError, StoreEvent, StoredObject, kubeTime } from './ObjectStore';
import {
  RESOURCE_TYPES,
  RESOURCE_VERBS,
  ResourceType,
  apiVersionOf,
  findTypeByKind,
  findTypeByPath,
} from './resources';
import {
  ObjectPredicate,
  SelectorError,
  compileFieldSelector,
  compileLabelSelector,
} from './selectors';
import { PatchError, applyPatch } from './patch';
import { TokenSpec, isAllowed, readsSecretData } from './auth';
import {
  Faults,
  FaultsUpdate,
  NO_FAULTS,
  describeZodError,
  faultsUpdateSchema,
} from './faults';
import { KubeStatusError, StatusBody, deletedStatus, kubeError, resourceDetails, statusBody } from './statusBody';
import { invalidName } from './validation';
import { toTable, wantsTable } from './tables';
import { OPENAPI_V3_ROOT, openapiV3Document } from './openapi';

/** Hooks the admin endpoint calls into the simulated controllers. @public */
export interface AdminHooks {
  /** Moves every time-driven object (Spark runs, retrying releases) one step on. */
  advance(): void;
  /** Moves every time-driven object to its final state. */
  settle(): void;
  /**
   * helm-controller correcting (or failing to correct) a HelmRelease's
   * cluster drift: records its `DriftCorrected` / `DriftCorrectionFailed`
   * Event and returns it; undefined when there is no such HelmRelease.
   */
  helmDrift?(input: HelmDriftInput): unknown;
}

/** Body of `POST /_sim/helm-drift`. @public */
export const helmDriftInputSchema = z.object({
  namespace: z.string().min(1),
  name: z.string().min(1),
  /** `corrected`: a `DriftCorrected` event; `failed`: `DriftCorrectionFailed`. */
  outcome: z.enum(['corrected', 'failed']),
  /** What was corrected, as helm-controller lists it (`Kind/namespace/name`); default: the release's Deployment. */
  objects: z.array(z.string().min(1).max(300)).max(50).optional(),
  /** Why the correction failed (outcome `failed`). */
  error: z.string().max(2000).optional(),
});
/** @public */
export type HelmDriftInput = z.infer<typeof helmDriftInputSchema>;

/** Options of one simulated API server. @public */
export interface KubeApiServerOptions {
  name: string;
  store: ObjectStore;
  tokens: TokenSpec[];
  hooks?: AdminHooks;
  /** PEM cert and key: serve HTTPS. */
  tls?: { cert: string; key: string };
  /** How often a watch with `allowWatchBookmarks` gets a BOOKMARK (ms). Default 60 000, like the real server. */
  bookmarkIntervalMs?: number;
  /** Watches without `timeoutSeconds` end after this (s). Default 1800 (the server's minRequestTimeout). */
  defaultWatchTimeoutSeconds?: number;
}

interface WatchConn {
  res: http.ServerResponse;
  close: () => void;
  /** Writes what was held back while the cluster was hanging. */
  flush: () => void;
}

const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-kube-sim',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.4',
  compiler: 'gc',
  platform: 'linux/amd64',
};

function buildDiscovery() {
  const lists = new Map<string, string>();
  const groups = new Map<string, any>();
  const byGv = new Map<string, ResourceType[]>();
  for (const t of RESOURCE_TYPES) {
    const gv = apiVersionOf(t);
    if (!byGv.has(gv)) byGv.set(gv, []);
    byGv.get(gv)!.push(t);
    if (t.group) {
      const g = groups.get(t.group) ?? { name: t.group, versions: [] as any[] };
      if (!g.versions.some((v: any) => v.version === t.version)) {
        g.versions.push({ groupVersion: gv, version: t.version });
      }
      g.preferredVersion = g.versions[0];
      groups.set(t.group, g);
    }
  }
  for (const [gv, types] of byGv) {
    const resources: any[] = [];
    for (const t of types) {
      resources.push({
        name: t.plural,
        singularName: t.singular,
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: RESOURCE_VERBS,
        ...(t.shortNames ? { shortNames: t.shortNames } : {}),
        ...(t.categories ? { categories: t.categories } : {}),
      });
      if (t.status) {
        resources.push({
          name: `${t.plural}/status`,
          singularName: '',
          namespaced: t.namespaced,
          kind: t.kind,
          verbs: ['get', 'patch', 'update'],
        });
      }
    }
    lists.set(gv, JSON.stringify({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources }));
  }
  const groupList = JSON.stringify({ kind: 'APIGroupList', apiVersion: 'v1', groups: [...groups.values()] });
  return { lists, groups, groupList };
}

const DISCOVERY = buildDiscovery();
const RESOURCE_LISTS = DISCOVERY.lists;
const GROUPS = DISCOVERY.groups;
const API_GROUP_LIST_JSON = DISCOVERY.groupList;

const JSON_CT = 'application/json';

function parseIntParam(v: string | null, field: string): number | undefined {
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    throw kubeError(400, 'BadRequest', `invalid value for ${field}: "${v}"`);
  }
  return n;
}

function encodeContinue(rv: number, lastKey: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: lastKey })).toString('base64url');
}

function decodeContinue(token: string): { rv: number; start: string } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed.rv === 'number' && typeof parsed.start === 'string') {
      return parsed;
    }
  } catch {
    // fall through
  }
  throw kubeError(400, 'BadRequest', 'continue key is not valid: invalid continue token');
}

function resourceName(t: ResourceType): string {
  return t.group ? `${t.plural}.${t.group}` : t.plural;
}

function stripSecret(obj: any): any {
  const { data: _d, stringData: _s, ...rest } = obj;
  return rest;
}

/**
 * A simulated Kubernetes API server for one cluster, over real HTTP(S):
 * discovery, list/get/watch/patch/create/update/delete on the registered
 * resource types, bearer-token authorization, run-time faults, and the
 * `/_sim` admin endpoints.
 * @public
 */
export class KubeApiServer {
  private server?: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly watches = new Set<WatchConn>();
  /** List-item JSON of built-in objects (no apiVersion/kind), per stored version. */
  private readonly itemJson = new WeakMap<StoredObject, string>();
  /** Sockets serving a `/_sim` request right now: faults leave them alone. */
  private readonly adminSockets = new Set<Socket>();
  private faults: Faults = { ...NO_FAULTS };
  private errorCounter = 0;
  private requests = 0;
  private readonly tokens = new Map<string, TokenSpec>();
  private url?: string;

  constructor(private readonly options: KubeApiServerOptions) {
    for (const t of options.tokens) this.tokens.set(t.token, t);
  }

  /** Listens on 127.0.0.1 (port 0: a free port). Returns the base URL. */
  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      this.handle(req, res).catch(err => this.writeError(res, err));
    };
    const server = this.options.tls
      ? https.createServer(
          { cert: this.options.tls.cert, key: this.options.tls.key },
          handler,
        )
      : http.createServer(handler);
    server.keepAliveTimeout = 30_000;
    // One entry per client connection: the TLS socket for HTTPS (after the
    // handshake), the TCP socket for plain HTTP. `unreachable: close` is
    // applied per request (in handle), not per connection, so that `/_sim`
    // stays reachable to lift the fault.
    const track = (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => {
        this.sockets.delete(socket);
        this.adminSockets.delete(socket);
      });
    };
    if (this.options.tls) server.on('secureConnection', track);
    else server.on('connection', track);
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const addr = server.address() as AddressInfo;
    this.url = `${this.options.tls ? 'https' : 'http'}://${host}:${addr.port}`;
    return this.url;
  }

  /** Stops listening and closes every connection. */
  async close(): Promise<void> {
    for (const w of [...this.watches]) w.close();
    const server = this.server;
    if (!server) return;
    await new Promise<void>(resolve => {
      server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
    this.server = undefined;
  }

  /** The current faults. */
  getFaults(): Faults {
    return structuredClone(this.faults);
  }

  /** Merges a faults update (validated). Throws a 422 KubeStatusError naming bad fields. */
  setFaults(update: FaultsUpdate | unknown): Faults {
    const parsed = faultsUpdateSchema.safeParse(update);
    if (!parsed.success) {
      throw kubeError(422, 'Invalid', `invalid faults: ${describeZodError(parsed.error)}`);
    }
    const { dropWatchesNow, compactNow, ...rest } = parsed.data;
    this.faults = { ...this.faults, ...rest };
    if (this.faults.unreachable !== 'hang') for (const w of this.watches) w.flush();
    if (compactNow) this.options.store.compact();
    if (dropWatchesNow) this.dropWatches();
    if (this.faults.unreachable === 'close') {
      // Every API connection is reset; the control endpoint's are exempt
      // (including the one asking for this fault, which still gets its answer).
      for (const s of this.sockets) if (!this.adminSockets.has(s)) s.destroy();
    }
    return this.getFaults();
  }

  /** Back to no faults. */
  resetFaults(): Faults {
    this.faults = { ...NO_FAULTS };
    for (const w of this.watches) w.flush();
    return this.getFaults();
  }

  /** Closes every open watch connection (clients see the stream end). */
  dropWatches(): number {
    const n = this.watches.size;
    for (const w of [...this.watches]) w.close();
    return n;
  }

  /** Number of open watch connections. */
  watchCount(): number {
    return this.watches.size;
  }

  /**
   * Number of open client connections (watches, requests in flight, idle
   * keep-alive ones, `/_sim` ones): after a fault ends, a client that leaks
   * nothing is back to about one connection per watch.
   */
  connectionCount(): number {
    return this.sockets.size;
  }

  /** API requests answered or refused so far (not counting `/_sim`), e.g. to show caches keep it flat. */
  requestCount(): number {
    return this.requests;
  }

  private writeJson(res: http.ServerResponse, code: number, body: string) {
    if (res.headersSent) {
      res.end();
      return;
    }
    res.writeHead(code, {
      'Content-Type': JSON_CT,
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-cache, private',
    });
    res.end(body);
  }

  private writeStatus(res: http.ServerResponse, body: StatusBody) {
    this.writeJson(res, body.code, JSON.stringify(body));
  }

  private writeError(res: http.ServerResponse, err: unknown) {
    if (err instanceof KubeStatusError) {
      this.writeStatus(res, err.body);
    } else if (err instanceof StoreError) {
      this.writeStatus(res, statusBody(err.code, err.reason, err.message, err.details));
    } else if (err instanceof SelectorError) {
      this.writeStatus(res, statusBody(400, 'BadRequest', err.message));
    } else if (err instanceof PatchError) {
      this.writeStatus(
        res,
        statusBody(err.code, err.code === 400 ? 'BadRequest' : 'Invalid', err.message),
      );
    } else {
      this.writeStatus(
        res,
        statusBody(500, 'InternalError', `Internal error occurred: ${String((err as Error)?.message ?? err)}`),
      );
    }
  }

  private authenticate(req: http.IncomingMessage): TokenSpec {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    const spec = m ? this.tokens.get(m[1].trim()) : undefined;
    if (!spec) throw kubeError(401, 'Unauthorized', 'Unauthorized');
    return spec;
  }

  private async readBody(req: http.IncomingMessage): Promise<any> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (!text) throw kubeError(400, 'BadRequest', 'the request body is empty');
    try {
      return JSON.parse(text);
    } catch (e) {
      throw kubeError(400, 'BadRequest', `the body of the request was in an unknown format - accepted media types include: application/json: ${(e as Error).message}`);
    }
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://sim');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path.startsWith('/_sim')) {
      const socket = req.socket;
      this.adminSockets.add(socket);
      res.on('close', () => this.adminSockets.delete(socket));
      await this.handleAdmin(req, res, path);
      return;
    }
    this.requests++;
    if (this.faults.unreachable === 'hang') {
      // Never answer: the client's own timeout has to catch this.
      return;
    }
    if (this.faults.unreachable === 'close') {
      req.socket.destroy();
      return;
    }
    if (path === '/healthz' || path === '/readyz' || path === '/livez') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (path === '/version') {
      this.writeJson(res, 200, JSON.stringify(VERSION_INFO));
      return;
    }
    const token = this.authenticate(req);
    if (this.faults.forbiddenTokens.includes(token.token)) {
      throw kubeError(403, 'Forbidden', `forbidden: User "${token.user}" cannot ${req.method?.toLowerCase()} path "${path}"`);
    }
    if (this.faults.latencyMs > 0) {
      await new Promise(r => setTimeout(r, this.faults.latencyMs));
    }
    if (this.faults.errorRate > 0 && Math.random() < this.faults.errorRate) {
      const code = this.faults.errorCodes[this.errorCounter++ % this.faults.errorCodes.length];
      throw code === 503
        ? kubeError(503, 'ServiceUnavailable', 'the server is currently unable to handle the request (simulated fault)')
        : kubeError(500, 'InternalError', 'Internal error occurred: simulated fault');
    }
    if (path === '/openapi/v3') {
      this.writeJson(res, 200, OPENAPI_V3_ROOT);
      return;
    }
    if (path.startsWith('/openapi/v3/')) {
      const doc = openapiV3Document(path.slice('/openapi/v3/'.length));
      if (!doc) throw kubeError(404, 'NotFound', 'the server could not find the requested resource');
      this.writeJson(res, 200, doc);
      return;
    }
    const parts = path.split('/').filter(Boolean);
    if (parts[0] === 'api') {
      if (parts.length === 1) {
        this.writeJson(res, 200, JSON.stringify({
          kind: 'APIVersions',
          versions: ['v1'],
          serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: req.headers.host ?? '' }],
        }));
        return;
      }
      await this.handleResource(req, res, url, token, '', parts[1], parts.slice(2));
      return;
    }
    if (parts[0] === 'apis') {
      if (parts.length === 1) {
        this.writeJson(res, 200, API_GROUP_LIST_JSON);
        return;
      }
      if (parts.length === 2) {
        const g = GROUPS.get(parts[1]);
        if (!g) throw kubeError(404, 'NotFound', 'the server could not find the requested resource');
        this.writeJson(res, 200, JSON.stringify({ kind: 'APIGroup', apiVersion: 'v1', ...g }));
        return;
      }
      await this.handleResource(req, res, url, token, parts[1], parts[2], parts.slice(3));
      return;
    }
    throw kubeError(404, 'NotFound', 'the server could not find the requested resource');
  }

  private async handleAdmin(req: http.IncomingMessage, res: http.ServerResponse, path: string) {
    const token = this.authenticate(req);
    if (!token.admin) {
      throw kubeError(403, 'Forbidden', `forbidden: User "${token.user}" cannot use the simulator's admin endpoint`);
    }
    const method = req.method ?? 'GET';
    if (path === '/_sim/faults') {
      if (method === 'GET') {
        this.writeJson(res, 200, JSON.stringify(this.getFaults()));
      } else if (method === 'POST' || method === 'PATCH') {
        const body = await this.readBody(req);
        this.writeJson(res, 200, JSON.stringify(this.setFaults(body)));
      } else if (method === 'DELETE') {
        this.writeJson(res, 200, JSON.stringify(this.resetFaults()));
      } else {
        throw kubeError(405, 'MethodNotAllowed', `${method} is not supported on ${path}`);
      }
      return;
    }
    if ((path === '/_sim/advance' || path === '/_sim/settle') && method === 'POST') {
      if (path === '/_sim/advance') this.options.hooks?.advance();
      else this.options.hooks?.settle();
      this.writeJson(res, 200, JSON.stringify({ resourceVersion: String(this.options.store.currentRv()) }));
      return;
    }
    if (path === '/_sim/merge-patch' && method === 'POST') {
      // The world changing while the API is faulted (a controller writing,
      // someone with another route in): a merge patch applied to the store
      // directly, as a controller's write would be, so watches see it.
      const body = await this.readBody(req);
      const { apiVersion, kind, namespace, name, patch } = body ?? {};
      const t = typeof apiVersion === 'string' && typeof kind === 'string' ? findTypeByKind(apiVersion, kind) : undefined;
      if (!t) throw kubeError(422, 'Invalid', `merge-patch: unknown apiVersion/kind '${apiVersion}/${kind}'`);
      if (typeof name !== 'string' || !patch || typeof patch !== 'object') {
        throw kubeError(422, 'Invalid', 'merge-patch: name (string) and patch (object) are required');
      }
      const nsKey = t.namespaced ? String(namespace ?? '') : '';
      if (!this.options.store.get(t, nsKey, name)) throw notFound(t, name);
      const stored = this.options.store.update(t, nsKey, name, o => applyPatch(o, 'application/merge-patch+json', patch));
      this.writeJson(res, 200, stored.json);
      return;
    }
    if (path === '/_sim/helm-drift' && method === 'POST') {
      const parsed = helmDriftInputSchema.safeParse(await this.readBody(req));
      if (!parsed.success) {
        const i = parsed.error.issues[0];
        throw kubeError(422, 'Invalid', `helm-drift: ${i.path.join('.') || 'body'}: ${i.message}`);
      }
      if (!this.options.hooks?.helmDrift) throw kubeError(404, 'NotFound', 'helm-drift: this server has no simulated controllers');
      const event = this.options.hooks.helmDrift(parsed.data);
      if (!event) throw kubeError(404, 'NotFound', `helm-drift: helmreleases.helm.toolkit.fluxcd.io "${parsed.data.name}" not found in namespace "${parsed.data.namespace}"`);
      this.writeJson(res, 200, JSON.stringify(event));
      return;
    }
    if (path === '/_sim/info' && method === 'GET') {
      this.writeJson(res, 200, JSON.stringify({
        name: this.options.name,
        objects: this.options.store.size(),
        resourceVersion: String(this.options.store.currentRv()),
        watches: this.watches.size,
        connections: this.sockets.size,
        requests: this.requests,
      }));
      return;
    }
    throw kubeError(404, 'NotFound', `no admin endpoint ${method} ${path}`);
  }

  private authorize(token: TokenSpec, verb: string, t: ResourceType, ns: string | undefined, name?: string) {
    if (isAllowed(token, { verb, group: t.group, plural: t.plural, namespace: ns })) return;
    const what = name ? `${resourceName(t)} "${name}" is forbidden` : `${resourceName(t)} is forbidden`;
    const where = ns ? ` in the namespace "${ns}"` : ' at the cluster scope';
    throw kubeError(
      403,
      'Forbidden',
      `${what}: User "${token.user}" cannot ${verb} resource "${t.plural}" in API group "${t.group}"${where}`,
      resourceDetails(t, name),
    );
  }

  private async handleResource(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    token: TokenSpec,
    group: string,
    version: string,
    rest: string[],
  ) {
    const gv = group ? `${group}/${version}` : version;
    const list = RESOURCE_LISTS.get(gv);
    if (!list) throw kubeError(404, 'NotFound', 'the server could not find the requested resource');
    if (rest.length === 0) {
      this.writeJson(res, 200, list);
      return;
    }
    let ns: string | undefined;
    let plural: string;
    let name: string | undefined;
    let sub: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3 && !(rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize'))) {
      ns = rest[1];
      [plural, name, sub] = rest.slice(2);
    } else {
      [plural, name, sub] = rest;
    }
    const t = findTypeByPath(group, version, plural);
    if (!t) throw kubeError(404, 'NotFound', 'the server could not find the requested resource');
    if (ns !== undefined && !t.namespaced) {
      throw kubeError(404, 'NotFound', 'the server could not find the requested resource');
    }
    if (sub !== undefined && sub !== 'status') {
      throw kubeError(404, 'NotFound', 'the server could not find the requested resource');
    }
    const method = req.method ?? 'GET';
    const watch = url.searchParams.get('watch');
    const isWatch = watch === 'true' || watch === '1';
    if (method === 'GET' && !name) {
      this.authorize(token, isWatch ? 'watch' : 'list', t, ns);
      if (isWatch) this.startWatch(req, res, url, token, t, ns);
      else this.writeList(req, res, url, token, t, ns);
      return;
    }
    const store = this.options.store;
    const nsKey = t.namespaced ? ns ?? '' : '';
    if (method === 'GET' && name) {
      this.authorize(token, 'get', t, ns, name);
      const o = store.get(t, nsKey, name);
      if (!o) throw notFound(t, name);
      if (wantsTable(req.headers.accept)) {
        const table = toTable(t, [this.visibleObject(o, t, token)], { resourceVersion: String(o.rv) }, url.searchParams.get('includeObject') ?? undefined);
        this.writeJson(res, 200, JSON.stringify(table));
        return;
      }
      this.writeJson(res, 200, this.serialize(o, t, token));
      return;
    }
    if (method === 'PATCH' && name) {
      this.authorize(token, 'patch', t, ns, name);
      const contentType = String(req.headers['content-type'] ?? '');
      if (contentType.startsWith('application/apply-patch')) {
        throw kubeError(415, 'UnsupportedMediaType', 'server-side apply is not supported by kube-sim');
      }
      if (t.crd && contentType.startsWith('application/strategic-merge-patch')) {
        // Custom resources have no patch strategy metadata; the real server
        // refuses strategic merge patches for them (kubectl patch needs --type merge).
        throw kubeError(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');
      }
      const patch = await this.readBody(req);
      const current = store.get(t, nsKey, name);
      if (!current) throw notFound(t, name);
      const patched = applyPatch(current.obj, contentType, patch);
      const next = this.restrictToScope(current.obj, patched, sub === 'status');
      if (url.searchParams.get('dryRun')) {
        this.writeJson(res, 200, JSON.stringify(next));
        return;
      }
      const stored = store.update(t, nsKey, name, () => next);
      this.finishDeletion(t, nsKey, stored);
      this.writeJson(res, 200, this.serialize(stored, t, token));
      return;
    }
    if (method === 'PUT' && name) {
      this.authorize(token, 'update', t, ns, name);
      const body = await this.readBody(req);
      if (body?.metadata?.name !== name) {
        throw kubeError(400, 'BadRequest', `the name of the object (${body?.metadata?.name}) does not match the name on the URL (${name})`);
      }
      const current = store.get(t, nsKey, name);
      if (!current) throw notFound(t, name);
      const next = this.restrictToScope(current.obj, body, sub === 'status');
      if (url.searchParams.get('dryRun')) {
        this.writeJson(res, 200, JSON.stringify(next));
        return;
      }
      const stored = store.update(t, nsKey, name, () => next, body.metadata?.resourceVersion);
      this.finishDeletion(t, nsKey, stored);
      this.writeJson(res, 200, this.serialize(stored, t, token));
      return;
    }
    if (method === 'POST' && !name) {
      this.authorize(token, 'create', t, ns);
      const body = await this.readBody(req);
      // Like the real server, a body without apiVersion/kind takes the URL's.
      if (body && typeof body === 'object') {
        body.apiVersion = body.apiVersion ?? apiVersionOf(t);
        body.kind = body.kind ?? t.kind;
      }
      if (body?.kind !== t.kind || body?.apiVersion !== apiVersionOf(t)) {
        throw kubeError(400, 'BadRequest', `the API version in the data (${body?.apiVersion}) or kind (${body?.kind}) does not match the expected ${apiVersionOf(t)} ${t.kind}`);
      }
      if (t.namespaced) {
        if (body.metadata?.namespace && ns && body.metadata.namespace !== ns) {
          throw kubeError(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
        }
        body.metadata = { ...body.metadata, namespace: ns ?? body.metadata?.namespace ?? 'default' };
      }
      const invalid = invalidName(t, body?.metadata?.name);
      if (invalid) throw invalid;
      if (url.searchParams.get('dryRun')) {
        this.writeJson(res, 201, JSON.stringify(body));
        return;
      }
      const stored = store.create(body);
      this.writeJson(res, 201, this.serialize(stored, t, token));
      return;
    }
    if (method === 'DELETE' && name) {
      this.authorize(token, 'delete', t, ns, name);
      const current = store.get(t, nsKey, name);
      if (!current) throw notFound(t, name);
      // Finalizers pending: the object stays, marked for deletion, and is
      // answered as it now is; it goes when its last finalizer is removed.
      if ((current.obj.metadata?.finalizers ?? []).length > 0) {
        const marked = current.obj.metadata.deletionTimestamp
          ? current
          : store.update(t, nsKey, name, o => ({
              ...o,
              metadata: { ...o.metadata, deletionTimestamp: kubeTime(), deletionGracePeriodSeconds: 0 },
            }));
        this.writeJson(res, 200, this.serialize(marked, t, token));
        return;
      }
      const stored = store.delete(t, nsKey, name);
      // Most kinds answer Status Success; a few built-in ones (the real
      // server's ReturnDeletedObject stores) answer the deleted object.
      if (returnsDeletedObject(t)) this.writeJson(res, 200, this.serialize(stored, t, token));
      else this.writeJson(res, 200, JSON.stringify(deletedStatus(t, name, stored.obj.metadata?.uid)));
      return;
    }
    throw kubeError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
  }

  /** An object marked for deletion goes once its last finalizer is removed. */
  private finishDeletion(t: ResourceType, nsKey: string, o: StoredObject) {
    const meta = o.obj.metadata ?? {};
    if (meta.deletionTimestamp && (meta.finalizers ?? []).length === 0) {
      this.options.store.delete(t, nsKey, meta.name);
    }
  }

  /**
   * Writes to the main resource keep the status, and writes to `/status`
   * keep everything but the status, as with a status subresource.
   */
  private restrictToScope(current: any, next: any, statusOnly: boolean): any {
    if (statusOnly) return { ...current, status: next.status };
    const out = { ...next, status: current.status };
    if (current.status === undefined) delete out.status;
    return out;
  }

  private visibleObject(o: StoredObject, t: ResourceType, token: TokenSpec): any {
    return t.kind === 'Secret' && !readsSecretData(token, o.obj) ? stripSecret(o.obj) : o.obj;
  }

  private serialize(o: StoredObject, t: ResourceType, token: TokenSpec): string {
    if (t.kind === 'Secret' && !readsSecretData(token, o.obj)) {
      return JSON.stringify(stripSecret(o.obj));
    }
    return o.json;
  }

  /**
   * An object as a list item: built-in kinds without apiVersion and kind, as
   * the real server writes typed lists (only custom resources, served as
   * unstructured objects, keep them). Cached per stored object version.
   */
  private listItem(o: StoredObject, t: ResourceType, token: TokenSpec): string {
    if (t.crd) return this.serialize(o, t, token);
    if (t.kind === 'Secret' && !readsSecretData(token, o.obj)) {
      const { apiVersion: _a, kind: _k, ...rest } = stripSecret(o.obj);
      return JSON.stringify(rest);
    }
    let json = this.itemJson.get(o);
    if (json === undefined) {
      const { apiVersion: _a, kind: _k, ...rest } = o.obj;
      json = JSON.stringify(rest);
      this.itemJson.set(o, json);
    }
    return json;
  }

  private compileSelectors(url: URL, t: ResourceType): ObjectPredicate | undefined {
    const label = compileLabelSelector(url.searchParams.get('labelSelector') ?? undefined);
    const field = compileFieldSelector(url.searchParams.get('fieldSelector') ?? undefined, t.kind);
    if (label && field) return o => label(o) && field(o);
    return label ?? field;
  }

  private writeList(req: http.IncomingMessage, res: http.ServerResponse, url: URL, token: TokenSpec, t: ResourceType, ns: string | undefined) {
    const store = this.options.store;
    const predicate = this.compileSelectors(url, t);
    const limit = parseIntParam(url.searchParams.get('limit'), 'limit');
    const cont = url.searchParams.get('continue');
    let listRv = store.currentRv();
    let startAfter: string | undefined;
    if (cont) {
      const c = decodeContinue(cont);
      if (c.rv < store.compactedRv(t)) {
        throw kubeError(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
      }
      listRv = c.rv;
      startAfter = c.start;
    }
    const all = store.list(t, ns);
    let i = 0;
    if (startAfter !== undefined) {
      // Keys are sorted (namespace/name): binary search the first key after startAfter.
      let lo = 0;
      let hi = all.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const k = `${all[mid].obj.metadata.namespace ?? ''}/${all[mid].obj.metadata.name}`;
        if (k <= startAfter) lo = mid + 1;
        else hi = mid;
      }
      i = lo;
    }
    const selected: StoredObject[] = [];
    let lastKey = '';
    for (; i < all.length; i++) {
      const o = all[i];
      if (predicate && !predicate(o.obj)) continue;
      if (limit && selected.length >= limit) break;
      selected.push(o);
      lastKey = `${o.obj.metadata.namespace ?? ''}/${o.obj.metadata.name}`;
    }
    let more = false;
    let remaining = 0;
    for (let j = i; j < all.length; j++) {
      if (!predicate || predicate(all[j].obj)) {
        more = true;
        remaining++;
        if (predicate) break;
      }
    }
    const meta: Record<string, unknown> = { resourceVersion: String(listRv) };
    if (more) {
      meta.continue = encodeContinue(listRv, lastKey);
      // The real server only counts when no selector was used.
      if (!predicate) meta.remainingItemCount = remaining;
    }
    if (wantsTable(req.headers.accept)) {
      const table = toTable(t, selected.map(o => this.visibleObject(o, t, token)), meta, url.searchParams.get('includeObject') ?? undefined);
      this.writeJson(res, 200, JSON.stringify(table));
      return;
    }
    const parts = selected.map(o => this.listItem(o, t, token));
    const body = `{"kind":"${t.kind}List","apiVersion":"${apiVersionOf(t)}","metadata":${JSON.stringify(meta)},"items":[${parts.join(',')}]}`;
    this.writeJson(res, 200, body);
  }

  private startWatch(req: http.IncomingMessage, res: http.ServerResponse, url: URL, token: TokenSpec, t: ResourceType, ns: string | undefined) {
    const store = this.options.store;
    const predicate = this.compileSelectors(url, t);
    const rvParam = url.searchParams.get('resourceVersion') ?? '';
    const bookmarks = url.searchParams.get('allowWatchBookmarks') === 'true';
    const sendInitial = url.searchParams.get('sendInitialEvents') === 'true';
    const timeout = parseIntParam(url.searchParams.get('timeoutSeconds'), 'timeoutSeconds') ??
      this.options.defaultWatchTimeoutSeconds ?? 1800;
    let rv: number | undefined;
    if (rvParam !== '' && rvParam !== '0') {
      rv = Number(rvParam);
      if (!Number.isInteger(rv) || rv < 0) {
        throw kubeError(400, 'BadRequest', `invalid resource version "${rvParam}"`);
      }
    }
    res.writeHead(200, {
      'Content-Type': JSON_CT,
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    });
    res.flushHeaders();
    const line = (type: string, json: string) => `{"type":"${type}","object":${json}}\n`;
    const matchesNs = (o: any) => !t.namespaced || ns === undefined || o.metadata?.namespace === ns;
    const visible = (o: any) => matchesNs(o) && (!predicate || predicate(o));
    const table = wantsTable(req.headers.accept);
    const includeObject = url.searchParams.get('includeObject') ?? undefined;
    // With a Table Accept header (kubectl get --watch), every event carries a one-row Table.
    const ser = (o: StoredObject) =>
      table
        ? JSON.stringify(toTable(t, [this.visibleObject(o, t, token)], { resourceVersion: String(o.rv) }, includeObject))
        : this.serialize(o, t, token);
    const eventLine = (e: StoreEvent): string | undefined => {
      const now = visible(e.object.obj);
      const before = e.previous ? visible(e.previous.obj) : false;
      if (e.type === 'ADDED') return now ? line('ADDED', ser(e.object)) : undefined;
      if (e.type === 'DELETED') return before || now ? line('DELETED', ser(e.object)) : undefined;
      if (now && before) return line('MODIFIED', ser(e.object));
      if (now) return line('ADDED', ser(e.object));
      if (before) return line('DELETED', ser(e.object));
      return undefined;
    };
    let lastRv = rv ?? store.currentRv();
    const timers: NodeJS.Timeout[] = [];
    let unsubscribe = () => {};
    // While the cluster hangs, open watches go silent; like TCP after a
    // partition heals, what was held back arrives once it answers again.
    const held: string[] = [];
    const send = (l: string) => {
      if (this.faults.unreachable === 'hang') held.push(l);
      else res.write(held.length ? held.splice(0).join('') + l : l);
    };
    const conn: WatchConn = {
      res,
      flush: () => {
        if (held.length) res.write(held.splice(0).join(''));
      },
      close: () => {
        if (!this.watches.delete(conn)) return;
        unsubscribe();
        for (const tm of timers) clearTimeout(tm);
        res.end();
        // A dropped connection, not a clean end: destroy the socket too.
        res.socket?.destroySoon?.();
      },
    };
    const endCleanly = () => {
      if (!this.watches.delete(conn)) return;
      unsubscribe();
      for (const tm of timers) clearTimeout(tm);
      res.end();
    };
    this.watches.add(conn);
    req.on('close', endCleanly);
    res.on('close', endCleanly);

    if (rv !== undefined && (this.faults.forceGone || store.eventsSince(t, rv) === undefined)) {
      const oldest = store.compactedRv(t);
      res.write(line('ERROR', JSON.stringify(statusBody(410, 'Expired', `too old resource version: ${rv} (${Math.max(oldest, store.currentRv())})`))));
      endCleanly();
      return;
    }
    // Subscribe before replaying so nothing falls between the two.
    const pending: StoreEvent[] = [];
    let replaying = true;
    unsubscribe = store.subscribe(t, e => {
      if (replaying) {
        pending.push(e);
        return;
      }
      const l = eventLine(e);
      lastRv = e.rv;
      if (l) send(l);
    });
    const chunks: string[] = [];
    if (rv === undefined) {
      // No resourceVersion: synthetic ADDED for the current state, then changes.
      for (const o of store.list(t, ns)) {
        if (!predicate || predicate(o.obj)) chunks.push(line('ADDED', ser(o)));
      }
      lastRv = store.currentRv();
      if (sendInitial && bookmarks) {
        chunks.push(line('BOOKMARK', JSON.stringify({
          kind: t.kind,
          apiVersion: apiVersionOf(t),
          metadata: { resourceVersion: String(lastRv), annotations: { 'k8s.io/initial-events-end': 'true' } },
        })));
      }
    } else {
      for (const e of store.eventsSince(t, rv) ?? []) {
        const l = eventLine(e);
        lastRv = e.rv;
        if (l) chunks.push(l);
      }
    }
    for (const e of pending) {
      if (e.rv <= lastRv) continue;
      const l = eventLine(e);
      lastRv = e.rv;
      if (l) chunks.push(l);
    }
    replaying = false;
    if (chunks.length) res.write(chunks.join(''));

    if (bookmarks) {
      const interval = this.options.bookmarkIntervalMs ?? 60_000;
      const tick = () => {
        send(line('BOOKMARK', JSON.stringify({
          kind: t.kind,
          apiVersion: apiVersionOf(t),
          metadata: { resourceVersion: String(Math.max(lastRv, store.currentRv())) },
        })));
        timers.push(setTimeout(tick, interval));
      };
      timers.push(setTimeout(tick, interval));
    }
    timers.push(setTimeout(endCleanly, timeout * 1000));
    if (this.faults.dropWatchesAfterMs > 0) {
      timers.push(setTimeout(() => conn.close(), this.faults.dropWatchesAfterMs));
    }
  }
}

/**
 * Built-in kinds whose DELETE answers the deleted object, as kube-apiserver's
 * stores with ReturnDeletedObject (pkg/registry/core/{namespace,pod,service,
 * serviceaccount,persistentvolumeclaim,resourcequota}/storage).
 */
const RETURNS_DELETED_OBJECT = new Set(['Namespace', 'Pod', 'Service', 'ServiceAccount', 'PersistentVolumeClaim', 'ResourceQuota']);

function returnsDeletedObject(t: ResourceType): boolean {
  return t.group === '' && RETURNS_DELETED_OBJECT.has(t.kind);
}

function notFound(t: ResourceType, name: string) {
  return kubeError(404, 'NotFound', `${resourceName(t)} "${name}" not found`, resourceDetails(t, name));
}
