import { matchesLabelSelector, parseLabelSelector } from './labelSelector';

const labels = { app: 'mlflow', tier: 'airflow', 'app.kubernetes.io/part-of': 'mlflow' };

describe('label selectors', () => {
  it.each([
    ['app=mlflow', true],
    ['app==mlflow,tier=airflow', true],
    ['app!=mlflow', false],
    ['app in (mlflow, airflow)', true],
    ['app notin (mlflow)', false],
    ['app.kubernetes.io/part-of', true],
    ['!release', true],
    ['!app', false],
    ['release=x', false],
  ])('%s → %s', (selector, expected) => {
    expect(matchesLabelSelector(parseLabelSelector(selector), labels)).toBe(expected);
  });

  it('rejects malformed selectors', () => {
    expect(() => parseLabelSelector('app in mlflow')).toThrow("invalid label selector requirement 'app in mlflow'");
    expect(() => parseLabelSelector(' , ')).toThrow('label selector is empty');
  });
});
