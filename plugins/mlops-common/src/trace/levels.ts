import type { TraceLevel } from './types';

const SOURCES = new Set(['GitRepository', 'OCIRepository', 'HelmRepository', 'HelmChart', 'Bucket']);
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'StrimziPodSet']);

/**
 * The column an object of `kind` is shown in. Anything that is neither a
 * Flux object, a workload nor a pod (operator custom resources, Services,
 * ConfigMaps, Namespaces, …) is a `resource`.
 * @public
 */
export function traceLevelOf(kind: string): TraceLevel {
  if (SOURCES.has(kind)) return 'source';
  if (kind === 'Kustomization') return 'kustomization';
  if (kind === 'HelmRelease') return 'helmrelease';
  if (WORKLOADS.has(kind)) return 'workload';
  if (kind === 'Pod') return 'pod';
  return 'resource';
}

/** Id of a trace node: `<cluster>|<kind>|<namespace>|<name>`. @public */
export function traceNodeId(o: { cluster: string; kind: string; namespace?: string; name: string }): string {
  return `${o.cluster}|${o.kind}|${o.namespace ?? ''}|${o.name}`;
}

/** Id of the group a node is shown in: `<level>:<kind>:<namespace or _>`. @public */
export function traceGroupId(o: { kind: string; namespace?: string }): string {
  return `${traceLevelOf(o.kind)}:${o.kind}:${o.namespace ?? '_'}`;
}
