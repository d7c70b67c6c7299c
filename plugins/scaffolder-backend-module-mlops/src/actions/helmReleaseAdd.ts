import path from 'node:path';
import fs from 'node:fs';
import Ajv from 'ajv';
import { Document, isMap } from 'yaml';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod/v3';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ConflictError, InputError } from '@backstage/errors';
import {
  DEFAULT_LAYERS,
  LABEL_COMPONENT,
  LABEL_LAYER,
  LABEL_OWNER,
} from '@mlops-portal/plugin-mlops-common';
import { examples } from './helmReleaseAdd.examples';
import {
  findLayer,
  isChartVersion,
  parseInput,
} from '../gitops/validation';
import {
  ANNOTATION_DESCRIPTION,
  dnsName,
  findKustomizationFile,
  oneLine,
  ownerLabelValue,
  repoPathField,
  platformNamespaceField,
  resolveRepoRoot,
  actionInputSchema,
  entityRefField,
} from '../gitops/common';
import { HelmRepositoryPolicy, helmRepoUrlProblem, MAX_URL_LENGTH } from '../gitops/urls';
import { escapeRegExp, mentionsKind, readRepoYamlFiles } from '../gitops/repoFiles';
import { findObjects } from '../gitops/repoObjects';
import {
  findHelmRepositoryByUrl,
  helmRepositoryNameFromUrl,
  isOciUrl,
  mostCommon,
} from '../gitops/helmRepositories';
import {
  addKustomizationResource,
  detectStringifyOptions,
  parseYamlInput,
  stringifyYamlDocuments,
} from '../gitops/yamlDocuments';
import { WorkspaceTransaction } from '../gitops/WorkspaceTransaction';
import { resolveInside, toPosixRelative } from '../gitops/workspacePaths';

const ACTION_ID = 'mlops:helmrelease:add';

/** Flux API versions written (Flux 2.3+; the beta versions are removed upstream). */
export const HELMRELEASE_API_VERSION = 'helm.toolkit.fluxcd.io/v2';
/** @see https://fluxcd.io/flux/components/source/helmrepositories/ */
export const HELMREPOSITORY_API_VERSION = 'source.toolkit.fluxcd.io/v1';

/** The input schema, shared by the scaffolder (as JSON schema) and the handler. */
export const helmReleaseAddInputSchema = z.object({
  repoPath: repoPathField(),
  name: dnsName(53).describe(
    'HelmRelease name (DNS-1123, at most 53 characters: the Helm release name limit)',
  ),
  layer: z
    .enum(DEFAULT_LAYERS.map(l => l.id) as [string, ...string[]])
    .optional()
    .describe('Platform layer id; sets the namespace and the folder'),
  namespace: platformNamespaceField(
    "Namespace of the HelmRelease (defaults to the layer's)",
  ),
  path: z
    .string()
    .optional()
    .describe(
      'Folder (relative to repoPath) to write into; default: the folder holding the namespace\'s HelmReleases',
    ),
  chart: z
    .string()
    .max(253)
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, {
      message: 'must be a chart name: letters, digits, ".", "_" and "-" only',
    })
    .max(253)
    .describe('Chart name in the chart repository'),
  version: z
    .string()
    .max(100)
    .refine(isChartVersion, {
      message: 'must be a semver version (1.2.3) or a semver range (>=1.2.0 <2.0.0, ~1.2, 1.x)',
    })
    .describe('Chart version or semver range'),
  helmRepoUrl: z
    .string()
    .max(MAX_URL_LENGTH)
    .superRefine((v, c) => {
      const problem = helmRepoUrlProblem(v);
      if (problem) c.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    })
    .describe('Chart repository URL (https:// index or oci:// registry on a public host)'),
  helmRepoName: dnsName()
    .optional()
    .describe('Name for a new HelmRepository (default: derived from the URL)'),
  values: z
    .string()
    .max(100_000)
    .optional()
    .describe('Helm values as a YAML mapping'),
  valuesSchema: z
    .string()
    .max(1_000_000)
    .optional()
    .describe("The chart's values.schema.json (JSON text); values are checked against it"),
  interval: z
    .string()
    .max(50)
    .regex(/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/, {
      message: 'must be a Go duration such as 10m or 1h30m',
    })
    .default('10m')
    .describe('Reconcile interval'),
  owner: entityRefField('group:default/platform-team')
    .optional()
    .describe('Owning group (entity ref); written as the owner label'),
  description: oneLine().optional().describe('One-line description'),
  dependsOn: z
    .array(
      z.string().max(127).regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\/)?[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
        message: 'each entry must be <name> or <namespace>/<name> of a HelmRelease',
      }),
    )
    .max(50)
    .optional()
    .describe('HelmReleases to install first'),
  overwrite: z
    .boolean()
    .default(false)
    .describe('Replace an existing HelmRelease of the same name'),
});

/** Input of {@link createHelmReleaseAddAction}. @public */
export type HelmReleaseAddInput = z.input<typeof helmReleaseAddInputSchema>;

/** Result of planning an add, before anything is written. */
export interface HelmReleaseAddPlan {
  tx: WorkspaceTransaction;
  releasePath: string;
  kustomizationPath: string;
  helmRepository: { name: string; namespace: string; created: boolean };
}

/**
 * Computes every file change of `mlops:helmrelease:add` without writing
 * anything. Exported for the benchmark and tests.
 */
export async function planHelmReleaseAdd(
  workspacePath: string,
  rawInput: unknown,
  policy: HelmRepositoryPolicy = {},
): Promise<HelmReleaseAddPlan> {
  const input = parseInput(helmReleaseAddInputSchema, rawInput, ACTION_ID);
  // Again with the configured allow-list (the schema knows no config).
  const urlProblem = helmRepoUrlProblem(input.helmRepoUrl, policy);
  if (urlProblem) throw new InputError(`helmRepoUrl: ${urlProblem}`);
  const root = resolveRepoRoot(workspacePath, input.repoPath);
  if (!input.layer && !input.namespace) {
    throw new InputError('layer: give a layer (or a namespace)');
  }
  const layer = findLayer(input);
  if (!layer) {
    throw new InputError(
      `namespace: '${input.namespace}' belongs to no platform layer`,
    );
  }
  const namespace = input.namespace ?? layer.namespace;
  if (namespace !== layer.namespace) {
    throw new InputError(
      `namespace: '${namespace}' is not the namespace of layer '${layer.id}' (${layer.namespace})`,
    );
  }

  // Values first: cheap, and the most common mistake.
  const valuesDoc = input.values ? parseYamlInput(input.values, 'values') : undefined;
  if (input.values) {
    const problem = valuesSubstitutionProblem(input.values);
    if (problem) throw new InputError(`values: ${problem}`);
  }
  let valuesJs: unknown;
  try {
    // toJS caps alias expansion (yaml's maxAliasCount): a "billion laughs"
    // document fails here instead of filling the backend's memory.
    valuesJs = valuesDoc?.toJS() ?? {};
  } catch (e) {
    throw new InputError(`values: ${(e as Error).message}`);
  }
  if (input.valuesSchema) validateValues(valuesJs, input.valuesSchema);

  const files = await readRepoYamlFiles(root);
  const tx = new WorkspaceTransaction(root);

  // Existing release of that name in that namespace, anywhere in the repo.
  const nameRe = new RegExp(`name:[ \\t]*["']?${escapeRegExp(input.name)}["']?[ \\t\\r]*$`, 'm');
  const existing = findObjects(files, 'HelmRelease', f => nameRe.test(f.text)).find(
    o => o.name === input.name && (o.namespace ?? namespace) === namespace,
  );

  // The folder: explicit, else where this namespace's releases live, else a
  // folder named after the namespace or layer.
  let dir: string;
  if (input.path !== undefined) {
    dir = resolveInside(root, input.path, 'path');
  } else if (existing) {
    dir = path.dirname(existing.file.abs);
  } else {
    dir = discoverLayerFolder(files, namespace, layer.id);
  }
  const kustomizationFile = findKustomizationFile(dir);
  if (!kustomizationFile) {
    throw new InputError(
      `path: folder '${toPosixRelative(root, dir) || '.'}' has no kustomization.yaml, so a new file there would never be applied`,
    );
  }

  // The chart source.
  const found = findHelmRepositoryByUrl(files, input.helmRepoUrl, namespace);
  let helmRepository: HelmReleaseAddPlan['helmRepository'];
  let newRepoDoc: Document | undefined;
  if (found) {
    helmRepository = {
      name: found.name!,
      namespace: found.namespace ?? namespace,
      created: false,
    };
  } else {
    // The reference repo (and Flux's own examples) keep a component's
    // HelmRepository in the same file as its HelmRelease, in its namespace.
    const repoName = input.helmRepoName ?? helmRepositoryNameFromUrl(input.helmRepoUrl);
    const repoNameRe = new RegExp(`name:[ \\t]*["']?${escapeRegExp(repoName)}["']?[ \\t\\r]*$`, 'm');
    const clash = findObjects(files, 'HelmRepository', f => repoNameRe.test(f.text)).find(
      o => o.name === repoName && (o.namespace ?? namespace) === namespace,
    );
    if (clash) {
      throw new ConflictError(
        `helmRepoName: a HelmRepository '${repoName}' in '${namespace}' already exists (${clash.file.rel}) with a different URL; choose another name`,
      );
    }
    const spec: Record<string, unknown> = {};
    // OCI HelmRepositories have no index to fetch; Flux needs the type set.
    // https://fluxcd.io/flux/components/source/helmrepositories/#helm-oci-repository
    if (isOciUrl(input.helmRepoUrl)) spec.type = 'oci';
    spec.interval = '12h';
    spec.url = input.helmRepoUrl;
    newRepoDoc = new Document({
      apiVersion: HELMREPOSITORY_API_VERSION,
      kind: 'HelmRepository',
      metadata: { name: repoName, namespace, labels: ownershipLabels(input, layer.id) },
      spec,
    });
    helmRepository = { name: repoName, namespace, created: true };
  }

  const releaseDoc = buildHelmRelease(input, layer.id, namespace, helmRepository, valuesDoc);

  let releasePath: string;
  if (existing) {
    releasePath = existing.file.abs;
    const current = existing.docs[existing.index];
    const same = !newRepoDoc && isDeepStrictEqual(current.toJS(), releaseDoc.toJS());
    if (!same && !input.overwrite) {
      throw new ConflictError(
        `name: a HelmRelease '${input.name}' already exists in namespace '${namespace}' (${existing.file.rel}); set overwrite: true to replace it`,
      );
    }
    if (!same) {
      const docs = [...existing.docs];
      if (newRepoDoc) docs.splice(existing.index, 0, newRepoDoc);
      releaseDoc.directives!.docStart = current.directives?.docStart ?? null;
      docs[existing.index] = releaseDoc;
      await tx.write(
        releasePath,
        stringifyYamlDocuments(docs, detectStringifyOptions(existing.file.text)),
      );
    }
  } else {
    releasePath = path.join(dir, `${input.name}.yaml`);
    if (fs.existsSync(releasePath)) {
      throw new ConflictError(
        `name: file ${toPosixRelative(root, releasePath)} already exists and holds no HelmRelease '${input.name}'`,
      );
    }
    const docs = newRepoDoc ? [newRepoDoc, releaseDoc] : [releaseDoc];
    if (newRepoDoc) releaseDoc.directives!.docStart = true;
    await tx.write(releasePath, stringifyYamlDocuments(docs, { lineWidth: 0 }));
  }
  await addToKustomization(
    tx,
    kustomizationFile,
    path.relative(path.dirname(kustomizationFile), releasePath).split(path.sep).join('/'),
    root,
  );
  return {
    tx,
    releasePath: toPosixRelative(root, releasePath),
    kustomizationPath: toPosixRelative(root, kustomizationFile),
    helmRepository,
  };
}

/**
 * `${NAME}` and `${NAME:=default}` of a platform setting are the platform's
 * own use of Flux substitution in Helm values; any other `${…}` (Flux's
 * envsubst also has string functions) is refused.
 */
function valuesSubstitutionProblem(text: string): string | undefined {
  const rest = text.replace(/\$\{[A-Z][A-Z0-9_]{0,99}(:=[^${}\n]{0,200})?\}/g, '');
  if (rest.includes('${')) {
    return 'may use "${" only as ${SETTING} or ${SETTING:=default} of a platform setting (Flux substitutes it)';
  }
  return undefined;
}

/**
 * Keywords whose value is a regular expression: ajv would run the user's
 * own pattern on the user's own values inside the backend, a ReDoS. They
 * are left out of the portal's early check; Helm checks the full schema
 * when helm-controller installs the chart.
 */
const REGEX_KEYWORDS = new Set(['pattern', 'patternProperties']);

function withoutRegexKeywords(node: unknown, depth = 0): unknown {
  if (depth > 64) throw new InputError('valuesSchema: nested deeper than 64 levels');
  if (Array.isArray(node)) return node.map(n => withoutRegexKeywords(n, depth + 1));
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (REGEX_KEYWORDS.has(k) && (typeof v === 'string' || (v && typeof v === 'object' && !Array.isArray(v)))) continue;
      out[k] = withoutRegexKeywords(v, depth + 1);
    }
    return out;
  }
  return node;
}

function validateValues(values: unknown, schemaText: string) {
  let schema: unknown;
  try {
    schema = withoutRegexKeywords(JSON.parse(schemaText));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`valuesSchema: not valid JSON: ${(e as Error).message}`);
  }
  // Chart schemas are draft-07 in practice (helm lint uses that draft).
  const ajv = new Ajv({ allErrors: true, strict: false });
  let validate;
  try {
    validate = ajv.compile(schema as object);
  } catch (e) {
    throw new InputError(`valuesSchema: not a valid JSON schema: ${(e as Error).message}`);
  }
  if (!validate(values)) {
    throw new InputError(
      `values: do not match the chart's values schema: ${ajv.errorsText(validate.errors, { dataVar: 'values' })}`,
    );
  }
}

function discoverLayerFolder(
  files: Awaited<ReturnType<typeof readRepoYamlFiles>>,
  namespace: string,
  layerId: string,
): string {
  // Text match only: parsing every release in the namespace would cost more
  // than the whole time budget on a big repo, and a folder vote needs no more.
  const nsRe = new RegExp(`^[ \\t]+namespace:[ \\t]*["']?${escapeRegExp(namespace)}["']?[ \\t\\r]*$`, 'm');
  const dirs = files
    .filter(f => mentionsKind(f, 'HelmRelease') && nsRe.test(f.text))
    .map(f => path.dirname(f.abs));
  if (dirs.length) return mostCommon(dirs);
  for (const candidate of [namespace, layerId]) {
    const match = files.find(f => path.basename(path.dirname(f.abs)) === candidate);
    if (match) return path.dirname(match.abs);
  }
  throw new InputError(
    `layer: found no folder for layer '${layerId}' (namespace '${namespace}') in the repository; give 'path'`,
  );
}

async function addToKustomization(
  tx: WorkspaceTransaction,
  kustomizationFile: string,
  entry: string,
  root: string,
): Promise<void> {
  const text = (await tx.read(kustomizationFile)) ?? '';
  const next = addKustomizationResource(text, entry, toPosixRelative(root, kustomizationFile));
  if (next !== text) await tx.write(kustomizationFile, next);
}

/** The labels the catalog module reads for ownership and layer placement. */
function ownershipLabels(
  input: { owner?: string; name: string },
  layerId: string,
): Record<string, string> {
  const labels: Record<string, string> = {};
  if (input.owner) labels[LABEL_OWNER] = ownerLabelValue(input.owner);
  labels[LABEL_LAYER] = layerId;
  labels[LABEL_COMPONENT] = input.name;
  return labels;
}

function buildHelmRelease(
  input: z.infer<typeof helmReleaseAddInputSchema>,
  layerId: string,
  namespace: string,
  source: { name: string; namespace: string },
  valuesDoc?: Document,
): Document {
  const metadata: Record<string, unknown> = {
    name: input.name,
    namespace,
    labels: ownershipLabels(input, layerId),
  };
  if (input.description) metadata.annotations = { [ANNOTATION_DESCRIPTION]: input.description };
  const spec: Record<string, unknown> = {
    interval: input.interval,
    chart: {
      spec: {
        chart: input.chart,
        version: input.version,
        // Same-namespace refs are written without a namespace, as in the
        // reference repo; cross-namespace ones need it.
        sourceRef:
          source.namespace === namespace
            ? { kind: 'HelmRepository', name: source.name }
            : { kind: 'HelmRepository', name: source.name, namespace: source.namespace },
      },
    },
  };
  if (input.dependsOn?.length) {
    spec.dependsOn = input.dependsOn.map(d => {
      const [a, b] = d.split('/');
      return b ? { name: b, namespace: a } : { name: a };
    });
  }
  const doc = new Document({
    apiVersion: HELMRELEASE_API_VERSION,
    kind: 'HelmRelease',
    metadata,
    spec,
  });
  // Set the parsed values node itself, so comments the user wrote in the
  // values are kept in the file.
  if (valuesDoc && isMap(valuesDoc.contents) && valuesDoc.contents.items.length) {
    (doc.get('spec') as any).set('values', valuesDoc.contents);
  }
  return doc;
}

/**
 * `mlops:helmrelease:add`: adds a HelmRelease (and its HelmRepository when the
 * repo has none for that URL) to a checkout of the GitOps repo, and lists the
 * new file in its folder's kustomization.yaml.
 * @public
 */
export function createHelmReleaseAddAction(options: { helmRepositories?: HelmRepositoryPolicy } = {}) {
  return createTemplateAction({
    id: ACTION_ID,
    description:
      'Adds a Flux HelmRelease (and HelmRepository) to a GitOps checkout and its kustomization.yaml; outputs a unified diff',
    examples,
    supportsDryRun: true,
    schema: {
      input: actionInputSchema(helmReleaseAddInputSchema),
      output: {
        diff: zs => zs.string().describe('Unified diff of the change'),
        filesChanged: zs => zs.array(zs.string()).describe('Files changed, relative to repoPath'),
        changed: zs => zs.boolean().describe('False when the repo already had exactly this release'),
        releasePath: zs => zs.string().describe('File holding the HelmRelease'),
        kustomizationPath: zs => zs.string(),
        helmRepositoryName: zs => zs.string(),
        helmRepositoryNamespace: zs => zs.string(),
      },
    },
    async handler(ctx) {
      const plan = await planHelmReleaseAdd(ctx.workspacePath, ctx.input, options.helmRepositories);
      const filesChanged = plan.tx.filesChanged();
      if (!ctx.isDryRun && filesChanged.length) {
        await ctx.checkpoint({
          key: `mlops.helmrelease.add.${plan.releasePath}`,
          fn: async () => {
            await plan.tx.commit();
          },
        });
      }
      ctx.logger.info(
        filesChanged.length
          ? `${ctx.isDryRun ? 'Would change' : 'Changed'} ${filesChanged.join(', ')}`
          : 'The repository already has this HelmRelease; nothing to change',
      );
      ctx.output('diff', plan.tx.diff());
      ctx.output('filesChanged', filesChanged);
      ctx.output('changed', filesChanged.length > 0);
      ctx.output('releasePath', plan.releasePath);
      ctx.output('kustomizationPath', plan.kustomizationPath);
      ctx.output('helmRepositoryName', plan.helmRepository.name);
      ctx.output('helmRepositoryNamespace', plan.helmRepository.namespace);
    },
  });
}
