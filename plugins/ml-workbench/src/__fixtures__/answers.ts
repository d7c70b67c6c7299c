import type {
  EntityAirflow,
  EntityKafka,
  EntityMlflow,
  MlWorkbenchApi,
  ModelPromotionPreview,
  OwnedMlProjects,
} from '@mlops-portal/plugin-ml-workbench-common';

/* Backend answers for the demo project, shaped as the real backend sends them. */

const head = { instance: 'local', fetchedAt: '2026-12-03T23:40:00.000Z', problems: [] };

export const mlflowAnswer = (entityRef: string): EntityMlflow => ({
  ...head,
  entityRef,
  uiUrl: 'http://mlflow.test',
  experiments: [
    {
      name: 'churn-prediction',
      found: true,
      experimentId: '1',
      metricKeys: ['accuracy', 'f1'],
      runs: [
        { runId: 'r3', runName: 'rf-oom', status: 'FAILED', startTime: '2026-12-03T22:30:00.000Z', params: { n_estimators: '1000' }, metrics: {} },
        { runId: 'r2', runName: 'rf-300-12', status: 'FINISHED', startTime: '2026-12-03T22:20:00.000Z', params: { n_estimators: '300' }, metrics: { accuracy: 0.912, f1: 0.884 } },
        { runId: 'r1', runName: 'rf-100-8', status: 'FINISHED', startTime: '2026-12-03T22:10:00.000Z', params: { n_estimators: '100' }, metrics: { accuracy: 0.889, f1: 0.858 } },
      ],
    },
  ],
  models: [
    {
      name: 'churn-prediction',
      found: true,
      description: 'Predicts which customers are about to leave.',
      aliases: { production: '2', challenger: '3' },
      versions: [
        { version: '3', status: 'READY', stage: 'None', aliases: ['challenger'], runId: 'r2', runName: 'rf-300-12', metrics: { accuracy: 0.912 } },
        { version: '2', status: 'READY', stage: 'None', aliases: ['production'], runId: 'r1', runName: 'rf-100-8', metrics: { accuracy: 0.889 } },
      ],
    },
  ],
});

export const airflowAnswer = (entityRef: string, acceptsEntity = true): EntityAirflow => ({
  ...head,
  entityRef,
  dags: [
    {
      dagId: 'churn_prediction_pipeline',
      found: true,
      isPaused: false,
      schedule: 'At 00:00',
      nextRunAt: '2026-12-04T00:00:00Z',
      hasImportErrors: false,
      tags: acceptsEntity ? [`portal-entity:${entityRef}`] : [],
      acceptsEntity,
      runs: [
        {
          runId: 'manual__2',
          state: 'failed',
          runType: 'manual',
          note: 'seed: evaluation fails',
          tasks: [
            { taskId: 'extract_features', state: 'success' },
            { taskId: 'train', state: 'success' },
            { taskId: 'evaluate', state: 'failed' },
          ],
          failedTasks: ['evaluate'],
        },
        { runId: 'manual__1', state: 'success', runType: 'manual', tasks: [{ taskId: 'evaluate', state: 'success' }], failedTasks: [] },
      ],
    },
  ],
});

export const kafkaAnswer = (entityRef: string): EntityKafka => ({
  ...head,
  entityRef,
  topics: [
    {
      name: 'churn-prediction-events',
      found: true,
      underReplicated: 1,
      partitions: [
        { partition: 0, leader: 1, replicas: [1, 2], isr: [1, 2], endOffset: 120 },
        { partition: 1, leader: 2, replicas: [2, 1], isr: [2], endOffset: 95 },
      ],
    },
  ],
  consumerGroups: [
    {
      groupId: 'churn-prediction-scorer',
      found: true,
      state: 'Empty',
      members: 0,
      lag: 15,
      partitions: [
        { topic: 'churn-prediction-events', partition: 0, committed: 110, endOffset: 120, lag: 10 },
        { topic: 'churn-prediction-events', partition: 1, committed: 90, endOffset: 95, lag: 5 },
      ],
      history: [
        { at: '2026-12-03T23:38:00.000Z', lag: 40 },
        { at: '2026-12-03T23:39:00.000Z', lag: 15 },
      ],
    },
  ],
});

export const projectsAnswer = (ownerRef: string): OwnedMlProjects => ({
  ownerRef,
  problems: [],
  projects: [
    {
      entityRef: 'component:default/churn-prediction',
      title: 'Churn prediction',
      health: 'failing',
      reasons: ['last run of churn_prediction_pipeline failed at evaluate'],
      lastRun: { dagId: 'churn_prediction_pipeline', runId: 'manual__2', state: 'failed', at: '2026-12-03T22:40:00.000Z' },
      model: { name: 'churn-prediction', latestVersion: '3', aliases: { production: '2', challenger: '3' } },
    },
  ],
});

export const promotionAnswer = (entityRef: string): ModelPromotionPreview => ({
  entityRef,
  model: 'churn-prediction',
  environment: 'production',
  alias: 'production',
  candidate: mlflowAnswer(entityRef).models[0].versions[0],
  current: mlflowAnswer(entityRef).models[0].versions[1],
  metricKeys: ['accuracy'],
  servingPath: 'infrastructure/processing/churn-prediction/serving',
});

/** A fake of the API: every method a jest mock answering with the fixtures. */
export function fakeApi(overrides: Partial<MlWorkbenchApi> = {}): jest.Mocked<MlWorkbenchApi> {
  return {
    getMlflow: jest.fn(async (ref: string) => mlflowAnswer(ref)),
    getAirflow: jest.fn(async (ref: string) => airflowAnswer(ref)),
    getKafka: jest.fn(async (ref: string) => kafkaAnswer(ref)),
    getOwnedProjects: jest.fn(async (ref: string) => projectsAnswer(ref)),
    getPromotionPreview: jest.fn(async (ref: string) => promotionAnswer(ref)),
    triggerDag: jest.fn(async (_ref: string, dagId: string) => ({ action: 'trigger' as const, dagId, runId: 'manual__3', state: 'queued' })),
    pauseDag: jest.fn(async (_ref: string, dagId: string) => ({ action: 'pause' as const, dagId, isPaused: true })),
    unpauseDag: jest.fn(async (_ref: string, dagId: string) => ({ action: 'unpause' as const, dagId, isPaused: false })),
    ...overrides,
  } as jest.Mocked<MlWorkbenchApi>;
}
