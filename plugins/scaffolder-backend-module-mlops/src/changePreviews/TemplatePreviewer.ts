import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { type Entity, parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import type {
  ChangePreview,
  PreviewSkippedStep,
  TemplateChangePreview,
} from '@mlops-portal/plugin-mlops-common';
import type { GitopsTargetConfig } from '../config';
import { resolveInside } from '../gitops/workspacePaths';
import { type ExpressionScope, renderTemplateValue } from './templateExpressions';

/** Actions of this module that a preview runs: they only read config, clone or edit the temp checkout. */
export const PREVIEW_RUN_ACTIONS = new Set([
  'mlops:gitops:target',
  'mlops:git:clone',
  'mlops:gitops:snapshot',
  'mlops:helmrelease:add',
  'mlops:helmrelease:bump',
  'mlops:settings:set',
  'mlops:revert',
  'mlops:model:promote',
  'mlops:ml-project:create',
  'mlops:gitops:preview',
]);
const PREVIEW_ACTION = 'mlops:gitops:preview';

/** Previews at once; more wait for none, they are refused (503) so a burst cannot fill the disk. */
export const MAX_CONCURRENT_PREVIEWS = 4;

/**
 * Runs the file-changing steps of a GitOps template against a throw-away
 * checkout to show what the change would do, before the task runs. The
 * template is read from the catalog with the caller's credentials (never
 * taken from the request); only this module's actions run, with inputs
 * rendered by the expression subset of templateExpressions.ts; the steps
 * after `mlops:gitops:preview` (commit, push, pull request) never run; the
 * temporary folder is removed whatever happens.
 */
export class TemplatePreviewer {
  private running = 0;
  private readonly actions: Map<string, TemplateAction<any, any, any>>;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      actions: TemplateAction<any, any, any>[];
      target?: GitopsTargetConfig;
      urlReader?: UrlReaderService;
      logger: LoggerService;
      /** Where temporary checkouts go (default: the OS temp folder). */
      tmpDir?: string;
    },
  ) {
    this.actions = new Map(options.actions.map(a => [a.id, a]));
  }

  async preview(request: {
    templateRef: string;
    values: Record<string, unknown>;
    credentials: BackstageCredentials<BackstageUserPrincipal>;
  }): Promise<TemplateChangePreview> {
    const { credentials } = request;
    let ref: string;
    try {
      ref = stringifyEntityRef(
        parseEntityRef(request.templateRef, { defaultKind: 'template', defaultNamespace: 'default' }),
      );
    } catch (e) {
      throw new InputError(`templateRef: ${(e as Error).message}`);
    }
    if (!ref.startsWith('template:')) {
      throw new InputError(`templateRef: must name a Template, got '${request.templateRef}'`);
    }
    const template = await this.options.catalog.getEntityByRef(ref, { credentials });
    if (!template || template.kind !== 'Template') {
      throw new NotFoundError(`templateRef: no template '${ref}' that you may read`);
    }
    const steps = templateSteps(template);
    const previewIndex = steps.findIndex(s => s.action === PREVIEW_ACTION);
    if (previewIndex < 0) {
      throw new InputError(
        `templateRef: '${ref}' has no ${PREVIEW_ACTION} step, so it changes nothing a preview could show`,
      );
    }
    validateValues(template, request.values);

    if (this.running >= MAX_CONCURRENT_PREVIEWS) {
      throw new ServiceUnavailableError('Too many change previews at once; try again in a moment');
    }
    this.running++;
    const workspace = fs.mkdtempSync(path.join(this.options.tmpDir ?? os.tmpdir(), 'mlops-change-preview-'));
    try {
      return await this.run(ref, steps.slice(0, previewIndex + 1), request.values, credentials, workspace);
    } finally {
      this.running--;
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  }

  private async run(
    templateRef: string,
    steps: TemplateStep[],
    values: Record<string, unknown>,
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    workspacePath: string,
  ): Promise<TemplateChangePreview> {
    const scope: ExpressionScope = { parameters: values, steps: {} };
    const skipped: PreviewSkippedStep[] = [];
    for (const step of steps) {
      const where = `steps.${step.id}`;
      if (step.each !== undefined) {
        throw new InputError(`${where}: 'each' is not supported by the preview`);
      }
      if (step.if !== undefined) {
        const cond = renderTemplateValue(step.if, scope, `${where}.if`);
        if (!cond) {
          skipped.push({ step: step.id, action: step.action, reason: 'its condition is false' });
          continue;
        }
      }
      const outputs: Record<string, unknown> = {};
      scope.steps[step.id] = { output: outputs };
      if (PREVIEW_RUN_ACTIONS.has(step.action)) {
        const action = this.actions.get(step.action);
        if (!action) throw new InputError(`${where}: action ${step.action} is not registered`);
        const input = renderTemplateValue(step.input ?? {}, scope, `${where}.input`);
        await action.handler({
          input,
          workspacePath,
          logger: this.options.logger.child({ previewStep: step.id }),
          output: (name: string, value: unknown) => {
            outputs[name] = value;
          },
          checkpoint: async ({ fn }: { fn: () => Promise<unknown> }) => fn(),
          createTemporaryDirectory: async () =>
            fs.mkdtempSync(path.join(resolveInside(workspacePath, '.', 'workspace'), '.tmp-')),
          getInitiatorCredentials: async () => credentials,
          task: { id: 'change-preview' },
          templateInfo: { entityRef: templateRef },
          isDryRun: false,
          user: { ref: credentials.principal.userEntityRef },
          step: { id: step.id, name: step.name },
        } as any);
        continue;
      }
      if (step.action === 'catalog:fetch') {
        const input = renderTemplateValue(step.input ?? {}, scope, `${where}.input`) as Record<string, unknown>;
        if (typeof input.entityRef !== 'string') {
          throw new InputError(`${where}.input.entityRef: the preview needs a single entity reference`);
        }
        const entity = await this.options.catalog.getEntityByRef(input.entityRef, { credentials });
        if (!entity && !input.optional) {
          throw new NotFoundError(`${where}: no entity '${input.entityRef}' that you may read`);
        }
        outputs.entity = entity;
        continue;
      }
      if (step.action === 'fetch:plain') {
        await this.fetchPlain(step, scope, workspacePath);
        continue;
      }
      skipped.push({ step: step.id, action: step.action, reason: 'not an MLOps GitOps step; the preview runs only those' });
    }
    const last = scope.steps[steps[steps.length - 1].id]?.output ?? {};
    return {
      templateRef,
      preview: last.preview as ChangePreview,
      summary: String(last.summary ?? ''),
      skipped,
    };
  }

  /** GitHub mode: the checkout, only from the configured GitOps repository. */
  private async fetchPlain(step: TemplateStep, scope: ExpressionScope, workspacePath: string) {
    const where = `steps.${step.id}`;
    const input = renderTemplateValue(step.input ?? {}, scope, `${where}.input`) as Record<string, unknown>;
    const configured = scope.steps.target?.output?.fetchUrl;
    if (this.options.target?.mode !== 'github' || !this.options.urlReader || typeof configured !== 'string') {
      throw new InputError(`${where}: the preview fetches only the configured GitHub GitOps repository`);
    }
    if (input.url !== configured) {
      throw new InputError(`${where}.input.url: the preview fetches only the configured GitOps repository`);
    }
    const targetDir = resolveInside(workspacePath, String(input.targetPath ?? './'), `${where}.input.targetPath`);
    fs.mkdirSync(targetDir, { recursive: true });
    try {
      const tree = await this.options.urlReader.readTree(configured);
      // Backstage's tar extraction drops entries with '..' and links that
      // lead out of targetDir (tested in router.test.ts).
      await tree.dir({ targetDir });
    } catch (e) {
      const message = `${where}: could not fetch the GitOps repository ${configured}: ${(e as Error).message}`;
      if ((e as Error)?.name === 'NotFoundError') throw new NotFoundError(message);
      throw new ServiceUnavailableError(message);
    }
  }
}

interface TemplateStep {
  id: string;
  name?: string;
  action: string;
  input?: unknown;
  if?: unknown;
  each?: unknown;
}

function templateSteps(template: Entity): TemplateStep[] {
  const steps = (template.spec as { steps?: unknown })?.steps;
  if (!Array.isArray(steps)) return [];
  return steps
    .filter((s): s is Record<string, unknown> => !!s && typeof s === 'object')
    .map((s, i) => ({
      id: typeof s.id === 'string' ? s.id : `step-${i}`,
      name: typeof s.name === 'string' ? s.name : undefined,
      action: String(s.action ?? ''),
      input: s.input,
      if: s.if,
      each: s.each,
    }));
}

/** Checks the values against every page of the template's parameters; errors name the field. */
export function validateValues(template: Entity, values: Record<string, unknown>): void {
  const raw = (template.spec as { parameters?: unknown })?.parameters;
  const pages = (Array.isArray(raw) ? raw : [raw]).filter(
    (p): p is Record<string, unknown> => !!p && typeof p === 'object',
  );
  const problems: string[] = [];
  // One Ajv per call: Ajv caches every schema object it compiles, and these are new each request.
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  for (const page of pages) {
    const schema = stripUi(page) as Record<string, unknown>;
    delete schema.title;
    delete schema.description;
    let validate;
    try {
      validate = ajv.compile(schema);
    } catch (e) {
      throw new InputError(`templateRef: the template's parameters are not a valid JSON schema: ${(e as Error).message}`);
    }
    if (!validate(values)) {
      for (const err of validate.errors ?? []) {
        const missing = (err.params as { missingProperty?: string }).missingProperty;
        const field = missing ?? err.instancePath.replace(/^\//, '').replace(/\//g, '.');
        problems.push(`values.${field || '(values)'}: ${missing ? 'is required' : err.message}`);
      }
    }
  }
  if (problems.length) throw new InputError([...new Set(problems)].join('; '));
}

function stripUi(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripUi);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('ui:') || k === '__proto__') continue;
    out[k] = stripUi(v);
  }
  return out;
}
