import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** MLflow connection of one instance. @public */
export interface MlflowInstanceConfig {
  baseUrl: string;
  uiUrl: string;
  token?: string;
  basic?: { username: string; password: string };
}

/** Airflow connection of one instance. @public */
export interface AirflowInstanceConfig {
  baseUrl: string;
  uiUrl: string;
  username: string;
  password: string;
  requireEntityTag: boolean;
}

/** Kafka connection of one instance. @public */
export interface KafkaInstanceConfig {
  brokers: string[];
  clientId: string;
  tls: boolean;
  sasl?: { mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'; username: string; password: string };
}

/** One platform instance. @public */
export interface MlInstanceConfig {
  name: string;
  mlflow?: MlflowInstanceConfig;
  airflow?: AirflowInstanceConfig;
  kafka?: KafkaInstanceConfig;
}

/** The workbench backend's settings. @public */
export interface MlWorkbenchConfig {
  instances: MlInstanceConfig[];
  defaultInstance?: string;
  ttlMs: number;
  refreshSeconds: number;
  keepWarmMs: number;
  lagHistorySamples: number;
  requestTimeoutMs: number;
  recentRuns: number;
}

const ROOT = 'mlWorkbench';
const INSTANCE_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const BROKER = /^[A-Za-z0-9.-]+:[0-9]{1,5}$|^\[[0-9A-Fa-f:]+\]:[0-9]{1,5}$/;

function fail(key: string, message: string): never {
  throw new InputError(`Invalid config at ${key}: ${message}`);
}

function read<T>(key: string, get: () => T): T {
  try {
    return get();
  } catch (e) {
    return fail(key, (e as Error).message);
  }
}

function number(config: Config, key: string, path: string, fallback: number, min: number, max: number): number {
  const value = read(path, () => config.getOptionalNumber(key));
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(path, `must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

function httpUrl(config: Config, key: string, path: string): string {
  const value = read(path, () => config.getString(key));
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(path, `must be an http(s) URL, got '${value}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(path, `must be an http(s) URL, got '${value}'`);
  if (url.username || url.password) fail(path, 'must not carry credentials; use the username/password/token keys');
  if (url.search || url.hash) fail(path, 'must not have a query or fragment');
  return value.replace(/\/+$/, '');
}

function readInstance(c: Config, path: string): MlInstanceConfig {
  const name = read(`${path}.name`, () => c.getString('name'));
  if (!INSTANCE_NAME.test(name)) fail(`${path}.name`, `must be a DNS-1123 label, got '${name}'`);
  const out: MlInstanceConfig = { name };

  const m = c.getOptionalConfig('mlflow');
  if (m) {
    const p = `${path}.mlflow`;
    const baseUrl = httpUrl(m, 'baseUrl', `${p}.baseUrl`);
    const token = read(`${p}.token`, () => m.getOptionalString('token')) || undefined;
    const username = read(`${p}.username`, () => m.getOptionalString('username')) || undefined;
    const password = read(`${p}.password`, () => m.getOptionalString('password')) || undefined;
    if ((username === undefined) !== (password === undefined)) {
      fail(`${p}.${username === undefined ? 'username' : 'password'}`, 'username and password go together');
    }
    if (token && username) fail(`${p}.token`, 'use either a token or username/password, not both');
    out.mlflow = {
      baseUrl,
      uiUrl: m.has('uiUrl') ? httpUrl(m, 'uiUrl', `${p}.uiUrl`) : baseUrl,
      token,
      basic: username && password ? { username, password } : undefined,
    };
  }

  const a = c.getOptionalConfig('airflow');
  if (a) {
    const p = `${path}.airflow`;
    const baseUrl = httpUrl(a, 'baseUrl', `${p}.baseUrl`);
    const username = read(`${p}.username`, () => a.getString('username'));
    const password = read(`${p}.password`, () => a.getString('password'));
    if (!username) fail(`${p}.username`, 'must not be empty');
    if (!password) fail(`${p}.password`, 'must not be empty (set it from the environment)');
    out.airflow = {
      baseUrl,
      uiUrl: a.has('uiUrl') ? httpUrl(a, 'uiUrl', `${p}.uiUrl`) : baseUrl,
      username,
      password,
      requireEntityTag: read(`${p}.requireEntityTag`, () => a.getOptionalBoolean('requireEntityTag')) ?? true,
    };
  }

  const k = c.getOptionalConfig('kafka');
  if (k) {
    const p = `${path}.kafka`;
    const brokers = read(`${p}.brokers`, () => k.getStringArray('brokers'));
    if (brokers.length === 0) fail(`${p}.brokers`, 'must list at least one host:port');
    brokers.forEach((b, i) => {
      if (!BROKER.test(b)) fail(`${p}.brokers[${i}]`, `must be host:port, got '${b}'`);
    });
    const clientId = read(`${p}.clientId`, () => k.getOptionalString('clientId')) ?? 'mlops-portal';
    const s = k.getOptionalConfig('sasl');
    let sasl: KafkaInstanceConfig['sasl'];
    if (s) {
      const mechanism = read(`${p}.sasl.mechanism`, () => s.getString('mechanism'));
      if (mechanism !== 'PLAIN' && mechanism !== 'SCRAM-SHA-256' && mechanism !== 'SCRAM-SHA-512') {
        fail(`${p}.sasl.mechanism`, `must be one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, got '${mechanism}'`);
      }
      sasl = {
        mechanism,
        username: read(`${p}.sasl.username`, () => s.getString('username')),
        password: read(`${p}.sasl.password`, () => s.getString('password')),
      };
    }
    out.kafka = { brokers, clientId, tls: read(`${p}.tls`, () => k.getOptionalBoolean('tls')) ?? false, sasl };
  }
  return out;
}

/**
 * Reads `mlWorkbench`; a wrong value stops start-up with the key's path in
 * the message. No instances is valid: the views then say "not configured".
 * @public
 */
export function readMlWorkbenchConfig(config: Config): MlWorkbenchConfig {
  const root = config.getOptionalConfig(ROOT);
  const list = root ? read(`${ROOT}.instances`, () => root.getOptionalConfigArray('instances')) ?? [] : [];
  const instances = list.map((c, i) => readInstance(c, `${ROOT}.instances[${i}]`));
  const seen = new Set<string>();
  instances.forEach((inst, i) => {
    if (seen.has(inst.name)) fail(`${ROOT}.instances[${i}].name`, `'${inst.name}' is used twice`);
    seen.add(inst.name);
  });
  const defaultInstance = root ? read(`${ROOT}.defaultInstance`, () => root.getOptionalString('defaultInstance')) : undefined;
  if (defaultInstance !== undefined && !seen.has(defaultInstance)) {
    fail(`${ROOT}.defaultInstance`, `'${defaultInstance}' is not one of the instances (${[...seen].join(', ') || 'none'})`);
  }
  const c = root ?? config;
  const prefix = root ? '' : `${ROOT}.`;
  const n = (key: string, fallback: number, min: number, max: number) =>
    number(c, `${prefix}${key}`, `${ROOT}.${key}`, fallback, min, max);
  return {
    instances,
    defaultInstance: defaultInstance ?? instances[0]?.name,
    ttlMs: n('cache.ttlSeconds', 30, 1, 86_400) * 1000,
    refreshSeconds: n('cache.refreshSeconds', 15, 1, 3_600),
    keepWarmMs: n('cache.keepWarmSeconds', 600, 1, 86_400) * 1000,
    lagHistorySamples: n('cache.lagHistorySamples', 120, 2, 10_000),
    requestTimeoutMs: n('requestTimeoutMs', 10_000, 100, 300_000),
    recentRuns: n('recentRuns', 10, 1, 100),
  };
}
