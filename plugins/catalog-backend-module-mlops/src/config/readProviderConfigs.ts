import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DEFAULT_LAYERS,
  LayerDefinition,
} from '@mlops-portal/plugin-mlops-common';
import { z } from 'zod';

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
  /** Full entity ref of the owner used when Git names none. */
  defaultOwner: string;
  /** `spec.lifecycle` of generated Components. */
  lifecycle: string;
  /** The namespace → layer map; one System each. */
  layers: LayerDefinition[];
  /** Layer of Flux objects that name none. */
  controlPlaneLayer: string;
  /** Namespaces whose HelmReleases are operators. */
  operatorNamespaces: string[];
  /** Per-chart pod label selectors (`{release}` = release name), beyond the built-in ones. */
  podSelectors: Record<string, string>;
  /** Written to `mlops-portal.io/clusters` when not empty. */
  clusters: string[];
  /** Runs an entity may be missing before it is removed. */
  deletionGraceRuns: number;
  /** The live drift view. */
  drift: { enabled: boolean };
  /** When to ingest. */
  schedule: SchedulerServiceTaskScheduleDefinition;
}

const ENTITY_REF =
  /^([a-zA-Z0-9]+:)?([a-zA-Z0-9\-_.]+\/)?[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/;
const NAME = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/;

const layerSchema = z.object({
  id: z.string().regex(NAME, 'must be a valid entity name'),
  title: z.string().min(1).optional(),
  namespace: z.string().min(1),
  description: z.string().optional(),
  dependsOn: z.array(z.string()).optional(),
});

const providerSchema = z
  .object({
    enabled: z.boolean().optional(),
    target: z.string().url('must be a URL').optional(),
    path: z.string().min(1).optional(),
    repoUrl: z.string().url('must be a URL').optional(),
    branch: z.string().min(1).optional(),
    paths: z.array(z.string().min(1)).min(1).optional(),
    defaultOwner: z
      .string()
      .regex(ENTITY_REF, 'must be an entity reference')
      .optional(),
    lifecycle: z.string().min(1).optional(),
    layers: z.array(layerSchema).min(1).optional(),
    controlPlaneLayer: z.string().min(1).optional(),
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
    if (value.layers && value.controlPlaneLayer) {
      if (!value.layers.some(l => l.id === value.controlPlaneLayer)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['controlPlaneLayer'],
          message: 'must be the id of one of the layers',
        });
      }
    }
  });

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 3 },
  initialDelay: { seconds: 15 },
};

function branchFromUrl(target: string): string | undefined {
  // github.com/<owner>/<repo>/tree/<branch>/... and gitlab.com/<group>/<project>/-/tree/<branch>/...
  const m = /\/(?:-\/)?(?:tree|blob)\/([^/]+)/.exec(new URL(target).pathname);
  return m?.[1];
}

/**
 * Reads every provider under `catalog.providers.mlops.<id>`. Pure: config in,
 * configs out. Invalid config throws an InputError naming the key path, so
 * the backend fails at start-up rather than ingesting something unexpected.
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
  return enabled.map(id => {
    const base = `catalog.providers.mlops.${id}`;
    if (!NAME.test(id)) {
      throw new InputError(`${base}: provider id must match ${NAME}`);
    }
    const raw = root.get(id);
    const parsed = providerSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const key = [base, ...issue.path].join('.');
      throw new InputError(`Invalid config at ${key}: ${issue.message}`);
    }
    const v = parsed.data;
    let schedule = DEFAULT_SCHEDULE;
    if (v.schedule !== undefined) {
      try {
        schedule = readSchedulerServiceTaskScheduleDefinitionFromConfig(
          root.getConfig(id).getConfig('schedule'),
        );
      } catch (e) {
        throw new InputError(
          `Invalid config at ${base}.schedule: ${(e as Error).message}`,
        );
      }
    }
    const layers: LayerDefinition[] = (v.layers ?? DEFAULT_LAYERS).map(l => ({
      id: l.id,
      title: l.title ?? l.id,
      namespace: l.namespace,
      description: l.description ?? '',
      dependsOn: l.dependsOn ?? [],
    }));
    const owner = v.defaultOwner ?? 'group:default/platform-team';
    return {
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
      defaultOwner: owner.includes(':') ? owner : `group:${owner}`,
      lifecycle: v.lifecycle ?? 'production',
      layers,
      controlPlaneLayer:
        v.controlPlaneLayer ??
        (layers.find(l => l.namespace === 'flux-system') ?? layers[0]).id,
      operatorNamespaces: v.operatorNamespaces ?? ['platform-operators'],
      podSelectors: v.podSelectors ?? {},
      clusters: v.clusters ?? [],
      deletionGraceRuns: v.deletionGraceRuns ?? 3,
      drift: { enabled: v.drift?.enabled ?? false },
      schedule,
    };
  });
}
