import https from 'node:https';
import { KubeConfig, Watch } from '@kubernetes/client-node';
import {
  ObjectStore,
  SimController,
  RESOURCE_TYPES,
  loadScenario,
  type ResourceType,
  type StoreEvent,
} from '@mlops-portal/kube-sim';

/**
 * The operators' custom resources whose status the stand-in operator writes:
 * Strimzi, MinIO, Spark, Flink and the Prometheus operator. Their real
 * operators are Java/Go programs that need a container runtime; here kube-sim's
 * simulated controllers compute the status the real ones would write.
 * @public
 */
export const STANDIN_KINDS = [
  'Kafka', 'KafkaNodePool', 'KafkaTopic', 'KafkaUser', 'KafkaConnect', 'Tenant', 'SparkApplication',
  'ScheduledSparkApplication', 'FlinkDeployment', 'FlinkSessionJob', 'Prometheus', 'Alertmanager',
] as const;

/** Options of {@link startStandinOperator}. @public */
export interface StandinOperatorOptions {
  /** A kubeconfig (YAML) allowed to watch these kinds and write their status. */
  kubeconfig: string;
  /** kube-sim scenario whose behaviours apply to matching objects (default `healthy`). */
  scenario?: string;
  /** Delay before a change is handled, as a real operator's queue (ms). Default 300. */
  reconcileDelayMs?: number;
  /** Interval of time-driven changes (Spark runs), ms. Default 2000. */
  stepMs?: number;
  log?: (msg: string) => void;
}

/** A running stand-in operator. @public */
export interface StandinOperator {
  /** Status writes made through the real API so far. */
  writes(): number;
  stop(): Promise<void>;
}

const key = (t: ResourceType, ns: string, name: string) => `${t.kind}/${ns}/${name}`;

/**
 * Starts the stand-in operator: watches the operators' custom resources on a
 * real API server, mirrors each into a private kube-sim object store where
 * kube-sim's simulated controllers (the same code that gives the simulator its
 * statuses) compute the status, and writes that status back through the real
 * API's `/status` subresource, with the real object's generation.
 * @public
 */
export async function startStandinOperator(options: StandinOperatorOptions): Promise<StandinOperator> {
  const log = options.log ?? (() => {});
  const kc = new KubeConfig();
  kc.loadFromString(options.kubeconfig);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new TypeError('kubeconfig: no current cluster');
  const store = new ObjectStore();
  const controller = new SimController(store, loadScenario(options.scenario ?? 'healthy'), {
    clusterName: 'real-cluster',
    reconcileDelayMs: options.reconcileDelayMs ?? 300,
    stepMs: options.stepMs ?? 2000,
  });
  controller.start([]);
  const types = STANDIN_KINDS.map(kind => {
    const t = RESOURCE_TYPES.find(r => r.kind === kind);
    if (!t) throw new Error(`kube-sim does not know ${kind}`);
    return t;
  });
  /** Local generation → the real object's generation it mirrors, per object. */
  const generations = new Map<string, Map<number, number>>();
  const written = new Map<string, string>();
  let writes = 0;
  let stopped = false;

  const request = async (method: string, path: string, body: unknown, contentType: string) => {
    const opts: https.RequestOptions = { method, headers: { 'content-type': contentType, accept: 'application/json' } };
    await kc.applyToHTTPSOptions(opts);
    const url = new URL(path, cluster.server);
    return new Promise<{ code: number; body: string }>((resolve, reject) => {
      const req = https.request(url, opts, res => {
        let text = '';
        res.on('data', c => {
          text += c;
        });
        res.on('end', () => resolve({ code: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
  };

  const pathOf = (t: ResourceType, ns: string, name: string) =>
    `/apis/${t.group}/${t.version}/namespaces/${encodeURIComponent(ns)}/${t.plural}/${encodeURIComponent(name)}`;

  /** The status with the real generation in place of the mirror's. */
  const realStatus = (k: string, status: any) => {
    const map = generations.get(k);
    const fix = (g: unknown) => (typeof g === 'number' && map?.has(g) ? map.get(g) : g);
    const out = structuredClone(status);
    if (out && typeof out === 'object') {
      if ('observedGeneration' in out) out.observedGeneration = fix(out.observedGeneration);
      if (Array.isArray(out.conditions)) {
        for (const c of out.conditions) if (c && 'observedGeneration' in c) c.observedGeneration = fix(c.observedGeneration);
      }
    }
    return out;
  };

  const pushStatus = async (e: StoreEvent) => {
    if (e.type === 'DELETED' || !types.includes(e.rtype)) return;
    const o = e.object.obj;
    const k = key(e.rtype, o.metadata.namespace, o.metadata.name);
    if (!generations.has(k) || o.status === undefined) return; // not (or no longer) on the real server
    const status = realStatus(k, o.status);
    const json = JSON.stringify(status);
    if (written.get(k) === json) return;
    written.set(k, json);
    const res = await request('PATCH', `${pathOf(e.rtype, o.metadata.namespace, o.metadata.name)}/status`, [{ op: 'add', path: '/status', value: status }], 'application/json-patch+json');
    if (res.code >= 300) {
      written.delete(k);
      log(`status of ${k}: HTTP ${res.code} ${res.body.slice(0, 200)}`);
    } else {
      writes++;
    }
  };
  const unsubscribe = store.subscribeAll(e => {
    pushStatus(e).catch(err => log(`status write failed: ${err}`));
  });

  /** Mirrors one real object's metadata and spec into the private store. */
  const mirror = (t: ResourceType, type: string, real: any) => {
    const ns = real.metadata.namespace;
    const name = real.metadata.name;
    const k = key(t, ns, name);
    if (type === 'DELETED') {
      // Kept in the private store: kube-sim's controllers remember an object
      // by name, so one deleted and created again must come back as an
      // update of the one they know (its status is then written again).
      generations.delete(k);
      written.delete(k);
      return;
    }
    const meta = { name, namespace: ns, labels: real.metadata.labels, annotations: real.metadata.annotations };
    const local = store.get(t, ns, name);
    let stored;
    if (!local) {
      // Created without status: kube-sim's controllers pick it up as a new object.
      stored = store.create({ apiVersion: `${t.group}/${t.version}`, kind: t.kind, metadata: meta, spec: real.spec });
    } else {
      stored = store.update(t, ns, name, copy => ({ ...copy, metadata: { ...copy.metadata, ...meta }, spec: real.spec }));
    }
    let map = generations.get(k);
    if (!map) {
      map = new Map();
      generations.set(k, map);
    }
    map.set(stored.obj.metadata.generation, real.metadata.generation);
    // The real status was lost (object re-created, status cleared): write ours again.
    if (real.status === undefined) written.delete(k);
    if (stored.obj.status !== undefined) pushStatus({ type: 'MODIFIED', rtype: t, rv: stored.rv, object: stored }).catch(err => log(String(err)));
  };

  const watch = new Watch(kc);
  const aborts = new Set<AbortController>();
  const watchKind = async (t: ResourceType) => {
    while (!stopped) {
      try {
        const listRes = await request('GET', `/apis/${t.group}/${t.version}/${t.plural}`, undefined, 'application/json');
        if (listRes.code === 404) {
          // The CRD is not installed yet (its chart comes with a layer): look again later.
          await new Promise(r => setTimeout(r, 2000));
          continue;
        }
        if (listRes.code !== 200) throw new Error(`list ${t.plural}: HTTP ${listRes.code}`);
        const list = JSON.parse(listRes.body);
        const seen = new Set<string>();
        for (const item of list.items ?? []) {
          seen.add(key(t, item.metadata.namespace, item.metadata.name));
          mirror(t, 'ADDED', item);
        }
        for (const local of store.list(t)) {
          const o = local.obj;
          if (!seen.has(key(t, o.metadata.namespace, o.metadata.name))) mirror(t, 'DELETED', o);
        }
        // The server ends the watch after timeoutSeconds; a client-side timer
        // covers a connection that hangs (seen after an API server restart).
        await new Promise<void>((resolve, reject) => {
          let ac: AbortController | undefined;
          const guard = setTimeout(() => {
            ac?.abort();
            resolve();
          }, 90_000);
          const done = (err?: unknown) => {
            clearTimeout(guard);
            if (ac) aborts.delete(ac);
            if (err) reject(err);
            else resolve();
          };
          watch
            .watch(
              `/apis/${t.group}/${t.version}/${t.plural}`,
              { resourceVersion: list.metadata.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 60 },
              (type: string, obj: any) => {
                if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') mirror(t, type, obj);
              },
              err => done(err ?? undefined),
            )
            .then(c => {
              ac = c;
              aborts.add(c);
            }, done);
        });
      } catch (err) {
        if (!stopped) log(`${t.plural}: ${err instanceof Error ? err.message : err}; relisting`);
        await new Promise(r => setTimeout(r, 1000));
      }
    }
  };
  for (const t of types) watchKind(t);
  log(`stand-in operator watching ${types.map(t => t.plural).join(', ')} on ${cluster.server}`);
  return {
    writes: () => writes,
    stop: async () => {
      stopped = true;
      for (const ac of aborts) ac.abort();
      unsubscribe();
      controller.stop();
    },
  };
}
