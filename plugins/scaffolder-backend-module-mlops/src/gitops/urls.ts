import { platformNamespaces } from './validation';

/**
 * Which hosts a chart repository URL may name (`mlops.helmRepositories`).
 * @public
 */
export interface HelmRepositoryPolicy {
  /**
   * Exact host names or `*.suffix` patterns; when set, every other host is
   * refused. Unset: any public DNS name passes the built-in rules.
   */
  allowedHosts?: string[];
}

/** Longest URL accepted anywhere (browsers and Go's net/url cope with far more). */
export const MAX_URL_LENGTH = 2048;

// Names that resolve inside a cluster or a private network rather than on
// the Internet. Inside a pod, a name with fewer than five dots is tried
// with the cluster's search domains first (ndots:5), so `<service>.<ns>`
// reaches a Service; a namespace is a DNS label, hence the all-letters TLD
// rule below and this list of the ones that are words.
// https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#namespaces-of-services
const PRIVATE_TLDS = new Set([
  'localhost', 'local', 'localdomain', 'internal', 'intranet', 'private', 'corp', 'home', 'lan',
  'svc', 'cluster', 'default', 'test', 'invalid', 'example', 'arpa', 'onion',
]);

/**
 * Why `url` may not be written into a HelmRepository that source-controller
 * fetches from inside the cluster (server-side request forgery), or
 * undefined: only `https://` and `oci://`; no user or password in the URL;
 * a public DNS name as host (no IP literal in any notation, no single-label
 * or cluster-internal name, no name embedding an IPv4 address such as
 * `127.0.0.1.nip.io`), no explicit port but 443; and the configured host
 * allow-list, when there is one.
 */
export function helmRepoUrlProblem(url: string, policy: HelmRepositoryPolicy = {}): string | undefined {
  if (url.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  const m = /^(https|oci):\/\/([^/?#]*)([^#]*)$/.exec(url);
  if (!m) return 'must be an https:// or oci:// URL (no http://, no fragment)';
  const [, , authority, rest] = m;
  if (authority.includes('@')) return 'must not carry a user name or password';
  if (/[\s\\"'`<>{}|^]|\$\{|\$\(/.test(rest)) return 'must not contain spaces, quotes, backslashes, braces or ${…}/$(…)';
  const hostPort = /^([^:]*)(?::([0-9]{1,5}))?$/.exec(authority);
  if (!hostPort) return 'must name a DNS host (IP addresses, including [IPv6], are refused)';
  const host = hostPort[1].toLowerCase().replace(/\.$/, '');
  if (hostPort[2] !== undefined && hostPort[2] !== '443') return 'must use the default port (443)';
  const problem = publicHostProblem(host);
  if (problem) return problem;
  if (policy.allowedHosts && !policy.allowedHosts.some(p => hostMatches(p, host))) {
    return `host '${host}' is not in mlops.helmRepositories.allowedHosts (${policy.allowedHosts.join(', ')})`;
  }
  return undefined;
}

/** Why `host` is not a public DNS name, or undefined. */
function publicHostProblem(host: string): string | undefined {
  const labels = host.split('.');
  const dnsLabel = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
  if (host.length > 253 || labels.length < 2 || !labels.every(l => dnsLabel.test(l))) {
    return `host '${host}' must be a public DNS name with a dot (IP addresses and single-label names are refused)`;
  }
  const tld = labels[labels.length - 1];
  if (!/^[a-z]{2,63}$/.test(tld) || PRIVATE_TLDS.has(tld)) {
    return `host '${host}' is not a public DNS name (its last label '${tld}' is numeric, a cluster namespace or a private domain)`;
  }
  // 10.0.0.1.nip.io, 10-0-0-1.sslip.io, 0a000001.nip.io: resolve to the address they embed.
  if (/(^|[.-])\d{1,3}[.-]\d{1,3}[.-]\d{1,3}[.-]\d{1,3}([.-]|$)/.test(host) || /(^|\.)[0-9a-f]{8}\.(nip|sslip)\.io$/.test(host)) {
    return `host '${host}' embeds an IP address`;
  }
  return undefined;
}

function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  if (p.startsWith('*.')) return host.endsWith(p.slice(1)) && host.length > p.length - 1;
  return host === p;
}

/**
 * Why `url` is not the URL of a platform Service inside the cluster, or
 * undefined: `http(s)://<service>.<platform namespace>.svc[.cluster.local][:port][/path]`.
 * The ML project sends MinIO and MLflow credentials there, so nothing
 * outside the platform may be named.
 */
export function inClusterUrlProblem(url: string): string | undefined {
  if (url.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  const m = /^https?:\/\/([a-z0-9-]{1,63})\.([a-z0-9-]{1,63})\.svc(\.cluster\.local)?(:[0-9]{1,5})?(\/[A-Za-z0-9._~\/-]*)?$/.exec(url);
  if (!m) {
    return 'must be the URL of a platform Service: http(s)://<service>.<namespace>.svc[.cluster.local][:port][/path]';
  }
  if (!platformNamespaces().includes(m[2])) {
    return `must name a Service in one of the platform's namespaces (${platformNamespaces().join(', ')}), not '${m[2]}'`;
  }
  return undefined;
}

/**
 * Why a Kafka bootstrap list is not `host:port[,host:port]` of platform
 * Services (`<service>.<namespace>[.svc[.cluster.local]]:port`), or undefined.
 */
export function bootstrapServersProblem(value: string): string | undefined {
  if (value.length > 1000) return 'must be at most 1000 characters';
  for (const server of value.split(',')) {
    const m = /^([a-z0-9-]{1,63})\.([a-z0-9-]{1,63})(\.svc(\.cluster\.local)?)?:([0-9]{1,5})$/.exec(server);
    if (!m) return `'${server}' must be <service>.<namespace>[.svc[.cluster.local]]:<port>`;
    if (!platformNamespaces().includes(m[2])) {
      return `'${server}' must name a Service in one of the platform's namespaces (${platformNamespaces().join(', ')})`;
    }
  }
  return undefined;
}
