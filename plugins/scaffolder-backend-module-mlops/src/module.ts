import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  readGitopsTargetConfig,
  readHelmRepositoryPolicy,
  readMlProjectsLocalConfig,
} from './config';
import { createMlopsActions } from './actions';
import { readOwnershipConfig } from '@mlops-portal/plugin-mlops-node';
import { ChangeBranches } from './changePreviews/ChangeBranches';
import { GithubChangeBranches } from './changePreviews/GithubChangeBranches';
import { TemplatePreviewer } from './changePreviews/TemplatePreviewer';
import { createChangePreviewRouter } from './changePreviews/router';
import { startChangeBranchSignals } from './changePreviews/changeBranchSignals';

/**
 * Registers the MLOps scaffolder actions (`mlops:*`) with the scaffolder, and
 * the change preview routes on its router (`/api/scaffolder/mlops/…`), and
 * signals `mlops:change-branches` when the local GitOps repository's branches change.
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
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        urlReader: coreServices.urlReader,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        signals: signalsServiceRef,
      },
      async init({
        scaffolder,
        config,
        catalog,
        auth,
        permissions,
        httpRouter,
        httpAuth,
        urlReader,
        logger,
        lifecycle,
        signals,
      }) {
        const target = readGitopsTargetConfig(config);
        const integrations = ScmIntegrations.fromConfig(config);
        const name = config.getOptionalString('scaffolder.defaultAuthor.name');
        const email = config.getOptionalString(
          'scaffolder.defaultAuthor.email',
        );
        // Open pages learn at once when a change branch appears, moves or goes away.
        const githubBranches =
          target?.mode === 'github' ? new GithubChangeBranches({ target, integrations }) : undefined;
        const branchWatcher = startChangeBranchSignals({ target, signals, logger, lifecycle, github: githubBranches });
        const actions = createMlopsActions({
          target,
          defaultAuthor: name && email ? { name, email } : undefined,
          integrations,
          mlProjects: readMlProjectsLocalConfig(config),
          catalog,
          auth,
          helmRepositories: readHelmRepositoryPolicy(config),
          permissions,
          ownership: readOwnershipConfig(config),
          onBranchPushed: () => void branchWatcher?.check(),
        });
        scaffolder.addActions(...actions);
        httpRouter.use(
          createChangePreviewRouter({
            httpAuth,
            catalog,
            previewer: new TemplatePreviewer({
              catalog,
              actions,
              target,
              urlReader,
              logger,
            }),
            branches: new ChangeBranches(target, githubBranches),
          }),
        );
      },
    });
  },
});
