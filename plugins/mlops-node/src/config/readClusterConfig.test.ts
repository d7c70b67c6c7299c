import { ConfigReader } from '@backstage/config';
import { readClusterConfig, describeCluster } from './readClusterConfig';

const KUBECONFIG = `
apiVersion: v1
kind: Config
clusters:
- name: sim
  cluster:
    server: http://127.0.0.1:6443/
contexts:
- name: kube-sim
  context: { cluster: sim, user: sim }
users:
- name: sim
  user: { token: secret-token }
current-context: kube-sim
`;

function read(data: object, files: Record<string, string> = {}) {
  return readClusterConfig(new ConfigReader(data), {
    readFile: p => files[p],
  });
}

describe('readClusterConfig', () => {
  it('reads the stock Kubernetes plugin cluster block', () => {
    const result = read({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'prod',
                url: 'https://k8s.example.com:6443/',
                authProvider: 'serviceAccount',
                serviceAccountToken: 'tok',
                caData: 'Q0E=',
                title: 'Production',
              },
              {
                name: 'sim',
                url: 'http://127.0.0.1:1234',
                authMetadata: { 'kubernetes.io/auth-provider': 'serviceAccount' },
                serviceAccountToken: 'tok2',
                skipTLSVerify: true,
                mlops: { simulated: true },
              },
            ],
          },
        ],
      },
    });
    expect(result.clusters).toEqual([
      expect.objectContaining({
        name: 'prod',
        title: 'Production',
        url: 'https://k8s.example.com:6443',
        watchable: true,
        simulated: false,
        auth: { type: 'serviceAccountToken', token: 'tok' },
        caData: 'Q0E=',
        skipTLSVerify: false,
      }),
      expect.objectContaining({
        name: 'sim',
        simulated: true,
        skipTLSVerify: true,
        auth: { type: 'serviceAccountToken', token: 'tok2' },
      }),
    ]);
    expect(result.watch.changeBatchMs).toBe(250);
    // Deadlines and backoffs of issue 12, with the documented defaults.
    expect(result.watch).toMatchObject({
      requestTimeoutMs: 15000,
      watchLivenessMs: 90000,
      relistInitialBackoffMs: 800,
      relistMaxBackoffMs: 30000,
    });
    expect(result.settings).toEqual([
      { namespace: 'flux-system', name: 'platform-settings' },
    ]);
  });

  it('uses the in-cluster token file when serviceAccount has no token', () => {
    const [c] = read({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              { name: 'here', url: 'https://kubernetes.default.svc', authProvider: 'serviceAccount' },
            ],
          },
        ],
      },
    }).clusters;
    expect(c.auth).toEqual({
      type: 'tokenFile',
      tokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
    });
    expect(c.caFile).toBe('/var/run/secrets/kubernetes.io/serviceaccount/ca.crt');
  });

  it.each(['oidc', 'google', 'aks'])(
    'reports per-user auth %s as not watchable instead of dropping it',
    authProvider => {
      const [c] = read({
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'config', clusters: [{ name: 'u', url: 'https://x', authProvider }] },
          ],
        },
      }).clusters;
      expect(c.watchable).toBe(false);
      expect(c.notWatchableReason).toContain('signed-in user');
    },
  );

  it('adds localKubectlProxy and kubeconfig contexts, and marks simulated ones', () => {
    const result = read(
      {
        kubernetes: { clusterLocatorMethods: [{ type: 'localKubectlProxy' }, { type: 'catalog' }] },
        mlops: { clusters: { kubeconfig: '/k.yaml', simulated: ['kube-sim'] } },
      },
      { '/k.yaml': KUBECONFIG },
    );
    expect(result.clusters.map(c => [c.name, c.url, c.simulated, c.auth.type])).toEqual([
      ['local', 'http://127.0.0.1:8001', false, 'anonymous'],
      ['kube-sim', 'http://127.0.0.1:6443', true, 'kubeconfig'],
    ]);
    expect(result.warnings[0]).toContain("'catalog' is not supported");
    // The description used in logs never carries the token.
    expect(result.clusters.map(describeCluster).join()).not.toContain('secret-token');
  });

  it.each([
    [
      { kubernetes: { clusterLocatorMethods: [{ type: 'config', clusters: [{ name: 'a', url: 'https://x' }] }] } },
      'kubernetes.clusterLocatorMethods[0].clusters[0].authProvider',
    ],
    [
      { kubernetes: { clusterLocatorMethods: [{ type: 'config', clusters: [{ name: 'a', url: 'ftp://x', authProvider: 'serviceAccount' }] }] } },
      'kubernetes.clusterLocatorMethods[0].clusters[0].url',
    ],
    [
      { kubernetes: { clusterLocatorMethods: [{ type: 'config', clusters: [{ name: 'a', url: 'https://x', authProvider: 'magic' }] }] } },
      "unknown auth provider 'magic'",
    ],
    [{ kubernetes: { clusterLocatorMethods: [{ type: 'teleport' }] } }, 'kubernetes.clusterLocatorMethods[0].type'],
    [{ mlops: { watch: { maxBackoffMs: -1 } } }, 'mlops.watch.maxBackoffMs'],
    [{ mlops: { watch: { requestTimeoutMs: 0 } } }, 'mlops.watch.requestTimeoutMs'],
    [{ mlops: { watch: { watchLivenessMs: 1.5 } } }, 'mlops.watch.watchLivenessMs'],
    [{ mlops: { watch: { relistInitialBackoffMs: 5000, relistMaxBackoffMs: 1000 } } }, 'mlops.watch.relistMaxBackoffMs'],
    [{ mlops: { clusters: { kubeconfig: '/missing' } } }, 'mlops.clusters.kubeconfig'],
    [
      {
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'config', clusters: [{ name: 'a', url: 'https://x', authProvider: 'serviceAccount' }, { name: 'a', url: 'https://y', authProvider: 'serviceAccount' }] },
          ],
        },
      },
      "duplicate cluster name 'a'",
    ],
  ])('rejects invalid config %#, naming the key', (data, expected) => {
    expect(() => read(data)).toThrow(expected);
  });
});
