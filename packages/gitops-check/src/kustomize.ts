import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { KUSTOMIZATION_FILE_NAMES, listYamlFiles } from './loadManifests';

/** Where the machines this project runs on have kubectl (with kustomize built in). @public */
export const DEFAULT_KUBECTL = '/usr/bin/kubectl';

/**
 * Folders under `root` that hold a kustomization file, relative to `root`
 * (`.` for the root itself), sorted.
 * @public
 */
export function findKustomizationDirs(root: string): string[] {
  const dirs = new Set<string>();
  for (const file of listYamlFiles(root)) {
    if (KUSTOMIZATION_FILE_NAMES.includes(path.posix.basename(file))) {
      dirs.add(path.posix.dirname(file));
    }
  }
  return [...dirs].sort();
}

/** The result of one `kubectl kustomize`. @public */
export interface KustomizeBuildResult {
  /** Whether kubectl rendered the folder and its output parsed. */
  ok: boolean;
  /** Objects in the rendered output (only when `ok`). */
  objects: unknown[];
  /** The rendered YAML as kubectl printed it (empty on failure). */
  text: string;
  /** kubectl's stderr, or the YAML error of its output. */
  error?: string;
}

/**
 * Renders `dir` with `kubectl kustomize`, offline, and parses the output.
 * Never rejects: a failure comes back as `{ ok: false, error }`.
 * @public
 */
export function kustomizeBuild(
  dir: string,
  kubectl: string = DEFAULT_KUBECTL,
): Promise<KustomizeBuildResult> {
  return new Promise(resolve => {
    execFile(
      kubectl,
      ['kustomize', dir],
      { maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) {
          resolve({
            ok: false,
            objects: [],
            text: '',
            error: stderr || err.message,
          });
          return;
        }
        const docs = parseAllDocuments(stdout);
        const errors = docs.flatMap(d => d.errors.map(e => e.message));
        if (errors.length) {
          resolve({
            ok: false,
            objects: [],
            text: stdout,
            error: errors.join('; '),
          });
          return;
        }
        resolve({
          ok: true,
          text: stdout,
          objects: docs.map(d => d.toJS()).filter(o => o !== null),
        });
      },
    );
  });
}

/** Whether kubectl is present at `kubectl` (an absolute path). @public */
export function hasKubectl(kubectl: string = DEFAULT_KUBECTL): boolean {
  try {
    fs.accessSync(kubectl, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
