import fs from 'node:fs';
import path from 'node:path';
import type { AuthService, PermissionsService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_ORIGIN_LOCATION,
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ANNOTATION_MLFLOW_MODELS,
  ANNOTATION_SERVING_PATH,
  mlNameRules,
  mlopsModelPromotePermission,
  readMlLinks,
} from '@mlops-portal/plugin-ml-workbench-common';
import { isTrustedOrigin, type OwnershipConfig } from '@mlops-portal/plugin-mlops-node';
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import { z } from 'zod/v3';
import { actionInputSchema, repoPathField, resolveRepoRoot } from '../gitops/common';
import { parseInput } from '../gitops/validation';
import { resolveInside, toPosixRelative } from '../gitops/workspacePaths';
import { detectStringifyOptions, parseYamlDocuments, stringifyYamlDocuments } from '../gitops/yamlDocuments';
import { WorkspaceTransaction } from '../gitops/WorkspaceTransaction';
import { examples } from './modelPromote.examples';

const ACTION_ID = 'mlops:model:promote';
/** The env var of the serving container that names the model it serves (MLflow model URI). */
export const MODEL_URI_ENV = 'MODEL_URI';

/** Input of `mlops:model:promote`. */
export const modelPromoteInputSchema = z
  .object({
    repoPath: repoPathField(),
    entityRef: z
      .string()
      .max(200)
      .regex(/^[a-z]+:[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-_.a-z0-9]*[a-z0-9])?$/i, {
        message: 'must be a full entity ref such as component:default/churn-prediction',
      })
      .describe('The catalog entity that names the model and its serving component (annotations)'),
    model: z.string().max(256).regex(mlNameRules.mlflow.re, { message: `must be ${mlNameRules.mlflow.rule}` }).describe('Registered model name'),
    version: z.string().max(10).regex(/^[1-9][0-9]{0,9}$/, { message: 'must be a model version number (1, 2, …)' }).describe('Model version to serve'),
    environment: z
      .string()
      .max(63)
      .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, { message: 'must be a DNS-1123 label' })
      .default('production')
      .describe('Overlay (environment) of the serving component'),
  })
  .strict();

/** A serving path without empty segments or a trailing slash, for comparing claims. */
const normalizePath = (p: string) => p.split('/').filter(Boolean).join('/');
/** Whether two serving folders are the same, or one holds the other. */
function overlaps(a: string, b: string): boolean {
  const x = normalizePath(a);
  const y = normalizePath(b);
  return x === y || x.startsWith(`${y}/`) || y.startsWith(`${x}/`);
}

/**
 * Whether the entity's serving path may decide which GitOps folder a
 * promotion changes: anyone may register a catalog entity, and an entity
 * owned by the caller's own team could name another team's folder. So the
 * annotation counts only when the entity comes from a trusted origin (the
 * same rule as the MLOps backend's ownership: the GitOps provider, the
 * portal's ML projects, an admin-configured catalog location), and no other
 * trusted entity names the same folder, or one inside or around it.
 */
async function assertTrustedServingPath(
  entity: Entity,
  entityRef: string,
  servingPath: string,
  deps: { catalog: CatalogService; auth: AuthService; ownership: OwnershipConfig },
): Promise<void> {
  const origin = entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
  if (!isTrustedOrigin(origin, deps.ownership)) {
    throw new NotAllowedError(
      `entityRef: ${entityRef} comes from ${origin ? `'${origin}'` : 'no known location'}, which is not trusted to decide ownership ` +
        `(only the GitOps repository, the portal's ML projects and the admin-configured catalog locations are), ` +
        `so its ${ANNOTATION_SERVING_PATH} '${servingPath}' cannot decide which GitOps folder a promotion changes`,
    );
  }
  // Read as the backend: what the user may see must not decide who else claims the folder.
  const credentials = await deps.auth.getOwnServiceCredentials();
  const { items } = await deps.catalog.getEntities(
    {
      filter: { [`metadata.annotations.${ANNOTATION_SERVING_PATH}`]: CATALOG_FILTER_EXISTS },
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.annotations'],
    },
    { credentials },
  );
  const others = items
    .filter(e => stringifyEntityRef(e) !== entityRef)
    .filter(e => isTrustedOrigin(e.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION], deps.ownership))
    .filter(e => {
      const p = e.metadata.annotations?.[ANNOTATION_SERVING_PATH]?.trim();
      return p ? overlaps(p, servingPath) : false;
    })
    .map(e => stringifyEntityRef(e));
  if (others.length) {
    throw new ConflictError(
      `entityRef: ${entityRef}'s ${ANNOTATION_SERVING_PATH} '${servingPath}' is also claimed by ${others.join(', ')}; ` +
        `a serving folder claimed by two trusted entities belongs to neither (an admin must resolve it)`,
    );
  }
}

/** Where a container env `MODEL_URI` sits in a document, and its scalar. */
function modelUriScalars(doc: Document): Array<{ path: string; node: any }> {
  const found: Array<{ path: string; node: any }> = [];
  const containers = doc.getIn(['spec', 'template', 'spec', 'containers'], true);
  if (!isSeq(containers)) return found;
  containers.items.forEach((c, ci) => {
    if (!isMap(c)) return;
    const env = c.get('env', true);
    if (!isSeq(env)) return;
    env.items.forEach((e, ei) => {
      if (!isMap(e) || e.get('name') !== MODEL_URI_ENV) return;
      const value = e.get('value', true);
      if (isScalar(value)) found.push({ path: `spec.template.spec.containers[${ci}].env[${ei}].value`, node: value });
    });
  });
  return found;
}

/**
 * `mlops:model:promote`: sets the MLflow model version the serving component
 * serves in one environment, the GitOps way. In the checkout, the folder
 * `<serving path>/overlays/<environment>/` (serving path from the entity's
 * `mlops-portal.io/serving-path` annotation, never from the form) holds
 * patches whose containers carry `MODEL_URI=models:/<model>/<version>`; only
 * that value changes. Allowed only when the task's initiator holds
 * `mlops.mlflow.model.promote` on the entity (its owners, by the portal's
 * policy), only for a model the entity names, and only when the entity's
 * serving path comes from a trusted origin and no other trusted entity
 * claims that folder (see assertTrustedServingPath).
 * @public
 */
export function createModelPromoteAction(options: {
  catalog?: CatalogService;
  permissions?: PermissionsService;
  /** Reads the catalog as the backend, for the other claims on the serving folder. */
  auth?: AuthService;
  /** Which catalog origins may decide ownership (`readOwnershipConfig`); by default only the built-in ones. */
  ownership?: OwnershipConfig;
}) {
  return createTemplateAction({
    id: ACTION_ID,
    description: "Sets the model version of an ML project's serving component in one environment's overlay; outputs a unified diff",
    examples,
    supportsDryRun: true,
    schema: {
      input: actionInputSchema(modelPromoteInputSchema),
      output: {
        diff: zs => zs.string(),
        filesChanged: zs => zs.array(zs.string()),
        changed: zs => zs.boolean().describe('False when the environment already serves that version'),
        previousModelUri: zs => zs.string(),
        modelUri: zs => zs.string(),
        overlayPath: zs => zs.string().describe('The overlay folder, relative to repoPath'),
      },
    },
    async handler(ctx) {
      const input = parseInput(modelPromoteInputSchema, ctx.input, ACTION_ID);
      if (!options.catalog || !options.permissions || !options.auth) {
        throw new NotAllowedError(`${ACTION_ID} needs the catalog, auth and permissions services to check who may promote`);
      }
      const entityRef = stringifyEntityRef(parseEntityRef(input.entityRef));
      const credentials = await ctx.getInitiatorCredentials();
      const entity = await options.catalog.getEntityByRef(entityRef, { credentials });
      if (!entity) throw new InputError(`entityRef: ${entityRef} is not in the catalog`);
      const links = readMlLinks(entity);
      if (!links.models.includes(input.model)) {
        throw new InputError(`model: '${input.model}' is not one of ${entityRef}'s models (annotation ${ANNOTATION_MLFLOW_MODELS})`);
      }
      if (!links.servingPath) {
        throw new InputError(`entityRef: ${entityRef} has no valid ${ANNOTATION_SERVING_PATH} annotation, so there is no serving component to change`);
      }
      const [decision] = await options.permissions.authorize(
        [{ permission: mlopsModelPromotePermission, resourceRef: entityRef }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(`not allowed to promote '${input.model}': ${mlopsModelPromotePermission.name} on ${entityRef} was denied`);
      }
      await assertTrustedServingPath(entity, entityRef, links.servingPath, {
        catalog: options.catalog,
        auth: options.auth,
        ownership: options.ownership ?? { trustedLocations: [] },
      });

      const root = resolveRepoRoot(ctx.workspacePath, input.repoPath);
      const overlayRel = `${links.servingPath}/overlays/${input.environment}`;
      const overlay = resolveInside(root, overlayRel, 'environment');
      if (!fs.existsSync(path.join(overlay, 'kustomization.yaml'))) {
        throw new InputError(`environment: ${overlayRel} has no kustomization.yaml (no '${input.environment}' overlay for ${entityRef})`);
      }
      const modelUri = `models:/${input.model}/${input.version}`;
      const tx = new WorkspaceTransaction(root);
      const previous = new Set<string>();
      const entries = fs.readdirSync(overlay, { withFileTypes: true });
      for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        // Regular files directly in the overlay: no symlinks, no sub-folders.
        if (!e.isFile() || !/\.ya?ml$/.test(e.name) || e.name === 'kustomization.yaml') continue;
        const abs = resolveInside(root, `${overlayRel}/${e.name}`, 'environment');
        const text = fs.readFileSync(abs, 'utf8');
        const docs = parseYamlDocuments(text, `${overlayRel}/${e.name}`);
        let touched = false;
        for (const doc of docs) {
          for (const { path: where, node } of modelUriScalars(doc)) {
            const current = String(node.value);
            if (!current.startsWith(`models:/${input.model}/`) && !current.startsWith(`models:/${input.model}@`)) {
              throw new ConflictError(
                `environment: ${overlayRel}/${e.name} ${where} serves '${current}', not model '${input.model}'; refusing to switch models`,
              );
            }
            previous.add(current);
            if (current !== modelUri) {
              node.value = modelUri;
              touched = true;
            }
          }
        }
        if (touched) await tx.write(abs, stringifyYamlDocuments(docs, detectStringifyOptions(text)));
      }
      if (!previous.size) {
        throw new InputError(
          `environment: ${overlayRel} has no container env ${MODEL_URI_ENV} to set (expected a Deployment patch with env ${MODEL_URI_ENV}: models:/${input.model}/<version>)`,
        );
      }
      const filesChanged = tx.filesChanged();
      if (!ctx.isDryRun && filesChanged.length) {
        await ctx.checkpoint({
          key: `mlops.model.promote.${entityRef}.${input.environment}.${input.version}`,
          fn: async () => {
            await tx.commit();
          },
        });
      }
      ctx.output('diff', tx.diff());
      ctx.output('filesChanged', filesChanged);
      ctx.output('changed', filesChanged.length > 0);
      ctx.output('previousModelUri', [...previous].join(', '));
      ctx.output('modelUri', modelUri);
      ctx.output('overlayPath', toPosixRelative(root, overlay));
    },
  });
}
