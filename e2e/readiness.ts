/**
 * What "the portal is ready" means for the end-to-end tests, checked over
 * HTTP as a browser would see it: the backend is up, the app is served, the
 * catalog has ingested and stitched what the tests open, the simulated
 * cluster is connected and its `degraded` scenario shows. Each condition is
 * polled until it holds (no fixed sleeps); the whole wait has one deadline.
 */

/** Everything the specs open, from catalog-info.yaml, templates/ and gitops/. */
const ENTITIES = [
  'domain:default/mlops-platform',
  'system:default/orchestration',
  'component:default/airflow',
  'component:default/minio-operator',
  'component:default/strimzi-operator',
  'component:default/mlflow',
  'resource:default/mlops-kafka',
  'group:default/platform-team',
  'group:default/data-team',
  'user:default/alex',
  'user:default/dana',
  'user:default/sam',
  'user:default/morgan',
  'template:default/new-platform-component',
  'template:default/new-ml-project',
];

interface Options {
  /** Overall deadline; default PORTAL_READY_TIMEOUT_S or 15 minutes. */
  timeoutMs?: number;
  log?: (message: string) => void;
}

export async function waitForPortal(baseURL: string, options: Options = {}) {
  const timeoutMs =
    options.timeoutMs ?? Number(process.env.PORTAL_READY_TIMEOUT_S ?? 900) * 1000;
  const log = options.log ?? (() => {});
  const started = Date.now();
  const deadline = started + timeoutMs;
  const base = baseURL.replace(/\/$/, '');
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

  /** Polls `check` until it returns a value; its last error says why not. */
  async function until<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
    let last = 'not yet';
    for (;;) {
      try {
        const value = await check();
        if (value !== undefined) {
          log(`${what}: ok after ${elapsed()}`);
          return value;
        }
      } catch (e) {
        last = (e as Error).message;
      }
      if (Date.now() > deadline) {
        throw new Error(`the portal at ${base} was not ready after ${timeoutMs / 1000} s: ${what} (${last})`);
      }
      await new Promise(r => setTimeout(r, 1000));
    }
  }
  const get = async (path: string, token?: string) => {
    const res = await fetch(`${base}${path}`, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
    return res;
  };

  await until('backend readiness', async () =>
    (await get('/.backstage/health/v1/readiness')) ? true : undefined,
  );

  await until('the app, served by the backend', async () => {
    const html = await (await get('/')).text();
    const script = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
    if (!script) throw new Error('no <script src> in the page');
    await get(script.startsWith('http') ? new URL(script).pathname : script);
    return true;
  });

  const token = await until('guest sign-in', async () => {
    const res = await fetch(`${base}/api/auth/guest/refresh`, {
      method: 'POST',
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    if (!res.ok) throw new Error(`guest refresh: ${res.status}`);
    return (await res.json()).backstageIdentity.token as string;
  });

  await until(`the catalog (${ENTITIES.length} entities, stitched)`, async () => {
    const res = await fetch(`${base}/api/catalog/entities/by-refs`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ entityRefs: ENTITIES }),
    });
    if (!res.ok) throw new Error(`by-refs: ${res.status}`);
    const { items } = (await res.json()) as { items: Array<{ relations?: Array<{ type: string; targetRef: string }> } | null> };
    const missing = ENTITIES.filter((_, i) => !items[i]);
    if (missing.length) throw new Error(`missing ${missing.join(', ')}`);
    // Relations appear when the catalog has stitched: the Group pages and
    // the platform page read them.
    const airflow = items[ENTITIES.indexOf('component:default/airflow')]!;
    if (!airflow.relations?.some(r => r.type === 'ownedBy' && r.targetRef === 'group:default/data-team')) {
      throw new Error('airflow not stitched yet');
    }
    return true;
  });

  await until('the simulated cluster, connected, with the degraded scenario', async () => {
    const overview = await (await get('/api/mlops/overview', token)).json();
    const cluster = overview.clusters?.find((c: { name: string }) => c.name === 'mlops-sim');
    if (cluster?.connection !== 'connected') throw new Error(`mlops-sim is ${cluster?.connection ?? 'missing'}`);
    const airflow = overview.layers
      ?.flatMap((l: { entities: Array<{ entityRef: string; status: string }> }) => l.entities)
      .find((e: { entityRef: string }) => e.entityRef === 'component:default/airflow');
    if (airflow?.status !== 'Failed') throw new Error(`airflow is ${airflow?.status ?? 'not in the overview'}`);
    return true;
  });
  log(`portal ready after ${elapsed()}`);
}
