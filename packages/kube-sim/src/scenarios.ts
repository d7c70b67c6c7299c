import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { describeZodError } from './faults';

/**
 * What the simulated controllers do with one object. Each behaviour is
 * implemented in `SimController`; the scenario files only name them.
 * @public
 */
export const BEHAVIOURS = [
  'ready',
  'suspended',
  'stale-generation',
  // Kustomization
  'health-check-failed',
  'dependency-not-ready',
  'build-failed',
  // HelmRelease
  'upgrade-failing',
  'install-failed',
  // Strimzi Kafka
  'not-ready',
  // MinIO Tenant
  'degraded',
  // SparkApplication
  'completes',
  'completed',
  'fails',
] as const;

/** A behaviour name. @public */
export type Behaviour = (typeof BEHAVIOURS)[number];

const STATUSES = ['Ready', 'Progressing', 'Failed', 'Suspended', 'Unknown'] as const;

/** Schema of one entry of a scenario's `objects`. @public */
export const scenarioObjectSchema = z.object({
  kind: z.string().min(1),
  namespace: z.string().min(1),
  name: z.string().min(1),
  behaviour: z.enum(BEHAVIOURS),
  /** Status the object classifies as once time-driven changes have settled. */
  expect: z.enum(STATUSES),
  /** Status right after start, when it differs from `expect`. */
  expectInitial: z.enum(STATUSES).optional(),
  /** Overrides the failure message the behaviour writes. */
  message: z.string().optional(),
  /** Overrides the failure reason the behaviour writes. */
  reason: z.string().optional(),
});

/** Schema of a scenario file (`scenarios/<name>.yaml`). @public */
export const scenarioSchema = z.object({
  name: z.string().regex(/^[a-z0-9-]+$/, 'lowercase letters, digits and dashes'),
  description: z.string(),
  objects: z.array(scenarioObjectSchema).default([]),
  /** Generated objects for benchmarks. */
  fleet: z
    .object({
      clusters: z.number().int().min(1).max(100),
      objectsPerCluster: z.number().int().min(0).max(100_000),
      /** Every n-th generated HelmRelease fails (0: none). */
      failEvery: z.number().int().min(0).default(0),
    })
    .optional(),
});

/** One object's behaviour and expected status in a scenario. @public */
export type ScenarioObject = z.infer<typeof scenarioObjectSchema>;
/** A parsed scenario. @public */
export type Scenario = z.infer<typeof scenarioSchema>;

/** The folder with the scenario files shipped with the package. @public */
// This private package only ever runs from source, so __dirname is src/.
// eslint-disable-next-line no-restricted-syntax
export const SCENARIOS_DIR = path.resolve(__dirname, '..', 'scenarios');

/** Names of the shipped scenarios. @public */
export function listScenarios(dir = SCENARIOS_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.yaml'))
    .map(f => f.replace(/\.yaml$/, ''))
    .sort();
}

/** Parses and validates a scenario document; errors name the field. @public */
export function parseScenario(text: string, source = 'scenario'): Scenario {
  const parsed = scenarioSchema.safeParse(parse(text));
  if (!parsed.success) {
    throw new Error(`${source} is invalid: ${describeZodError(parsed.error)}`);
  }
  return parsed.data;
}

/** Loads a scenario by name (from `dir`) or by path to a YAML file. @public */
export function loadScenario(nameOrPath: string, dir = SCENARIOS_DIR): Scenario {
  const file = nameOrPath.endsWith('.yaml') ? path.resolve(nameOrPath) : path.join(dir, `${nameOrPath}.yaml`);
  if (!fs.existsSync(file)) {
    throw new Error(`unknown scenario '${nameOrPath}': no ${file} (known: ${listScenarios(dir).join(', ')})`);
  }
  return parseScenario(fs.readFileSync(file, 'utf8'), file);
}
