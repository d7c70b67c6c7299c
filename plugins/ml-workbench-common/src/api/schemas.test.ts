import {
  dagPathSchema,
  modelVersionPathSchema,
  parseMlInput,
  pauseDagRequestSchema,
  triggerDagRequestSchema,
} from './schemas';

describe('workbench request schemas', () => {
  const entity = { kind: 'component', namespace: 'default', name: 'churn' };

  it('names the field and the rule of a bad DAG id', () => {
    expect(() => parseMlInput(dagPathSchema, { ...entity, dagId: '../x' }, 'path')).toThrow(
      'path.dagId: must be letters, digits, "_", "." and "-", at most 250 characters',
    );
  });

  it('refuses conf in a trigger body, naming the unknown field', () => {
    expect(() => parseMlInput(triggerDagRequestSchema, { conf: { x: 1 } }, 'body')).toThrow(
      "body: unknown field(s) 'conf'",
    );
    expect(() => parseMlInput(triggerDagRequestSchema, { note: 'a\nb' }, 'body')).toThrow(
      'body.note: must be one line of printable text',
    );
    expect(parseMlInput(triggerDagRequestSchema, { note: 'retrain' }, 'body')).toEqual({ note: 'retrain' });
  });

  it('accepts only an empty pause body', () => {
    expect(parseMlInput(pauseDagRequestSchema, {}, 'body')).toEqual({});
    expect(() => parseMlInput(pauseDagRequestSchema, { is_paused: false }, 'body')).toThrow(/unknown field/);
  });

  it('accepts model versions as positive integers only', () => {
    const ok = { ...entity, model: 'churn', version: '12' };
    expect(parseMlInput(modelVersionPathSchema, ok, 'path').version).toBe('12');
    for (const version of ['0', '-1', '1.0', 'latest']) {
      expect(() => parseMlInput(modelVersionPathSchema, { ...ok, version }, 'path')).toThrow(/path.version/);
    }
  });
});
