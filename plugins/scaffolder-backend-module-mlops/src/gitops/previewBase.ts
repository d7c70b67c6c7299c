import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';
import type { GitopsTreeFile } from '@mlops-portal/plugin-mlops-node';
import { resolveInside } from './workspacePaths';
import { readRepoYamlFiles } from './repoFiles';

/**
 * Where `mlops:gitops:snapshot` keeps the tree before the change: a file of
 * the workspace, outside every checkout (neither published nor committed).
 */
export const PREVIEW_BASE_FILE = '.mlops-preview/base.json';

const baseFileSchema = z.object({
  repoPath: z.string(),
  files: z.array(z.object({ path: z.string(), text: z.string() })),
});

/** zod: the checkout's folder inside its Git repository (`pathInRepo` of mlops:gitops:target), for Kustomization paths. */
export const pathInRepoField = () =>
  z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9._/-]*$/, { message: 'must be a relative folder (letters, digits, . _ - /)' })
    .refine(v => !v.split('/').includes('..') && !v.startsWith('/'), {
      message: "must be relative, without '..'",
    })
    .default('')
    .describe("The checkout's folder in its Git repository (pathInRepo of mlops:gitops:target); Kustomization paths are from the repository root");

/** The YAML files of a checkout, with paths from the Git repository root. */
export async function readTree(root: string, pathInRepo: string): Promise<GitopsTreeFile[]> {
  const prefix = pathInRepo.replace(/^\.?\/*/, '').replace(/\/+$/, '');
  return (await readRepoYamlFiles(root)).map(f => ({
    path: prefix ? `${prefix}/${f.rel}` : f.rel,
    text: f.text,
  }));
}

/** Stores the tree before the change. */
export async function writePreviewBase(
  workspacePath: string,
  repoPath: string,
  files: GitopsTreeFile[],
): Promise<void> {
  const file = resolveInside(workspacePath, PREVIEW_BASE_FILE, 'snapshot');
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  await fs.promises.writeFile(file, JSON.stringify({ repoPath, files }));
}

/** The tree `mlops:gitops:snapshot` stored for `repoPath`. */
export async function readPreviewBase(
  workspacePath: string,
  repoPath: string,
): Promise<GitopsTreeFile[]> {
  const file = resolveInside(workspacePath, PREVIEW_BASE_FILE, 'snapshot');
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch {
    throw new InputError(
      `repoPath: no snapshot of '${repoPath}' in the workspace; run mlops:gitops:snapshot before the change`,
    );
  }
  const base = baseFileSchema.parse(JSON.parse(text));
  if (base.repoPath !== repoPath) {
    throw new InputError(
      `repoPath: the snapshot is of '${base.repoPath}', not '${repoPath}'; snapshot and preview must name the same checkout`,
    );
  }
  return base.files;
}
