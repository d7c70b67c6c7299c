import { NotFoundError, NotAllowedError } from '@backstage/errors';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  buildKubeConfig,
  type ClusterDefinition,
} from '@mlops-portal/plugin-mlops-node';

/**
 * API clients of the configured clusters, for the few reads that are not
 * watched (Helm's release storage, one Secret by name): built from the same
 * cluster config as the watches, once per cluster.
 */
export class ClusterClients {
  private readonly built = new Map<string, KubeConfig>();

  constructor(private readonly clusters: ClusterDefinition[]) {}

  kubeConfig(cluster: string): KubeConfig {
    const hit = this.built.get(cluster);
    if (hit) return hit;
    const def = this.clusters.find(c => c.name === cluster);
    if (!def) throw new NotFoundError(`no cluster named '${cluster}' is configured`);
    if (!def.watchable) {
      throw new NotAllowedError(`cluster '${cluster}' has no credentials the backend holds (${def.notWatchableReason ?? 'not watchable'})`);
    }
    const kc = buildKubeConfig(def);
    this.built.set(cluster, kc);
    return kc;
  }
}
