import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_AIRFLOW_DAGS,
  ANNOTATION_KAFKA_TOPICS,
  ANNOTATION_ML_PLATFORM,
  ANNOTATION_MLFLOW_MODELS,
  ANNOTATION_SERVING_PATH,
  hasAirflowLinks,
  hasMlLinks,
  readMlLinks,
} from './annotations';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'p', annotations },
  spec: {},
});

describe('readMlLinks', () => {
  it('reads comma and newline separated lists, trimmed and without duplicates', () => {
    const links = readMlLinks(
      entity({
        [ANNOTATION_AIRFLOW_DAGS]: 'a_pipeline, b.pipeline\nа_pipeline_dup,a_pipeline',
        [ANNOTATION_KAFKA_TOPICS]: 'p-events,p-predictions',
        [ANNOTATION_MLFLOW_MODELS]: 'Churn Model',
      }),
    );
    expect(links.dags).toEqual(['a_pipeline', 'b.pipeline']);
    expect(links.topics).toEqual(['p-events', 'p-predictions']);
    expect(links.models).toEqual(['Churn Model']);
    // The Cyrillic "а" is not a DAG id character: dropped and reported.
    expect(links.problems).toEqual([
      `${ANNOTATION_AIRFLOW_DAGS}: 'а_pipeline_dup' is not valid (letters, digits, "_", "." and "-", at most 250 characters)`,
    ]);
  });

  it('drops an instance name or serving path that breaks its rule, naming the annotation', () => {
    const links = readMlLinks(
      entity({ [ANNOTATION_ML_PLATFORM]: 'Prod Cluster', [ANNOTATION_SERVING_PATH]: 'apps/../../etc' }),
    );
    expect(links.instance).toBeUndefined();
    expect(links.servingPath).toBeUndefined();
    expect(links.problems).toHaveLength(2);
    expect(links.problems[0]).toMatch(/^mlops-portal.io\/ml-platform: 'Prod Cluster'/);
    expect(links.problems[1]).toMatch(/^mlops-portal.io\/serving-path: 'apps\/..\/..\/etc'/);
  });

  it('accepts a relative serving path', () => {
    expect(readMlLinks(entity({ [ANNOTATION_SERVING_PATH]: 'apps/churn/serving' })).servingPath).toBe(
      'apps/churn/serving',
    );
    expect(readMlLinks(entity({ [ANNOTATION_SERVING_PATH]: '/abs/path' })).servingPath).toBeUndefined();
  });

  it('tells whether an entity has any link', () => {
    expect(hasMlLinks(entity({}))).toBe(false);
    expect(hasMlLinks(entity({ [ANNOTATION_KAFKA_TOPICS]: ' ' }))).toBe(false);
    expect(hasMlLinks(entity({ [ANNOTATION_KAFKA_TOPICS]: 't' }))).toBe(true);
    expect(hasAirflowLinks(entity({ [ANNOTATION_KAFKA_TOPICS]: 't' }))).toBe(false);
  });
});
