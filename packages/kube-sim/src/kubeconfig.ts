import { stringify } from 'yaml';

/** One cluster entry of a generated kubeconfig. @public */
export interface KubeconfigCluster {
  name: string;
  url: string;
  token: string;
  /** PEM CA certificate (HTTPS only). */
  caCert?: string;
}

/**
 * Builds a kubeconfig (YAML) with one context per cluster; the first
 * cluster's context is current. Format:
 * https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/
 * @public
 */
export function buildKubeconfig(clusters: KubeconfigCluster[], current?: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: clusters.map(c => ({
      name: c.name,
      cluster: {
        server: c.url,
        ...(c.caCert
          ? { 'certificate-authority-data': Buffer.from(c.caCert).toString('base64') }
          : {}),
        // client-node refuses plain HTTP unless TLS verification is off
        // (kubectl then still won't send the token: use HTTPS for kubectl).
        ...(c.url.startsWith('http:') ? { 'insecure-skip-tls-verify': true } : {}),
      },
    })),
    users: clusters.map(c => ({ name: `${c.name}-user`, user: { token: c.token } })),
    contexts: clusters.map(c => ({
      name: c.name,
      context: { cluster: c.name, user: `${c.name}-user` },
    })),
    'current-context': current ?? clusters[0]?.name ?? '',
  });
}
