import { KubeConfig } from '@kubernetes/client-node';
import fs from 'node:fs';
import type { ClusterDefinition } from '../config/readClusterConfig';

/**
 * Builds a client-node KubeConfig in memory for one cluster. Credentials go
 * straight into the KubeConfig; nothing here is logged.
 * @public
 */
export function buildKubeConfig(
  cluster: ClusterDefinition,
  readFile: (path: string) => string = p => fs.readFileSync(p, 'utf8'),
): KubeConfig {
  const kc = new KubeConfig();
  if (cluster.auth.type === 'kubeconfig') {
    kc.loadFromString(readFile(cluster.auth.file));
    kc.setCurrentContext(cluster.auth.context);
    return kc;
  }
  let user: Record<string, unknown> = { name: 'mlops' };
  if (cluster.auth.type === 'serviceAccountToken') {
    user = { name: 'mlops', token: cluster.auth.token };
  } else if (cluster.auth.type === 'tokenFile') {
    // client-node's FileAuth re-reads the file every minute (token rotation).
    user = {
      name: 'mlops',
      authProvider: {
        name: 'tokenFile',
        config: { tokenFile: cluster.auth.tokenFile },
      },
    };
  }
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        caData: cluster.caData,
        caFile: cluster.caFile,
        // client-node 1.x refuses plain http unless skipTLSVerify is set
        // ("HTTP protocol is not allowed when skipTLSVerify is not set");
        // there is no TLS to verify on http (kubectl proxy, kube-sim).
        skipTLSVerify: cluster.skipTLSVerify || cluster.url.startsWith('http:'),
      },
    ],
    users: [user],
    contexts: [{ name: cluster.name, cluster: cluster.name, user: 'mlops' }],
    currentContext: cluster.name,
  });
  return kc;
}
