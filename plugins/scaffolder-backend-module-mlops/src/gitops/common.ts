import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';
import { resolveInside } from './workspacePaths';
import {
  isDns1123Label,
  DNS1123_RULE,
  freeTextProblem,
  platformNamespaces,
} from './validation';
import {
  MLOPS_ANNOTATION_PREFIX,
  parseObjectsAnnotation,
} from '@mlops-portal/plugin-mlops-common';

/**
 * Annotation carrying a one-line human description on objects the portal
 * writes. Not (yet) in mlops-common's contract; the catalog module may read it.
 */
export const ANNOTATION_DESCRIPTION = `${MLOPS_ANNOTATION_PREFIX}/description`;

/** zod: a DNS-1123 label. */
export const dnsName = (max = 63) =>
  z.string().max(max).refine(v => isDns1123Label(v, max), {
    message: `${DNS1123_RULE.replace('63', String(max))}`,
  });

/**
 * zod: an entity ref such as `group:default/ml-team` (kind and namespace
 * optional). Linear-time pattern, bounded length.
 */
export const entityRefField = (example: string) =>
  z
    .string()
    .max(255)
    .regex(/^([a-z]+:)?([a-z0-9-]+\/)?[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/i, {
      message: `must be an entity ref like ${example}`,
    });

/** zod: a relative folder in the workspace (checked again on resolve). */
export const repoPathField = () =>
  z
    .string()
    .max(200)
    .default('.')
    .describe(
      'Folder of the GitOps checkout inside the workspace (where fetch put it)',
    );

/**
 * zod: a one-line description written into the GitOps repository or a
 * project: no control or bidi characters, no `${` (see freeTextProblem).
 */
export const oneLine = (max = 300) =>
  z
    .string()
    .max(max)
    .superRefine((v, c) => {
      const problem = freeTextProblem(v);
      if (problem) c.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    });

/** Resolves the checkout folder and checks it exists. */
export function resolveRepoRoot(
  workspacePath: string,
  repoPath: string,
): string {
  const root = resolveInside(workspacePath, repoPath, 'repoPath');
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    throw new InputError(
      `repoPath: '${repoPath}' is not a folder in the workspace (did the fetch step run?)`,
    );
  }
  return root;
}

/** The kustomization file of a folder, or undefined. */
export function findKustomizationFile(dir: string): string | undefined {
  for (const n of [
    'kustomization.yaml',
    'kustomization.yml',
    'Kustomization',
  ]) {
    const p = path.join(dir, n);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

/** `group:default/platform-team` → `platform-team` (label values allow no `:` or `/`). */
export function ownerLabelValue(owner: string): string {
  const name = owner.replace(/^[a-z]+:/i, '').replace(/^[^/]*\//, '');
  return name;
}

/**
 * Hands our zod schema to `createTemplateAction`. The scaffolder converts it
 * to JSON schema for the form and its own check; its `zod/v3` types come from
 * a different zod copy than ours, so the types cannot line up and the handler
 * re-parses `ctx.input` with the same schema (see parseInput) instead of
 * trusting the inferred type.
 */
export function actionInputSchema(schema: z.ZodTypeAny): (zImpl: any) => any {
  return () => schema;
}

/** zod: an optional namespace that must be one of the platform's. */
export const platformNamespaceField = (description: string) =>
  z
    .string()
    .refine(v => platformNamespaces().includes(v), {
      message: `must be one of the platform's namespaces: ${platformNamespaces().join(
        ', ',
      )}`,
    })
    .optional()
    .describe(description);

/** zod: the `mlops-portal.io/objects` annotation of the picked catalog entity. */
export const objectsAnnotationField = () =>
  z
    .string()
    .max(10000)
    .optional()
    .describe(
      "The picked entity's mlops-portal.io/objects annotation (from catalog:fetch); its HelmRelease is the one changed",
    );

/**
 * The HelmRelease to act on: the first `HelmRelease:<ns>/<name>` of the
 * entity's objects annotation when given (entity names can differ from
 * object names when the catalog disambiguates), else `name`/`namespace`.
 */
export function resolveReleaseRef(input: {
  name: string;
  namespace?: string;
  objects?: string;
}): { name: string; namespace?: string } {
  if (!input.objects) return { name: input.name, namespace: input.namespace };
  const { refs, errors } = parseObjectsAnnotation(input.objects);
  const hr = refs.find(r => r.kind === 'HelmRelease');
  if (!hr) {
    throw new InputError(
      `objects: names no HelmRelease${
        errors.length ? ` (${errors.join('; ')})` : ''
      }; this entity is not a Flux Helm component`,
    );
  }
  return { name: hr.name, namespace: hr.namespace };
}
