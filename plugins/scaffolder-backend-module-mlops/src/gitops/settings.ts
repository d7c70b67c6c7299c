import { InputError } from '@backstage/errors';
import { MLOPS_ANNOTATION_PREFIX } from '@mlops-portal/plugin-mlops-common';
import { freeTextProblem } from './validation';

/**
 * Annotation on the settings ConfigMap declaring each key's type and meaning
 * (see gitops/clusters/mlops/platform-settings.yaml).
 */
export const ANNOTATION_SETTINGS_SCHEMA = `${MLOPS_ANNOTATION_PREFIX}/settings-schema`;

/** One declared setting. */
export interface SettingDeclaration {
  type: 'integer' | 'string' | 'boolean' | 'cron' | 'duration';
  enum?: string[];
  minimum?: number;
  maximum?: number;
  description?: string;
}

const TYPES = new Set(['integer', 'string', 'boolean', 'cron', 'duration']);

/** Parses the schema annotation; an invalid one is reported, never guessed. */
export function parseSettingsSchema(
  text: string | undefined,
  where: string,
): Record<string, SettingDeclaration> {
  if (!text) {
    throw new InputError(`${where} has no ${ANNOTATION_SETTINGS_SCHEMA} annotation declaring the settings' types`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${where}: ${ANNOTATION_SETTINGS_SCHEMA} is not valid JSON: ${(e as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InputError(`${where}: ${ANNOTATION_SETTINGS_SCHEMA} must be a JSON object`);
  }
  for (const [k, v] of Object.entries(parsed as Record<string, any>)) {
    if (!v || !TYPES.has(v.type)) {
      throw new InputError(`${where}: setting '${k}' declares no known type (integer, string, boolean, cron, duration)`);
    }
  }
  return parsed as Record<string, SettingDeclaration>;
}

// Prometheus/Go-style durations: 30d, 1h30m, 500ms.
// https://prometheus.io/docs/prometheus/latest/configuration/configuration/#duration
const DURATION = /^([0-9]+(ms|s|m|h|d|w|y))+$/;
// Five cron fields of digits, ranges, lists and steps (or a @-macro).
const CRON_FIELD = /^(\*|[0-9]+(-[0-9]+)?)(\/[0-9]+)?(,(\*|[0-9]+(-[0-9]+)?)(\/[0-9]+)?)*$/;
const CRON_MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/**
 * Checks a value against its declaration; returns the error (naming `value`)
 * or undefined. ConfigMap data are strings, so every type is checked on the
 * string form.
 */
export function checkSettingValue(key: string, decl: SettingDeclaration, value: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return `value: must be one line (no newlines or control characters)`;
  // Settings are substituted by Flux into every layer's manifests, some of
  // them into shell commands and templated fields: nothing that expands.
  if (/\$\{|\$\(|`/.test(value)) {
    return `value: ${key} must not contain "\${", "$(" or backticks (they would be expanded where the setting is used)`;
  }
  const text = freeTextProblem(value);
  if (text) return `value: ${key} ${text}`;
  switch (decl.type) {
    case 'integer': {
      if (!/^-?[0-9]+$/.test(value)) return `value: ${key} is an integer, got '${value}'`;
      const n = Number(value);
      if (decl.minimum !== undefined && n < decl.minimum) return `value: ${key} must be at least ${decl.minimum}`;
      if (decl.maximum !== undefined && n > decl.maximum) return `value: ${key} must be at most ${decl.maximum}`;
      break;
    }
    case 'boolean':
      if (value !== 'true' && value !== 'false') return `value: ${key} is a boolean: 'true' or 'false', got '${value}'`;
      break;
    case 'duration':
      if (!DURATION.test(value)) return `value: ${key} is a duration such as 30d or 1h30m, got '${value}'`;
      break;
    case 'cron': {
      const fields = value.trim().split(/\s+/);
      const ok = CRON_MACROS.has(value.trim()) || (fields.length === 5 && fields.every(f => CRON_FIELD.test(f)));
      if (!ok) return `value: ${key} is a cron schedule of five fields such as '0 2 * * *', got '${value}'`;
      break;
    }
    default:
      break;
  }
  if (decl.enum && !decl.enum.includes(value)) return `value: ${key} must be one of ${decl.enum.join(', ')}`;
  return undefined;
}
