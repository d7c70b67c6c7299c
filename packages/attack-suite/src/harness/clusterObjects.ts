import { RESOURCE_TYPES, type KubeSim } from '@mlops-portal/kube-sim';

/**
 * What an attack must not change on the simulated cluster: an object's spec
 * and annotations, named "Kind namespace/name".
 */
export function clusterObjectSnapshot(sim: KubeSim, what: string): unknown {
  const m = /^(\w+) ([a-z0-9-]+)\/([a-z0-9.-]+)$/.exec(what);
  if (!m) throw new Error(`unchanged: '${what}' is not "Kind namespace/name"`);
  const [, kind, namespace, name] = m;
  const type = RESOURCE_TYPES.find(t => t.kind === kind);
  if (!type) throw new Error(`unchanged: unknown kind ${kind}`);
  const stored = sim.clusters[0].store.get(type, namespace, name);
  if (!stored) throw new Error(`unchanged: ${what} is not on the simulated cluster`);
  const o = stored.obj;
  return { spec: o.spec, annotations: o.metadata?.annotations ?? {} };
}
