import { z } from 'zod';

/**
 * One rule of a token's allow list, like an RBAC PolicyRule: the request is
 * allowed when a rule matches its verb, resource and namespace.
 * @public
 */
export interface AccessRule {
  /** `get`, `list`, `watch`, `patch`, `update`, `create`, `delete`, or `*`. */
  verbs: string[];
  /** `plural` (any group), `plural.group`, or `*`. */
  resources: string[];
  /** Namespaces, or `*` (also matches cluster-scoped requests). */
  namespaces: string[];
}

/**
 * A bearer token the simulated API server accepts.
 * @public
 */
export interface TokenSpec {
  token: string;
  /** The user name in `Forbidden` messages. */
  user: string;
  rules: AccessRule[];
  /** Whether Secret `data`/`stringData` is returned; otherwise names only. */
  readSecretData?: boolean;
  /**
   * Secret types whose data is returned even without `readSecretData`
   * (the read-write token reads Helm's release storage, `helm.sh/release.v1`,
   * and nothing else).
   */
  readSecretDataTypes?: string[];
  /** May call the `/_sim` admin endpoints. */
  admin?: boolean;
}

/** Schema of {@link TokenSpec}, used to validate tokens given to `startKubeSim`. @public */
export const tokenSpecSchema = z.object({
  token: z.string().min(8, 'tokens must be at least 8 characters'),
  user: z.string().min(1),
  rules: z.array(
    z.object({
      verbs: z.array(z.string().min(1)).min(1),
      resources: z.array(z.string().min(1)).min(1),
      namespaces: z.array(z.string().min(1)).min(1),
    }),
  ),
  readSecretData: z.boolean().optional(),
  readSecretDataTypes: z.array(z.string().min(1)).optional(),
  admin: z.boolean().optional(),
});

/** A request's authorization attributes. @public */
export interface RequestAttributes {
  verb: string;
  group: string;
  plural: string;
  namespace?: string;
}

function ruleMatches(rule: AccessRule, a: RequestAttributes): boolean {
  const verbOk = rule.verbs.includes('*') || rule.verbs.includes(a.verb);
  const full = a.group ? `${a.plural}.${a.group}` : a.plural;
  const resOk =
    rule.resources.includes('*') ||
    rule.resources.includes(a.plural) ||
    rule.resources.includes(full);
  const nsOk =
    rule.namespaces.includes('*') ||
    (a.namespace !== undefined && rule.namespaces.includes(a.namespace));
  return verbOk && resOk && nsOk;
}

/** Whether a token's rules allow a request. @public */
export function isAllowed(spec: TokenSpec, a: RequestAttributes): boolean {
  return spec.rules.some(r => ruleMatches(r, a));
}

/**
 * The tokens every simulated cluster gets unless told otherwise: a
 * read-write token (what a backend with a service account would hold), a
 * read-only one (for permission tests), and an admin token for `/_sim`.
 * @public
 */
export function defaultTokens(seed: string): {
  readWrite: TokenSpec;
  readOnly: TokenSpec;
  admin: TokenSpec;
} {
  return {
    readWrite: {
      token: `sim-rw-${seed}`,
      user: 'system:serviceaccount:flux-system:mlops-portal',
      rules: [{ verbs: ['*'], resources: ['*'], namespaces: ['*'] }],
      readSecretData: false,
      // The portal diffs Helm releases from their storage Secrets.
      readSecretDataTypes: ['helm.sh/release.v1'],
    },
    readOnly: {
      token: `sim-ro-${seed}`,
      user: 'system:serviceaccount:flux-system:mlops-portal-viewer',
      rules: [
        {
          verbs: ['get', 'list', 'watch'],
          resources: ['*'],
          namespaces: ['*'],
        },
      ],
      readSecretData: false,
    },
    admin: {
      token: `sim-admin-${seed}`,
      user: 'kube-sim:admin',
      rules: [{ verbs: ['*'], resources: ['*'], namespaces: ['*'] }],
      readSecretData: true,
      admin: true,
    },
  };
}

/** Whether a token sees the `data` of this Secret. @public */
export function readsSecretData(spec: TokenSpec, secret: { type?: string }): boolean {
  return Boolean(spec.readSecretData || (secret.type && spec.readSecretDataTypes?.includes(secret.type)));
}
