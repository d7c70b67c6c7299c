import { evaluateExpression, renderTemplateValue } from './templateExpressions';

const scope = {
  parameters: { component: 'component:default/strimzi-operator', version: '0.49.0', key: 'KAFKA_REPLICAS' },
  steps: {
    target: { output: { mode: 'local', repoPath: 'gitops/gitops' } },
    entity: {
      output: { entity: { metadata: { annotations: { 'mlops-portal.io/objects': 'HelmRelease:platform-operators/strimzi-operator' } } } },
    },
  },
};

describe('evaluateExpression', () => {
  it.each([
    ['parameters.version', '0.49.0'],
    ["parameters.component | parseEntityRef | pick('name')", 'strimzi-operator'],
    ["steps.entity.output.entity.metadata.annotations['mlops-portal.io/objects']", 'HelmRelease:platform-operators/strimzi-operator'],
    ["steps.target.output.mode === 'local'", true],
    ["steps.target.output.mode === 'github' and parameters.version", false],
    ["steps.target.output.mode !== 'github' and parameters.version", '0.49.0'],
    ['not parameters.missing', true],
    ['parameters.key | lower', 'kafka_replicas'],
    ['parameters.nothing.deeper', undefined],
  ])('%s', (expr, expected) => {
    expect(evaluateExpression(expr, scope)).toEqual(expected);
  });

  it.each([
    ["parameters.constructor.constructor('return process')()", /unexpected text after the expression/],
    ['process.env', /'process' is not supported/],
    ['parameters.version + 1', /'\+' is not supported/],
    ["parameters.key | safe", /filter 'safe' is not supported/],
    ["range(10)", /not supported/],
  ])('refuses %s', (expr, error) => {
    expect(() => evaluateExpression(expr, scope)).toThrow(error);
  });

  it('never reaches inherited properties', () => {
    expect(evaluateExpression('parameters.constructor', scope)).toBeUndefined();
    expect(evaluateExpression("parameters['toString']", scope)).toBeUndefined();
    expect(evaluateExpression('parameters.__proto__', scope)).toBeUndefined();
  });
});

describe('renderTemplateValue', () => {
  it('keeps the type of a whole expression and joins text around expressions', () => {
    expect(renderTemplateValue({ a: '${{ steps.target.output.mode === "local" }}', b: 'v${{ parameters.version }}!' }, scope, 'in')).toEqual({
      a: true,
      b: 'v0.49.0!',
    });
  });

  it('drops keys that render to undefined, as the scaffolder does', () => {
    expect(renderTemplateValue({ a: '${{ parameters.missing }}', b: 'x' }, scope, 'in')).toEqual({ b: 'x' });
  });

  it('treats values as data: an expression inside a value is not evaluated', () => {
    const s = { ...scope, parameters: { x: '${{ steps.target.output.mode }}' } };
    expect(renderTemplateValue('${{ parameters.x }}', s, 'in')).toBe('${{ steps.target.output.mode }}');
  });

  it('names the step field it cannot evaluate', () => {
    expect(() => renderTemplateValue({ key: '${{ 1 + 1 }}' }, scope, 'steps.set.input')).toThrow(
      /steps\.set\.input\.key: the preview cannot evaluate/,
    );
  });
});
