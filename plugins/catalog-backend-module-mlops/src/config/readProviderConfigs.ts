import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { LayerDefinition } from '@mlops-portal/plugin-mlops-common';
import { z } from 'zod';

/**
 * A platform layer and how objects are placed in it. An object belongs to
 * the first layer (in config order) that any matcher matches.
 * @public
 */
export interface LayerRule extends LayerDefinition {
  /** `namespace` is the layer's main namespace (`''` when none), shown on its System. */
  match: {
    /** Glob patterns (`*`, `?`) on the namespace the object runs in. */
    namespaces: string[];
    /** Folders of the repository read; objects from files below them. */
    folders: string[];
    /** Flux Kustomizations (`name` or `namespace/name`): they and what they apply. */
    kustomizations: string[];
    /** Labels the object (or its Namespace) must all carry. */
    labels: Record<string, string>;
  };
}

/**
 * Where the files of a Flux source are: the root of this source is `folder`
 * of a repository (this provider's, or another provider's).
 * @public
 */
export interface SourceMapping {
  kind: string;
  namespace: string;
  name: string;
  /** Folder of the repository that is the source's root (`''` = its root). */
  folder: string;
  /**
   * Id of the repository it is in: another provider's id, or
   * `<kind>/<namespace>/<name>` for a repository configured on the source
   * itself (`target` or `path`); absent: this provider's.
   */
  provider?: string;
}

/** Where a provider's repository is, as another provider needs to read it. @public */
export interface RepositoryLocation {
  id: string;
  source: { type: 'url'; target: string } | { type: 'local'; path: string };
  repoUrl?: string;
  branch: string;
  /** The folder of the Git repository that is read (`''` = the root). */
  repositoryFolder: string;
}

/** One configured provider, with every default filled in. @public */
export interface MlopsProviderConfig {
  /** The key under `catalog.providers.mlops`. */
  id: string;
  /** Where the repository is: a URL read with the UrlReader, or a local folder. */
  source: { type: 'url'; target: string } | { type: 'local'; path: string };
  /** Web URL of the folder read, for links when reading a local folder. */
  repoUrl?: string;
  /** Branch used in links (source, view and edit URLs). */
  branch: string;
  /** Repo-relative directories to start from. */
  paths: string[];
  /**
   * The folder of the Git repository that `source` is (`gitops` when it is
   * the repository's `gitops/`); Flux paths are resolved from the
   * repository's root, so they are read after removing it. `''` = the root.
   */
  repositoryFolder: string;
  /** Backstage namespace of every entity this provider emits. */
  entityNamespace: string;
  /** Put in front of every entity name this provider emits (`''` = none). */
  namePrefix: string;
  /**
   * The Domain the layer Systems belong to: `ref` always, `entity` when this
   * provider emits it. Absent: the Systems belong to no Domain.
   */
  domain?: {
    ref: string;
    entity?: { name: string; title?: string; description?: string; owner: string };
  };
  /** Full entity ref of the owner used when Git names none. */
  defaultOwner: string;
  /** `spec.lifecycle` of generated Components. */
  lifecycle: string;
  /** The layers; one System each. No built-in layers. */
  layers: LayerRule[];
  /** Layers made for objects no rule places: per Flux Kustomization, per namespace, or none. */
  autoLayers: 'kustomization' | 'namespace' | 'none';
  /** Layer of Flux objects no rule or label places. */
  controlPlaneLayer?: string;
  /** Flux sources whose files are known (this repository, a folder, another provider's). */
  sources: SourceMapping[];
  /** Where the repositories that `sources` name by provider id are. */
  repositories: Record<string, RepositoryLocation>;
  /** Namespaces whose HelmReleases are operators. */
  operatorNamespaces: string[];
  /** Per-chart pod label selectors (`{release}` = release name), beyond the built-in ones. */
  podSelectors: Record<string, string>;
  /** Written to `mlops-portal.io/clusters` when not empty. */
  clusters: string[];
  /** Runs an entity may be missing before it is removed. */
  deletionGraceRuns: number;
  /** Largest share (0–1) of its entities one run may miss; above it the run is refused. */
  maxRemovalShare: number;
  /** The live drift view. */
  drift: { enabled: boolean };
  /** When to ingest. */
  schedule: SchedulerServiceTaskScheduleDefinition;
}

const ENTITY_REF =
  /^([a-zA-Z0-9]+:)?([a-zA-Z0-9\-_.]+\/)?[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/;
const NAME = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/;
// Backstage namespaces: https://backstage.io/docs/features/software-catalog/descriptor-format#namespace-optional
const NAMESPACE = /^[a-z0-9]+(?:-+[a-z0-9]+)*$/;
// Kubernetes object names, namespaces and label keys/values, as written in manifests.
const K8S_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const GLOB = /^[a-z0-9*?]([-a-z0-9.*?]*[a-z0-9*?])?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
/** A folder inside the repository: relative, without `..`, `\\` or empty segments. */
function isRepoFolder(value: string): boolean {
  if (value === '.' || value === './') return true;
  if (value.startsWith('/') || value.includes('\\') || /^[a-zA-Z]:/.test(value)) return false;
  const segments = value.replace(/^\.\//, '').replace(/\/$/, '').split('/');
  return segments.every(s => s !== '' && s !== '.' && s !== '..');
}

const folder = z
  .string()
  .refine(isRepoFolder, 'must be a folder inside the repository (relative, no ..)');

const layerSchema = z
  .object({
    id: z.string().regex(NAME, 'must be a valid entity name'),
    title: z.string().min(1).optional(),
    namespace: z.string().regex(K8S_NAME, 'must be a Kubernetes namespace').optional(),
    namespaces: z.array(z.string().regex(GLOB, 'must be a namespace or a glob like team-*')).optional(),
    folders: z.array(folder).optional(),
    kustomizations: z
      .array(
        z
          .string()
          .regex(
            /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
            'must be a Kustomization name or namespace/name',
          ),
      )
      .optional(),
    labels: z
      .record(
        z.string().regex(LABEL_KEY, 'must be a label key'),
        z.string().regex(LABEL_VALUE, 'must be a label value'),
      )
      .optional(),
    description: z.string().optional(),
    dependsOn: z.array(z.string()).optional(),
  })
  .strict();

const sourceSchema = z
  .object({
    kind: z.enum(['GitRepository', 'OCIRepository', 'Bucket', 'ExternalArtifact']).optional(),
    namespace: z.string().regex(K8S_NAME, 'must be a Kubernetes namespace').optional(),
    name: z.string().regex(K8S_NAME, 'must be a Kubernetes object name'),
    folder: folder.optional(),
    provider: z.string().regex(NAME, 'must be the id of another provider').optional(),
    target: z.string().url('must be a URL').optional(),
    path: z.string().min(1).optional(),
    repoUrl: z.string().url('must be a URL').optional(),
    branch: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const where = [value.provider, value.target, value.path].filter(Boolean).length;
    if (where > 1) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['provider'],
        message: 'set at most one of provider, target (a URL) or path (a local folder)',
      });
    }
  });

const domainSchema = z.union([
  z.string().regex(ENTITY_REF, 'must be an entity reference'),
  z
    .object({
      name: z.string().regex(NAME, 'must be a valid entity name'),
      title: z.string().min(1).optional(),
      description: z.string().optional(),
      owner: z.string().regex(ENTITY_REF, 'must be an entity reference').optional(),
    })
    .strict(),
]);

const providerSchema = z
  .object({
    enabled: z.boolean().optional(),
    target: z.string().url('must be a URL').optional(),
    path: z.string().min(1).optional(),
    repoUrl: z.string().url('must be a URL').optional(),
    branch: z.string().min(1).optional(),
    paths: z.array(z.string().min(1)).min(1).optional(),
    repositoryFolder: folder.optional(),
    entityNamespace: z
      .string()
      .max(63)
      .regex(NAMESPACE, 'must be a Backstage namespace (lower-case letters, digits and -)')
      .optional(),
    namePrefix: z
      .string()
      .regex(/^[a-z0-9]+(?:[-_.][a-z0-9]+)*[-_.]$/, 'must be a valid entity name start ending in -, _ or .')
      .max(30)
      .optional(),
    domain: domainSchema.optional(),
    defaultOwner: z.string().regex(ENTITY_REF, 'must be an entity reference').optional(),
    lifecycle: z.string().min(1).optional(),
    layers: z.array(layerSchema).optional(),
    autoLayers: z.enum(['kustomization', 'namespace', 'none']).optional(),
    controlPlaneLayer: z.string().min(1).optional(),
    sources: z.array(sourceSchema).optional(),
    operatorNamespaces: z.array(z.string().min(1)).optional(),
    podSelectors: z
      .record(
        z.string().min(1),
        z
          .string()
          .regex(
            /^[^\s,=!()]+(?:!?=|==)[^\s,=!()]*(?:,[^\s,=!()]+(?:!?=|==)[^\s,=!()]*)*$/,
            'must be an equality-based label selector like name=x,release={release}',
          ),
      )
      .optional(),
    clusters: z.array(z.string().min(1)).optional(),
    deletionGraceRuns: z.number().int().min(0).max(1000).optional(),
    maxRemovalShare: z
      .number()
      .min(0, 'must be between 0 and 1')
      .max(1, 'must be between 0 and 1')
      .optional(),
    drift: z.object({ enabled: z.boolean().optional() }).strict().optional(),
    schedule: z.unknown().optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.enabled === false) return;
    if (!value.target === !value.path) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['target'],
        message: 'set exactly one of target (a URL) or path (a local folder)',
      });
    }
    if (!value.defaultOwner) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['defaultOwner'],
        message:
          'required: the owner (e.g. group:default/platform-team) of entities whose object and namespace name none',
      });
    }
    const ids = (value.layers ?? []).map(l => l.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['layers', i, 'id'], message: `duplicate layer id '${id}'` });
      }
    });
    if (value.controlPlaneLayer && !ids.includes(value.controlPlaneLayer)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['controlPlaneLayer'],
        message: 'must be the id of one of the layers',
      });
    }
  });

/** Default of `maxRemovalShare`. */
const DEFAULT_MAX_REMOVAL_SHARE = 0.3;

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 3 },
  initialDelay: { seconds: 15 },
};

/**
 * `flux bootstrap` names the GitRepository of the repository it bootstraps
 * `flux-system/flux-system`: by default that one is this repository.
 */
const DEFAULT_SOURCES = [{ kind: 'GitRepository' as const, namespace: 'flux-system', name: 'flux-system' }];

function branchFromUrl(target: string): string | undefined {
  // github.com/<owner>/<repo>/tree/<branch>/... and gitlab.com/<group>/<project>/-/tree/<branch>/...
  const m = /\/(?:-\/)?(?:tree|blob)\/([^/]+)/.exec(new URL(target).pathname);
  return m?.[1];
}

/** The folder after `/tree/<branch>/` in a GitHub or GitLab URL, else `''`. */
function folderFromUrl(target: string | undefined): string {
  if (!target) return '';
  const m = /\/(?:-\/)?(?:tree|blob)\/[^/]+\/(.+?)\/?$/.exec(new URL(target).pathname);
  return m ? decodeURIComponent(m[1]) : '';
}

function normalizeFolder(value: string | undefined): string {
  if (!value) return '';
  const v = value.replace(/\/+$/, '').replace(/^\.\/?/, '');
  return v === '.' ? '' : v;
}

/** `platform-team` → `group:platform-team`; a full ref is kept. */
function ownerRef(value: string): string {
  return value.includes(':') ? value : `group:${value}`;
}

function fail(key: string, message: string): never {
  throw new InputError(`Invalid config at ${key}: ${message}`);
}

/**
 * Reads every provider under `catalog.providers.mlops.<id>`. Pure: config in,
 * configs out. Invalid config throws an InputError naming the key path, so
 * the backend fails at start-up rather than ingesting something unexpected;
 * so do two providers that would emit entities with the same names.
 * @public
 */
export function readProviderConfigs(config: Config): MlopsProviderConfig[] {
  const root = config.getOptionalConfig('catalog.providers.mlops');
  if (!root) return [];
  // A provider switched off (e.g. the local one, in production config layered
  // over app-config.yaml) is skipped before anything else is checked.
  const enabled = root
    .keys()
    .filter(id => root.getOptionalBoolean(`${id}.enabled`) !== false);
  const configs = enabled.map(id => {
    const base = `catalog.providers.mlops.${id}`;
    if (!NAME.test(id)) {
      throw new InputError(`${base}: provider id must match ${NAME}`);
    }
    const raw = root.get(id);
    const parsed = providerSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      fail([base, ...issue.path].join('.'), issue.message);
    }
    const v = parsed.data;
    let schedule = DEFAULT_SCHEDULE;
    if (v.schedule !== undefined) {
      try {
        schedule = readSchedulerServiceTaskScheduleDefinitionFromConfig(
          root.getConfig(id).getConfig('schedule'),
        );
      } catch (e) {
        fail(`${base}.schedule`, (e as Error).message);
      }
    }
    const layers: LayerRule[] = (v.layers ?? []).map(l => ({
      id: l.id,
      title: l.title ?? l.id,
      namespace: l.namespace ?? '',
      description: l.description ?? '',
      dependsOn: l.dependsOn ?? [],
      match: {
        namespaces: [...(l.namespace ? [l.namespace] : []), ...(l.namespaces ?? [])],
        folders: (l.folders ?? []).map(normalizeFolder),
        kustomizations: l.kustomizations ?? [],
        labels: l.labels ?? {},
      },
    }));
    const owner = ownerRef(v.defaultOwner!);
    // The provider id, made a valid Backstage namespace: scoped by default.
    const entityNamespace = v.entityNamespace ?? id.replace(/[_.]+/g, '-');
    let domain: MlopsProviderConfig['domain'];
    if (typeof v.domain === 'string') {
      const ref = v.domain.includes(':') ? v.domain : `domain:${v.domain}`;
      domain = { ref: ref.includes('/') ? ref : ref.replace(':', ':default/') };
    } else if (v.domain) {
      const name = `${v.namePrefix ?? ''}${v.domain.name}`;
      domain = {
        ref: `domain:${entityNamespace}/${name}`,
        entity: {
          name,
          title: v.domain.title,
          description: v.domain.description,
          owner: ownerRef(v.domain.owner ?? v.defaultOwner!),
        },
      };
    }
    const result: MlopsProviderConfig = {
      id,
      source: v.target
        ? { type: 'url' as const, target: v.target }
        : { type: 'local' as const, path: v.path! },
      repoUrl: v.repoUrl,
      branch:
        v.branch ??
        (v.target ?? v.repoUrl
          ? branchFromUrl((v.target ?? v.repoUrl)!)
          : undefined) ??
        'main',
      paths: v.paths ?? ['.'],
      repositoryFolder: normalizeFolder(v.repositoryFolder ?? folderFromUrl(v.target ?? v.repoUrl)),
      entityNamespace,
      namePrefix: v.namePrefix ?? '',
      domain,
      defaultOwner: owner,
      lifecycle: v.lifecycle ?? 'production',
      layers,
      autoLayers: v.autoLayers ?? 'kustomization',
      controlPlaneLayer: v.controlPlaneLayer,
      sources: [],
      repositories: {},
      operatorNamespaces: v.operatorNamespaces ?? ['platform-operators'],
      podSelectors: v.podSelectors ?? {},
      clusters: v.clusters ?? [],
      deletionGraceRuns: v.deletionGraceRuns ?? 3,
      maxRemovalShare: v.maxRemovalShare ?? DEFAULT_MAX_REMOVAL_SHARE,
      drift: { enabled: v.drift?.enabled ?? false },
      schedule,
    };
    // A source in a repository of its own (target or path) is read under an
    // id of its own; one in another provider's repository under that id.
    const rawSources: Array<z.infer<typeof sourceSchema>> = v.sources ?? DEFAULT_SOURCES;
    result.sources = rawSources.map(s => {
      const kind = s.kind ?? 'GitRepository';
      const namespace = s.namespace ?? 'flux-system';
      const mapping: SourceMapping = { kind, namespace, name: s.name, folder: normalizeFolder(s.folder) };
      if (s.provider && s.provider !== id) mapping.provider = s.provider;
      if (s.target || s.path) {
        const repoId = `${kind}/${namespace}/${s.name}`;
        const web = s.target ?? s.repoUrl;
        result.repositories[repoId] = {
          id: repoId,
          source: s.target ? { type: 'url', target: s.target } : { type: 'local', path: s.path! },
          repoUrl: s.repoUrl,
          branch: s.branch ?? (web ? branchFromUrl(web) : undefined) ?? 'main',
          repositoryFolder: normalizeFolder(folderFromUrl(web)),
        };
        mapping.provider = repoId;
      }
      return mapping;
    });
    return result;
  });

  // Several repositories and clusters coexist only when their names cannot
  // collide: each provider needs its own namespace or prefix.
  const scopes = new Map<string, string>();
  for (const c of configs) {
    const scope = `${c.entityNamespace}/${c.namePrefix}`;
    const other = scopes.get(scope);
    if (other) {
      fail(
        `catalog.providers.mlops.${c.id}.entityNamespace`,
        `providers '${other}' and '${c.id}' would both emit entities into namespace '${c.entityNamespace}'${
          c.namePrefix ? ` with prefix '${c.namePrefix}'` : ''
        }; give one of them its own entityNamespace or namePrefix`,
      );
    }
    scopes.set(scope, c.id);
  }
  // A source may live in another provider's repository: that provider must exist.
  const byId = new Map(configs.map(c => [c.id, c]));
  for (const c of configs) {
    c.sources.forEach((s, i) => {
      if (!s.provider || c.repositories[s.provider]) return;
      const other = byId.get(s.provider);
      if (!other) {
        fail(
          `catalog.providers.mlops.${c.id}.sources.${i}.provider`,
          `no enabled provider '${s.provider}' is configured`,
        );
      }
      c.repositories[other.id] = {
        id: other.id,
        source: other.source,
        repoUrl: other.repoUrl,
        branch: other.branch,
        repositoryFolder: other.repositoryFolder,
      };
    });
  }
  return configs;
}
