import fs from 'node:fs';
import path from 'node:path';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ConflictError, InputError } from '@backstage/errors';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { AuthService } from '@backstage/backend-plugin-api';
import yaml from 'yaml';
import { z } from 'zod/v3';
import type { MlProjectsLocalConfig } from '../config';
import { actionInputSchema } from '../gitops/common';
import { parseInput } from '../gitops/validation';
import { resolveInside } from '../gitops/workspacePaths';
import {
  CATALOG_INFO_FILE,
  ML_PROJECT_LOCATION_TYPE,
  projectRepoDir,
} from '../mlProject/localProjectRepos';
import { assertMayWriteProject } from '../mlProject/projectOwnership';
import { readProjectOwner } from '../mlProject/projectRepo';
import { resolveCaller } from '../ownership/caller';
import { examples } from './mlProjectRegisterLocal.examples';

const ACTION_ID = 'mlops:ml-project:register-local';

/** Input of `mlops:ml-project:register-local`. */
export const mlProjectRegisterLocalInputSchema = z.object({
  name: z
    .string()
    .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, {
      message: 'must be lower-case letters, digits and "-", starting with a letter',
    })
    .max(40)
    .describe('Project name: registers <reposDir>/<name>/catalog-info.yaml'),
  sourcePath: z
    .string()
    .max(200)
    .default('project')
    .describe('Workspace folder with the project source; its catalog-info.yaml names the entity'),
});

/**
 * `mlops:ml-project:register-local`: the local mode's catalog:register.
 * Adds the project repository's catalog-info.yaml to the catalog through
 * the catalog's own API, as a location of type `mlops-ml-project` (read by
 * this package's catalog module, only inside mlops.mlProjects.local.reposDir),
 * on behalf of the user who runs the template. A location that is already
 * registered is kept (reruns). Outputs the ref of the project's Component.
 * Registers only for a member of the project's owner (its catalog-info.yaml
 * on main, and the catalog's entity of that name when there is one).
 * @public
 */
export function createMlProjectRegisterLocalAction(options: {
  mlProjects?: MlProjectsLocalConfig;
  catalog?: CatalogService;
  auth?: AuthService;
}) {
  return createTemplateAction({
    id: ACTION_ID,
    description:
      "Registers a local ML project repository's catalog-info.yaml in the catalog (location type mlops-ml-project)",
    examples,
    supportsDryRun: true,
    schema: {
      input: actionInputSchema(mlProjectRegisterLocalInputSchema),
      output: {
        entityRef: zs => zs.string().describe('The Component of the project'),
        catalogInfoUrl: zs => zs.string().describe('Location registered: mlops-ml-project:<path>'),
        registered: zs => zs.boolean().describe('False when the location was already registered (or dry-run)'),
      },
    },
    async handler(ctx) {
      const input = parseInput(mlProjectRegisterLocalInputSchema, ctx.input, ACTION_ID);
      const reposDir = options.mlProjects?.reposDir;
      if (!reposDir) {
        throw new InputError(
          'mlops.mlProjects.local.reposDir is not configured: set it in app-config to register ML projects locally',
        );
      }
      if (!options.catalog) {
        throw new InputError('mlops:ml-project:register-local needs the catalog service');
      }
      const target = path.join(projectRepoDir(reposDir, input.name), CATALOG_INFO_FILE);
      const sourceFile = resolveInside(ctx.workspacePath, path.join(input.sourcePath, CATALOG_INFO_FILE), 'sourcePath');
      ctx.output('catalogInfoUrl', `${ML_PROJECT_LOCATION_TYPE}:${target}`);
      if (ctx.isDryRun) {
        // mlops:ml-project:create writes nothing in a dry-run; name the
        // entity only when the file is there.
        ctx.output('entityRef', fs.existsSync(sourceFile) ? componentRef(sourceFile, input.sourcePath) : '');
        ctx.output('registered', false);
        return;
      }
      const entityRef = componentRef(sourceFile, input.sourcePath);
      ctx.output('entityRef', entityRef);
      if (!fs.existsSync(target)) {
        throw new InputError(
          `name: ${target} does not exist (run mlops:ml-project:publish-local first)`,
        );
      }
      const repoOwner = await readProjectOwner(path.dirname(target));
      if (!repoOwner) {
        throw new ConflictError(`name: ${target} on main of the project repository names no owner`);
      }
      const caller = await resolveCaller(ctx, options, ACTION_ID);
      await assertMayWriteProject(input.name, repoOwner, caller, {
        ...options,
        reposDir,
      });
      const credentials = await ctx.getInitiatorCredentials();
      const registered = await ctx.checkpoint({
        key: `mlops.ml-project.register-local.${input.name}`,
        fn: async () => {
          const existing = await options.catalog!.getLocationByRef(
            `${ML_PROJECT_LOCATION_TYPE}:${target}`,
            { credentials },
          );
          if (existing) return false;
          try {
            await options.catalog!.addLocation(
              { type: ML_PROJECT_LOCATION_TYPE, target },
              { credentials },
            );
          } catch (e) {
            // Registered in between (a concurrent run): same result.
            if ((e as Error)?.name === 'ConflictError') return false;
            throw e;
          }
          return true;
        },
      });
      ctx.logger.info(
        registered
          ? `Registered ${target} in the catalog; ${entityRef} appears once the catalog has read it`
          : `${target} was already registered; the catalog re-reads it on its next refresh`,
      );
      ctx.output('registered', registered);
    },
  });
}

/** The Component's ref from a catalog-info.yaml (the first Component document). */
function componentRef(file: string, field: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new InputError(`sourcePath: '${field}' has no ${CATALOG_INFO_FILE} (run mlops:ml-project:create first)`);
  }
  const component = yaml
    .parseAllDocuments(text)
    .map(d => d.toJS())
    .find(e => e?.kind === 'Component');
  if (!component?.metadata?.name) {
    throw new ConflictError(`sourcePath: ${CATALOG_INFO_FILE} of '${field}' has no Component`);
  }
  return stringifyEntityRef({
    kind: 'Component',
    namespace: component.metadata.namespace ?? 'default',
    name: component.metadata.name,
  });
}
