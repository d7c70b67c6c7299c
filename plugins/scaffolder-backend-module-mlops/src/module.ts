import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readGitopsTargetConfig, readHelmRepositoryPolicy, readMlProjectsLocalConfig } from './config';
import { createMlopsActions } from './actions';
import { readOwnershipConfig } from '@mlops-portal/plugin-mlops-node';

/**
 * Registers the MLOps scaffolder actions (`mlops:*`) with the scaffolder.
 * @public
 */
export const scaffolderModuleMlopsActions = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'mlops',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
      },
      async init({ scaffolder, config, catalog, auth, permissions }) {
        const target = readGitopsTargetConfig(config);
        const name = config.getOptionalString('scaffolder.defaultAuthor.name');
        const email = config.getOptionalString('scaffolder.defaultAuthor.email');
        scaffolder.addActions(
          ...createMlopsActions({
            target,
            defaultAuthor: name && email ? { name, email } : undefined,
            integrations: ScmIntegrations.fromConfig(config),
            mlProjects: readMlProjectsLocalConfig(config),
            catalog,
            auth,
            helmRepositories: readHelmRepositoryPolicy(config),
            permissions,
            ownership: readOwnershipConfig(config),
          }),
        );
      },
    });
  },
});
