/**
 * The platform settings ConfigMap: one ConfigMap whose `data` Flux
 * substitutes into manifests (`postBuild.substituteFrom`), and whose
 * {@link SETTINGS_SCHEMA_ANNOTATION} declares each key's type.
 */

import { substituteFluxVariables } from '@mlops-portal/plugin-mlops-common';

/** Annotation on the settings ConfigMap holding its JSON schema. @public */
export const SETTINGS_SCHEMA_ANNOTATION = 'mlops-portal.io/settings-schema';

/** Types a platform setting can have. @public */
export type SettingType =
  | 'integer'
  | 'string'
  | 'boolean'
  | 'cron'
  | 'duration';

/** The setting types, for validation. @public */
export const SETTING_TYPES: SettingType[] = [
  'integer',
  'string',
  'boolean',
  'cron',
  'duration',
];

/** One entry of the settings schema. @public */
export interface SettingSchema {
  /** How the value is validated. */
  type: SettingType;
  /** One sentence for the settings page and template. */
  description: string;
  /** Allowed values (strings as written in the ConfigMap). */
  enum?: string[];
  /** For integers: the smallest allowed value. */
  minimum?: number;
}

// A Prometheus/Go-style duration such as 30d, 12h, 1h30m.
// https://prometheus.io/docs/prometheus/latest/configuration/configuration/#duration
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;
// One cron field: numbers, names (MON, JAN), ranges, steps, lists, * and ?.
const CRON_FIELD =
  /^(\*|\?|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/\d+)?(,(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/\d+)?)*$/;
const CRON_MACROS = [
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
];

/**
 * Checks one setting value (as written in the ConfigMap, always a string)
 * against its schema. Returns why it is invalid, or undefined.
 * @public
 */
export function validateSettingValue(
  schema: SettingSchema,
  value: string,
): string | undefined {
  if (schema.enum && !schema.enum.includes(value)) {
    return `must be one of ${schema.enum.join(', ')}`;
  }
  switch (schema.type) {
    case 'integer':
      if (!/^-?\d+$/.test(value)) return 'must be an integer';
      if (schema.minimum !== undefined && Number(value) < schema.minimum) {
        return `must be at least ${schema.minimum}`;
      }
      return undefined;
    case 'boolean':
      return /^(true|false)$/.test(value) ? undefined : 'must be true or false';
    case 'duration':
      return DURATION.test(value)
        ? undefined
        : 'must be a duration such as 30d, 12h or 1h30m';
    case 'cron': {
      // Flux substitutes into YAML that kustomize wrote without quotes; a
      // plain YAML scalar cannot start with '@', so macros would break it.
      if (value.startsWith('@')) {
        return `must be five cron fields, not a macro such as ${CRON_MACROS[4]} (it breaks the YAML after substitution)`;
      }
      const fields = value.trim().split(/\s+/);
      if (fields.length !== 5 || !fields.every(f => CRON_FIELD.test(f))) {
        return 'must be a five-field cron expression such as "0 2 * * *"';
      }
      return undefined;
    }
    case 'string':
      return undefined;
    default:
      return `has unknown type '${String((schema as { type: unknown }).type)}'`;
  }
}

/**
 * Parses the settings schema annotation. Returns the schema, or the problems
 * that make it unusable (each naming the offending key).
 * @public
 */
export function parseSettingsSchema(text: string | undefined): {
  schema: Record<string, SettingSchema>;
  errors: string[];
} {
  const errors: string[] = [];
  const schema: Record<string, SettingSchema> = {};
  if (text === undefined) {
    return {
      schema,
      errors: [`annotation ${SETTINGS_SCHEMA_ANNOTATION} is missing`],
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return {
      schema,
      errors: [
        `annotation ${SETTINGS_SCHEMA_ANNOTATION} is not JSON: ${
          (e as Error).message
        }`,
      ],
    };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return {
      schema,
      errors: [
        `annotation ${SETTINGS_SCHEMA_ANNOTATION} must be a JSON object`,
      ],
    };
  }
  for (const [key, raw] of Object.entries(parsed as Record<string, unknown>)) {
    const entry = raw as Partial<SettingSchema> | null;
    if (!entry || typeof entry !== 'object') {
      errors.push(`setting ${key}: schema entry must be an object`);
      continue;
    }
    if (!SETTING_TYPES.includes(entry.type as SettingType)) {
      errors.push(
        `setting ${key}: type must be one of ${SETTING_TYPES.join(', ')}`,
      );
      continue;
    }
    if (typeof entry.description !== 'string' || !entry.description.trim()) {
      errors.push(`setting ${key}: description is required`);
      continue;
    }
    schema[key] = entry as SettingSchema;
  }
  return { schema, errors };
}

/** A `${NAME}` / `${NAME:=default}` reference in a manifest. @public */
export interface SubstitutionUse {
  /** The variable's name. */
  name: string;
  /** What follows the name inside the braces, e.g. `:=30d`; empty for `${NAME}`. */
  rest: string;
  /** The default after `:=`, when that is the form used. */
  defaultValue?: string;
  /** The whole reference as written, e.g. `${KAFKA_REPLICAS:=3}`. */
  raw: string;
}

/**
 * Finds Flux post-build substitution references (`${...}`) in a text.
 * https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution
 * @public
 */
export function findSubstitutions(text: string): SubstitutionUse[] {
  const uses: SubstitutionUse[] = [];
  const re = /\$\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const rest = m[2];
    uses.push({
      name: m[1],
      rest,
      defaultValue: rest.startsWith(':=') ? rest.slice(2) : undefined,
      raw: m[0],
    });
  }
  return uses;
}

/**
 * Applies Flux post-build substitution to a text, as kustomize-controller
 * does on the rendered manifests (unset names without a default become empty,
 * as in Flux's non-strict mode). The rules live in mlops-common.
 * @public
 */
export function substituteVariables(
  text: string,
  vars: Record<string, string>,
): string {
  return substituteFluxVariables(text, vars);
}
