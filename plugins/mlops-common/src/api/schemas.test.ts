import { InputError } from '@backstage/errors';
import {
  entityPathParamsSchema,
  objectPathParamsSchema,
  overviewQuerySchema,
  parseOrThrow,
  reconcileRequestSchema,
  suspendRequestSchema,
} from './schemas';

const validPath = { cluster: 'dev-cluster', kind: 'HelmRelease', namespace: 'orchestration', name: 'airflow' };

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('objectPathParamsSchema', () => {
  it.each([
    [validPath],
    [{ ...validPath, cluster: 'Prod_EU.1' }],
    [{ ...validPath, namespace: '_' }],
    [{ ...validPath, name: 'strimzi-kafka-operator.v1' }],
    [{ ...validPath, kind: 'Kafka' }],
  ])('accepts %j', params => {
    expect(parseOrThrow(objectPathParamsSchema, params, 'path')).toEqual(params);
  });

  it.each([
    [{ ...validPath, cluster: '' }, 'path.cluster: must not be empty'],
    [{ ...validPath, cluster: 'a'.repeat(64) }, 'path.cluster: must be at most 63 characters'],
    [{ ...validPath, cluster: 'dev/cluster' }, 'path.cluster: must contain only'],
    [{ ...validPath, kind: 'Secret' }, 'path.kind: must be one of GitRepository'],
    [{ ...validPath, namespace: 'Orchestration' }, 'path.namespace: must be a DNS-1123 label'],
    [{ ...validPath, namespace: '-x' }, 'path.namespace: must be a DNS-1123 label'],
    [{ ...validPath, name: '../etc' }, 'path.name: must be a DNS-1123 subdomain'],
    [{ ...validPath, name: 'a'.repeat(254) }, 'path.name: must be at most 253 characters'],
    [{ cluster: 'dev', kind: 'HelmRelease', namespace: 'x' }, 'path.name: Required'],
  ])('rejects %j naming the field', (params, message) => {
    const e = errorOf(() => parseOrThrow(objectPathParamsSchema, params, 'path'));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain(message);
  });
});

describe('entityPathParamsSchema', () => {
  it('accepts a catalog entity ref', () => {
    const p = { kind: 'Component', namespace: 'default', name: 'mlflow_tracking.v2' };
    expect(parseOrThrow(entityPathParamsSchema, p, 'path')).toEqual(p);
  });
  it('rejects a bad name', () => {
    expect(() =>
      parseOrThrow(entityPathParamsSchema, { kind: 'Component', namespace: 'default', name: 'a b' }, 'path'),
    ).toThrow('path.name: must be a valid entity name');
  });
});

describe('overviewQuerySchema', () => {
  it('accepts no cluster and ignores other keys', () => {
    expect(parseOrThrow(overviewQuerySchema, { other: '1' }, 'query')).toEqual({});
  });
  it('rejects a bad cluster', () => {
    expect(() => parseOrThrow(overviewQuerySchema, { cluster: 'a b' }, 'query')).toThrow(
      /^query\.cluster: must contain only/,
    );
  });
});

describe('reconcileRequestSchema', () => {
  it.each([[undefined, {}], [{}, {}], [{ withSource: true, force: false, reset: true }, { withSource: true, force: false, reset: true }]])(
    'accepts %j',
    (body, expected) => {
      expect(parseOrThrow(reconcileRequestSchema, body, 'body')).toEqual(expected);
    },
  );
  it.each([
    [{ force: 'yes' }, 'body.force: Expected boolean, received string'],
    [{ withSource: true, dryRun: true }, "body: Unrecognized key(s) in object: 'dryRun'"],
    [[], 'body: Expected object, received array'],
  ])('rejects %j', (body, message) => {
    expect(() => parseOrThrow(reconcileRequestSchema, body, 'body')).toThrow(message);
  });
});

describe('suspendRequestSchema', () => {
  it('accepts a reason and trims it', () => {
    expect(parseOrThrow(suspendRequestSchema, { reason: '  db migration ' }, 'body')).toEqual({
      reason: 'db migration',
    });
  });
  it.each([
    [{}, 'body.reason: Required'],
    [{ reason: '   ' }, 'body.reason: must not be empty'],
    [{ reason: 'x'.repeat(501) }, 'body.reason: must be at most 500 characters'],
    [{ reason: 'ok', by: 'admin' }, "body: Unrecognized key(s) in object: 'by'"],
    [undefined, 'body: Required'],
  ])('rejects %j', (body, message) => {
    const e = errorOf(() => parseOrThrow(suspendRequestSchema, body, 'body'));
    expect(e.name).toBe('InputError');
    expect(e.message).toBe(message);
  });
});
