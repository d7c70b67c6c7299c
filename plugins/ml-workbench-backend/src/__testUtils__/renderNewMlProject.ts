import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMlProjectCreateAction } from '@mlops-portal/plugin-scaffolder-backend-module-mlops';
import type { Entity } from '@backstage/catalog-model';
import yaml from 'yaml';

/**
 * Renders a project with the New ML project template's own action
 * (`mlops:ml-project:create`, no GitOps checkout) into a temporary folder,
 * as the template's "Render the project" step does. The owner comes from the
 * caller, as in the portal: the action checks that `user` is a member of
 * `owner` in the catalog (here Backstage's in-memory catalog service).
 * The MLflow and MinIO URLs stay the template's in-cluster defaults (the
 * action refuses any other); the project's code takes MLFLOW_TRACKING_URI
 * and MINIO_ENDPOINT from its environment, as its Airflow tasks set them.
 */
export async function renderNewMlProject(options: {
  name: string;
  owner: string;
  /** The task's initiator; default a member of `owner`. */
  user?: { ref: string; memberOf: string[] };
}) {
  const user = options.user ?? { ref: 'user:default/sam', memberOf: [options.owner] };
  const userName = user.ref.split('/').pop()!;
  const catalog = catalogServiceMock({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: userName, namespace: 'default' },
        spec: { memberOf: user.memberOf },
        relations: user.memberOf.map(g => ({ type: 'memberOf', targetRef: g })),
      },
    ],
  });
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'new-ml-project-'));
  try {
    const ctx = createMockActionContext({
      workspacePath: workspace,
      user: { ref: user.ref },
      input: {
        name: options.name,
        description: `ML project ${options.name} (rendered by the ML workbench tests)`,
        owner: options.owner,
        targetPath: 'project',
      },
    });
    await createMlProjectCreateAction({ catalog }).handler({ ...ctx, isDryRun: false } as any);
  } catch (e) {
    fs.rmSync(workspace, { recursive: true, force: true });
    throw e;
  }
  const dir = path.join(workspace, 'project');
  const [component] = yaml.parseAllDocuments(fs.readFileSync(path.join(dir, 'catalog-info.yaml'), 'utf8')).map(d => d.toJS());
  return {
    dir,
    component: component as Entity,
    cleanup: () => fs.rmSync(workspace, { recursive: true, force: true }),
  };
}
