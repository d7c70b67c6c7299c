import fs from 'node:fs';
import path from 'node:path';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ConflictError, InputError } from '@backstage/errors';
import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { z } from 'zod/v3';
import {
  actionInputSchema,
  entityRefField,
  findKustomizationFile,
  oneLine,
  ownerLabelValue,
} from '../gitops/common';
import { readRepoYamlFiles } from '../gitops/repoFiles';
import { findObjects } from '../gitops/repoObjects';
import { checkSettingValue } from '../gitops/settings';
import { parseInput, platformNamespaces } from '../gitops/validation';
import { resolveInside, toPosixRelative } from '../gitops/workspacePaths';
import { addKustomizationResource, parseYamlDocuments } from '../gitops/yamlDocuments';
import { WorkspaceTransaction } from '../gitops/WorkspaceTransaction';
import { mostCommon } from '../gitops/helmRepositories';
import { MlProjectSpec, projectNames, renderGitopsFiles, renderProjectFiles } from '../mlProject/renderMlProject';
import { bootstrapServersProblem, inClusterUrlProblem } from '../gitops/urls';
import type { MlProjectsLocalConfig } from '../config';
import { assertMayWriteProject } from '../mlProject/projectOwnership';
import { resolveCaller } from '../ownership/caller';
import { examples } from './mlProjectCreate.examples';

const ACTION_ID = 'mlops:ml-project:create';

const entityRef = (kind: string, def: string) =>
  entityRefField(def).default(def).describe(`${kind} entity the project depends on`);
/** A platform Service URL (credentials are sent there; see inClusterUrlProblem). */
const inClusterUrl = (def: string) =>
  z
    .string()
    .max(2048)
    .superRefine((v, c) => {
      const problem = inClusterUrlProblem(v);
      if (problem) c.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    })
    .default(def);
const k8sName = (def: string) =>
  z
    .string()
    .max(63)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { message: 'must be a DNS-1123 name' })
    .default(def);
const workspaceFolder = () => z.string().max(200);

/** Input of `mlops:ml-project:create`. */
export const mlProjectCreateInputSchema = z.object({
  name: z
    .string()
    .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, {
      message:
        'must be lower-case letters, digits and "-", starting with a letter (it becomes a Kubernetes name and a Python package)',
    })
    .max(40)
    .describe('Project name'),
  description: oneLine().describe('One-line description'),
  owner: entityRefField('group:default/ml-team').describe('Owning group (you must be a member)'),
  targetPath: workspaceFolder().default('project').describe('Workspace folder for the project source'),
  gitopsRepoPath: workspaceFolder()
    .optional()
    .describe('Workspace folder of the GitOps checkout (Flux tree); platform resources go there when set'),
  gitopsFolder: workspaceFolder()
    .optional()
    .describe('Folder (relative to gitopsRepoPath) whose kustomization.yaml lists the project folder; default: the processing layer folder'),
  image: z
    .string()
    .max(255)
    .regex(/^[a-z0-9]([a-z0-9._/:@-]*[a-z0-9])?$/, { message: 'must be a container image reference' })
    .optional()
    .describe('Training image (default ghcr.io/mlops-portal/<name>:0.1.0)'),
  schedule: z.string().max(100).default('@daily').describe('Airflow schedule (cron or @daily etc.)'),
  labelColumn: z
    .string()
    .max(100)
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'must be a column name (letters, digits, _)' })
    .default('label'),
  kafkaCluster: k8sName('mlops-kafka'),
  kafkaNamespace: k8sName('data-plane'),
  kafkaBootstrapServers: z
    .string()
    .max(1000)
    .superRefine((v, c) => {
      const problem = bootstrapServersProblem(v);
      if (problem) c.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    })
    .default('mlops-kafka-kafka-bootstrap.data-plane:9092'),
  minioEndpoint: inClusterUrl('http://minio.data-plane.svc.cluster.local'),
  minioNamespace: k8sName('data-plane'),
  minioConfigSecret: k8sName('mlops-minio-env-configuration').describe(
    "Secret with the tenant's config.env (MINIO_ROOT_USER/PASSWORD)",
  ),
  mlflowTrackingUri: inClusterUrl('http://mlflow.ml-lifecycle.svc.cluster.local:5000'),
  processingNamespace: z
    .string()
    .refine(v => platformNamespaces().includes(v), { message: "must be one of the platform's namespaces" })
    .default('processing-jobs'),
  kafkaEntity: entityRef('Kafka', 'resource:default/mlops-kafka'),
  minioEntity: entityRef('MinIO', 'resource:default/mlops-minio'),
  airflowEntity: entityRef('Airflow', 'component:default/airflow'),
  mlflowEntity: entityRef('MLflow', 'component:default/mlflow'),
  sparkEntity: entityRef('Spark', 'component:default/spark-operator'),
  system: k8sName('processing').describe('System (platform layer) the project is part of'),
});

/**
 * `mlops:ml-project:create`: renders an ML project (training code logging to
 * MLflow and reading MinIO, an Airflow DAG, a SparkApplication, tests,
 * README, catalog-info.yaml) into the workspace, and, when a GitOps checkout
 * is given, its platform resources (Kafka topics, bucket Job) as a new
 * Kustomize folder listed in the processing layer. An existing project
 * (its local repository or its catalog entity) is refused unless the caller
 * is a member of its owner and keeps that owner; a new one can only be made
 * for a group the caller belongs to. Checked first, also in dry-run.
 * @public
 */
export function createMlProjectCreateAction(
  options: { catalog?: CatalogService; auth?: AuthService; mlProjects?: MlProjectsLocalConfig } = {},
) {
  return createTemplateAction({
    id: ACTION_ID,
    description: 'Renders an ML project wired to the platform (Kafka, MinIO, Spark, Airflow, MLflow) and its GitOps resources',
    examples,
    supportsDryRun: true,
    schema: {
      input: actionInputSchema(mlProjectCreateInputSchema),
      output: {
        diff: zs => zs.string(),
        filesChanged: zs => zs.array(zs.string()).describe('Relative to the workspace'),
        changed: zs => zs.boolean(),
        projectPath: zs => zs.string(),
        catalogInfoPath: zs => zs.string().describe('catalog-info.yaml relative to the project root'),
        gitopsPath: zs => zs.string().describe('Folder of the platform resources, relative to gitopsRepoPath (empty if none)'),
        componentRef: zs => zs.string(),
        bucket: zs => zs.string(),
        topics: zs => zs.array(zs.string()),
      },
    },
    async handler(ctx) {
      const input = parseInput(mlProjectCreateInputSchema, ctx.input, ACTION_ID);
      const caller = await resolveCaller(ctx, options, ACTION_ID);
      await assertMayWriteProject(input.name, input.owner, caller, {
        ...options,
        reposDir: options.mlProjects?.reposDir,
      });
      const scheduleProblem = checkSettingValue('schedule', { type: 'cron' }, input.schedule);
      if (scheduleProblem) throw new InputError(scheduleProblem.replace(/^value: schedule/, 'schedule:'));
      const spec: MlProjectSpec = {
        name: input.name,
        description: input.description,
        owner: input.owner,
        ownerLabel: ownerLabelValue(input.owner),
        image: input.image ?? `ghcr.io/mlops-portal/${input.name}:0.1.0`,
        schedule: input.schedule,
        labelColumn: input.labelColumn,
        kafka: {
          cluster: input.kafkaCluster,
          namespace: input.kafkaNamespace,
          bootstrapServers: input.kafkaBootstrapServers,
          partitions: 3,
          // Substituted by Flux from platform-settings, like the platform's own topics.
          replicas: '${KAFKA_REPLICAS:=3}',
        },
        minio: { endpoint: input.minioEndpoint, namespace: input.minioNamespace, credentialsSecret: input.minioConfigSecret },
        mlflowTrackingUri: input.mlflowTrackingUri,
        processingNamespace: input.processingNamespace,
        sparkImage: 'docker.io/library/spark:3.5.3-python3',
        sparkServiceAccount: 'spark',
        entities: {
          kafka: input.kafkaEntity,
          minio: input.minioEntity,
          airflow: input.airflowEntity,
          mlflow: input.mlflowEntity,
          spark: input.sparkEntity,
          system: input.system,
        },
      };
      const tx = new WorkspaceTransaction(ctx.workspacePath);
      const projectDir = resolveInside(ctx.workspacePath, input.targetPath, 'targetPath');
      if (fs.existsSync(projectDir) && fs.readdirSync(projectDir).length > 0) {
        const existing = renderProjectFiles(spec);
        const same = Object.entries(existing).every(([rel, content]) => {
          const p = path.join(projectDir, rel);
          return fs.existsSync(p) && fs.readFileSync(p, 'utf8') === content;
        });
        if (!same) {
          throw new ConflictError(`targetPath: '${input.targetPath}' already holds other files; choose an empty folder`);
        }
      }
      for (const [rel, content] of Object.entries(renderProjectFiles(spec))) {
        await tx.write(path.join(projectDir, rel), content);
      }

      let gitopsPath = '';
      if (input.gitopsRepoPath !== undefined) {
        const root = resolveInside(ctx.workspacePath, input.gitopsRepoPath, 'gitopsRepoPath');
        if (!fs.existsSync(root)) {
          throw new InputError(`gitopsRepoPath: '${input.gitopsRepoPath}' does not exist (did the fetch step run?)`);
        }
        const parent =
          input.gitopsFolder !== undefined
            ? resolveInside(root, input.gitopsFolder, 'gitopsFolder')
            : await discoverProcessingFolder(root, input.processingNamespace);
        const parentKustomization = findKustomizationFile(parent);
        if (!parentKustomization) {
          throw new InputError(`gitopsFolder: '${toPosixRelative(root, parent) || '.'}' has no kustomization.yaml`);
        }
        const dir = path.join(parent, input.name);
        if (fs.existsSync(dir)) {
          const rendered = renderGitopsFiles(spec);
          const same = Object.entries(rendered).every(
            ([rel, c]) => fs.existsSync(path.join(dir, rel)) && fs.readFileSync(path.join(dir, rel), 'utf8') === c,
          );
          if (!same) {
            throw new ConflictError(`name: the GitOps repo already has a folder '${toPosixRelative(root, dir)}'`);
          }
        }
        for (const [rel, content] of Object.entries(renderGitopsFiles(spec))) {
          await tx.write(path.join(dir, rel), content);
        }
        const text = (await tx.read(parentKustomization)) ?? '';
        const next = addKustomizationResource(text, input.name, toPosixRelative(root, parentKustomization));
        if (next !== text) await tx.write(parentKustomization, next);
        gitopsPath = toPosixRelative(root, dir);
      }

      const filesChanged = tx.filesChanged();
      if (!ctx.isDryRun && filesChanged.length) {
        await ctx.checkpoint({
          key: `mlops.ml-project.create.${input.name}`,
          fn: async () => {
            await tx.commit();
          },
        });
      }
      const n = projectNames(spec);
      ctx.output('diff', tx.diff());
      ctx.output('filesChanged', filesChanged);
      ctx.output('changed', filesChanged.length > 0);
      ctx.output('projectPath', input.targetPath);
      ctx.output('catalogInfoPath', '/catalog-info.yaml');
      ctx.output('gitopsPath', gitopsPath);
      ctx.output('componentRef', `component:default/${input.name}`);
      ctx.output('bucket', n.bucket);
      ctx.output('topics', [n.eventsTopic, n.predictionsTopic]);
    },
  });
}

/**
 * The folder whose kustomization lists the processing layer's workloads:
 * the parent of the folder holding its SparkApplications when that parent
 * lists it (gitops/infrastructure/processing → spark/), else that folder.
 */
async function discoverProcessingFolder(root: string, namespace: string): Promise<string> {
  const files = await readRepoYamlFiles(root);
  const apps = findObjects(files, 'SparkApplication').filter(o => o.namespace === namespace);
  if (apps.length === 0) {
    throw new InputError(
      `gitopsFolder: found no SparkApplication in '${namespace}' to locate the processing layer folder; give gitopsFolder`,
    );
  }
  const dir = mostCommon(apps.map(o => path.dirname(o.file.abs)));
  const parent = path.dirname(dir);
  const parentK = findKustomizationFile(parent);
  if (parentK && parent.startsWith(root)) {
    const docs = parseYamlDocuments(fs.readFileSync(parentK, 'utf8'), toPosixRelative(root, parentK));
    const resources = (docs[0]?.toJS()?.resources ?? []) as unknown[];
    if (resources.some(r => typeof r === 'string' && r.replace(/^\.\//, '').replace(/\/$/, '') === path.basename(dir))) {
      return parent;
    }
  }
  return dir;
}
