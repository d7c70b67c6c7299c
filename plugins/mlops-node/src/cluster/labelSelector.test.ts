import {
  MAX_LABEL_SELECTOR_LENGTH,
  matchesLabelSelector,
  parseLabelSelector,
} from './labelSelector';

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

  it('refuses a selector longer than the bound before parsing it', () => {
    const long = `app=${'a'.repeat(MAX_LABEL_SELECTOR_LENGTH)}`;
    expect(() => parseLabelSelector(long)).toThrow(
      `label selector is longer than ${MAX_LABEL_SELECTOR_LENGTH} characters`,
    );
  });

  // Inputs shaped to make a backtracking pattern explode (long runs that
  // almost match, then fail at the end), just under the bound: each gets the
  // same answer as its short form.
  it.each([
    [`${'a'.repeat(4000)}${' '.repeat(80)}!`, 'invalid label selector requirement'],
    [`a in (${'x,'.repeat(1990)}`, 'invalid label selector requirement'],
    [`!${' '.repeat(4000)}!`, 'invalid label selector requirement'],
  ])('refuses adversarial near-limit input %#', (selector, message) => {
    expect(selector.length).toBeLessThanOrEqual(MAX_LABEL_SELECTOR_LENGTH);
    expect(() => parseLabelSelector(selector)).toThrow(message);
  });

  it('parses a near-limit key that is valid', () => {
    const key = `${'a/'.repeat(2000)}b`;
    expect(parseLabelSelector(`${key}=`)).toEqual([{ key, op: 'in', values: [''] }]);
  });
});
