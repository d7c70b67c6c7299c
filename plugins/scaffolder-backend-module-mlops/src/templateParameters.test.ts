/**
 * The templates in templates/ pass only validated values: every string
 * parameter is bounded and has a pattern (or an enum), no longer than the
 * action input it feeds, and the form already refuses the hostile inputs of
 * src/__fixtures__/attacks/inputAttacks.ts that a pattern can express.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import yaml from 'yaml';
import type { ZodTypeAny } from 'zod/v3';
import { createMlopsActions } from './actions';
import { gitBranchInputSchema } from './actions/gitBranch';
import { gitCloneInputSchema } from './actions/gitClone';
import { gitopsTargetInputSchema } from './actions/gitopsTarget';
import { helmReleaseAddInputSchema } from './actions/helmReleaseAdd';
import { helmReleaseBumpInputSchema } from './actions/helmReleaseBump';
import { mlProjectCreateInputSchema } from './actions/mlProjectCreate';
import { mlProjectPublishLocalInputSchema } from './actions/mlProjectPublishLocal';
import { mlProjectRegisterLocalInputSchema } from './actions/mlProjectRegisterLocal';
import { modelPromoteInputSchema } from './actions/modelPromote';
import { revertInputSchema } from './actions/revert';
import { settingsSetInputSchema } from './actions/settingsSet';
import { gitopsSnapshotInputSchema } from './actions/gitopsSnapshot';
import { gitopsPreviewInputSchema } from './actions/gitopsPreview';
import { INPUT_ATTACKS } from './__fixtures__/attacks/inputAttacks';

const TEMPLATES_DIR = path.resolve(__dirname, '../../../templates');
const location = yaml.parse(fs.readFileSync(path.join(TEMPLATES_DIR, 'all.yaml'), 'utf8'));
const templates = (location.spec.targets as string[]).map(t => yaml.parse(fs.readFileSync(path.join(TEMPLATES_DIR, t), 'utf8')));

const SCHEMAS: Record<string, ZodTypeAny> = {
  'mlops:gitops:target': gitopsTargetInputSchema,
  'mlops:git:clone': gitCloneInputSchema,
  'mlops:git:branch': gitBranchInputSchema,
  'mlops:helmrelease:add': helmReleaseAddInputSchema,
  'mlops:helmrelease:bump': helmReleaseBumpInputSchema,
  'mlops:settings:set': settingsSetInputSchema,
  'mlops:revert': revertInputSchema,
  'mlops:ml-project:create': mlProjectCreateInputSchema,
  'mlops:ml-project:publish-local': mlProjectPublishLocalInputSchema,
  'mlops:ml-project:register-local': mlProjectRegisterLocalInputSchema,
  'mlops:model:promote': modelPromoteInputSchema,
  'mlops:gitops:snapshot': gitopsSnapshotInputSchema,
  'mlops:gitops:preview': gitopsPreviewInputSchema,
};

/** Multi-line documents: bounded, checked by the action (a one-line pattern cannot). */
const NO_PATTERN_NEEDED = new Set(['values', 'valuesSchema']);

interface Param {
  template: string;
  name: string;
  schema: Record<string, any>;
}
const params: Param[] = templates.flatMap(t =>
  (t.spec.parameters as any[]).flatMap(p =>
    Object.entries(p.properties ?? {}).map(([name, schema]) => ({ template: t.metadata.name, name, schema: schema as any })),
  ),
);

/** `parameters.X` given as a whole action input: [template, param, action, field]. */
const feeds: Array<[string, string, string, string]> = templates.flatMap(t =>
  (t.spec.steps as any[]).flatMap(step =>
    Object.entries(step.input ?? {}).flatMap(([field, value]) => {
      const m = typeof value === 'string' ? /^\$\{\{\s*parameters\.(\w+)\s*\}\}$/.exec(value) : null;
      return m ? [[t.metadata.name, m[1], step.action as string, field] as [string, string, string, string]] : [];
    }),
  ),
);

/** The `max` of a string field, through defaults, optionals and refinements. */
function zodMax(schema: ZodTypeAny | undefined): number | undefined {
  let s: any = schema;
  while (s && s._def?.typeName !== 'ZodString') s = s._def?.innerType ?? s._def?.schema;
  return s?._def?.checks?.find((c: any) => c.kind === 'max')?.value;
}

describe('template parameters', () => {
  it('the templates feed action inputs from parameters (the mapping below is not empty)', () => {
    expect(feeds.length).toBeGreaterThan(10);
    // Every action the templates use is one of ours or Backstage's.
    const ours = createMlopsActions({}).map(a => a.id);
    const used = [...new Set(feeds.map(([, , action]) => action).filter(a => a.startsWith('mlops:')))];
    expect(used.filter(a => !ours.includes(a))).toEqual([]);
  });

  it.each(params.filter(p => p.schema.type === 'string').map(p => [`${p.template}.${p.name}`, p]))(
    '%s is bounded and has a pattern or an enum',
    (_l, p) => {
      if (p.schema.enum) return;
      expect(p.schema.maxLength).toEqual(expect.any(Number));
      expect(NO_PATTERN_NEEDED.has(p.name) || typeof p.schema.pattern === 'string').toBe(true);
    },
  );

  it.each(feeds.filter(([, , action]) => SCHEMAS[action]).map(f => [`${f[0]}.${f[1]} → ${f[2]} ${f[3]}`, f]))(
    '%s: the form allows no more than the action',
    (_l, [template, param, action, field]) => {
      const p = params.find(x => x.template === template && x.name === param)!;
      const actionMax = zodMax((SCHEMAS[action] as any).shape[field]);
      if (p.schema.enum) return;
      expect(actionMax).toEqual(expect.any(Number));
      expect(p.schema.maxLength).toBeLessThanOrEqual(actionMax!);
    },
  );

  const ajv = new Ajv({ strict: false, unicodeRegExp: true });
  const refusedByForm = INPUT_ATTACKS.filter(
    a => typeof a.value === 'string' && ['substitution', 'text', 'argument', 'exhaustion', 'injection'].includes(a.kind),
  ).flatMap(a =>
    feeds
      .filter(([, param, action, field]) => action === a.action && field === a.field && !NO_PATTERN_NEEDED.has(param))
      .map(([template, param]) => [`${template}.${param} = ${JSON.stringify(a.value).slice(0, 50)}`, template, param, a.value] as const),
  );
  it('maps some hostile inputs onto the forms', () => expect(refusedByForm.length).toBeGreaterThan(10));
  it.each(refusedByForm)('%s is refused by the form already', (_l, template, param, value) => {
    const p = params.find(x => x.template === template && x.name === param)!;
    expect(ajv.validate(p.schema, value)).toBe(false);
  });

  it.each([
    ['change-platform-setting', 'value', ['3', '30d', '0 2 * * *', 'mlops.example.com', 'price $5']],
    ['new-ml-project', 'description', ['Churn: "weekly" # nightly', 'costs $5 (approx.)']],
    ['new-ml-project', 'schedule', ['@daily', '0 2 * * *', '*/15 * * * 1-5']],
    ['new-platform-component', 'helmRepoUrl', ['https://charts.bitnami.com/bitnami', 'oci://ghcr.io/grafana/helm-charts', 'https://ot-container-kit.github.io/helm-charts/']],
    ['new-platform-component', 'layer', ['system:default/platform-operators']],
  ] as const)('%s.%s still accepts ordinary values', (template, param, values) => {
    const p = params.find(x => x.template === template && x.name === param)!;
    for (const v of values) expect([v, ajv.validate(p.schema, v)]).toEqual([v, true]);
  });
});
