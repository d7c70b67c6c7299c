import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ManifestObject } from '@mlops-portal/plugin-mlops-common';

/*
 * The GitOps checkout the catalog module reads (`catalog.providers.mlops.*.path`,
 * set by an administrator, never by a user): HelmRelease files for "Git vs
 * live", and Kustomization paths built with `kubectl kustomize` for drift.
 * Nothing from a request decides a path: names come from the cluster's
 * objects, and every path is resolved (symlinks too) and must stay inside
 * the checkout.
 */

const MAX_FILES = 20_000;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Parses a multi-document YAML text into objects, skipping what is not an object. */
export function parseManifests(text: string): ManifestObject[] {
  const out: ManifestObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) continue;
    const v = doc.toJSON();
    if (v && typeof v === 'object' && !Array.isArray(v)) out.push(v as ManifestObject);
  }
  return out;
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Remote bases kustomize would fetch (a git clone): refused, nothing leaves the machine. */
const REMOTE = /^(https?:|git@|ssh:|git:|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|\?ref=|\/\/.*\.git/;

/** The checkouts configured for the catalog module, resolved as the backend resolves them. */
export function readCheckoutRoots(config: Config): string[] {
  const providers = config.getOptionalConfig('catalog.providers.mlops');
  if (!providers) return [];
  const roots: string[] = [];
  for (const key of providers.keys()) {
    const p = providers.getOptionalConfig(key)?.getOptionalString('path');
    if (p) roots.push(path.resolve(p));
  }
  return roots;
}

export class GitopsCheckout {
  private fileCache?: { at: number; files: Array<{ file: string; root: string; objects: ManifestObject[] }> };

  constructor(
    private readonly roots: string[],
    private readonly options: { kubectl?: string; timeoutMs?: number; cacheMs?: number } = {},
  ) {}

  get configured(): boolean {
    return this.roots.length > 0;
  }

  private walk(root: string): string[] {
    const real = fs.realpathSync(root);
    const out: string[] = [];
    const stack = [real];
    while (stack.length && out.length < MAX_FILES) {
      const dir = stack.pop()!;
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.name.startsWith('.')) continue;
        const p = path.join(dir, e.name);
        // Symlinks are not followed: the checkout's own files only.
        if (e.isDirectory()) stack.push(p);
        else if (e.isFile() && /\.ya?ml$/.test(e.name)) out.push(p);
      }
    }
    return out;
  }

  /** Every YAML document of every checkout, parsed (cached briefly). */
  private documents() {
    const now = Date.now();
    if (this.fileCache && now - this.fileCache.at < (this.options.cacheMs ?? 30_000)) return this.fileCache.files;
    const files: Array<{ file: string; root: string; objects: ManifestObject[] }> = [];
    for (const root of this.roots) {
      if (!fs.existsSync(root)) continue;
      for (const file of this.walk(root)) {
        if (fs.statSync(file).size > MAX_FILE_BYTES) continue;
        files.push({ file, root: fs.realpathSync(root), objects: parseManifests(fs.readFileSync(file, 'utf8')) });
      }
    }
    this.fileCache = { at: now, files };
    return files;
  }

  /** The object of this kind, namespace and name as written in Git, and its file (relative to the checkout). */
  findObject(kind: string, namespace: string, name: string): { file: string; object: ManifestObject } | undefined {
    for (const f of this.documents()) {
      for (const o of f.objects) {
        if (o.kind === kind && o.metadata?.name === name && (o.metadata?.namespace ?? namespace) === namespace) {
          return { file: path.relative(f.root, f.file), object: o };
        }
      }
    }
    return undefined;
  }

  /**
   * The folder a Flux `spec.path` points at in a checkout: the path is
   * relative to the source's root, which is the checkout or its parent
   * (a checkout of `gitops/` inside the platform repository). Undefined when
   * it resolves outside every checkout.
   */
  resolveFluxPath(specPath: string): { root: string; dir: string } | undefined {
    const clean = specPath.replace(/^\.\//, '');
    if (clean.split('/').some(s => s === '..')) return undefined;
    for (const root of this.roots) {
      if (!fs.existsSync(root)) continue;
      const realRoot = fs.realpathSync(root);
      for (const base of [path.dirname(realRoot), realRoot]) {
        const candidate = path.resolve(base, clean);
        if (!fs.existsSync(candidate)) continue;
        const real = fs.realpathSync(candidate);
        if (isInside(realRoot, real) && fs.statSync(real).isDirectory()) return { root: realRoot, dir: real };
      }
    }
    return undefined;
  }

  /**
   * What Flux would apply from a folder: `kubectl kustomize` when it has a
   * kustomization.yaml (remote bases refused first; plugins and Helm
   * inflation stay off, as kubectl's defaults are; loading restricted to the
   * folder's root), else every YAML below it (kustomize-controller generates
   * that kustomization itself).
   */
  async build(dir: { root: string; dir: string }): Promise<ManifestObject[]> {
    const kfile = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].map(f => path.join(dir.dir, f)).find(f => fs.existsSync(f));
    if (!kfile) {
      return this.walk(dir.dir).flatMap(f => parseManifests(fs.readFileSync(f, 'utf8'))).filter(o => o.kind && !(o.kind === 'Kustomization' && String(o.apiVersion ?? '').startsWith('kustomize.config.k8s.io')));
    }
    this.refuseRemote(dir);
    const kubectl = this.options.kubectl ?? 'kubectl';
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-kustomize-'));
    try {
      const out = await new Promise<string>((resolve, reject) => {
        execFile(
          kubectl,
          ['kustomize', dir.dir, '--load-restrictor=LoadRestrictionsRootOnly'],
          // A clean environment: no kubeconfig, no inherited settings; HOME is empty.
          { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home }, cwd: dir.dir, timeout: this.options.timeoutMs ?? 30_000, maxBuffer: 32 * 1024 * 1024 },
          (err, stdout, stderr) => (err ? reject(new InputError(`kustomize build of ${path.relative(dir.root, dir.dir) || '.'} failed: ${String(stderr || err.message).trim().slice(0, 500)}`)) : resolve(stdout)),
        );
      });
      return parseManifests(out);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  }

  /** Refuses kustomizations under `dir` that name remote bases (kustomize would clone them). */
  private refuseRemote(dir: { root: string; dir: string }) {
    const stack = [dir.dir];
    const seen = new Set<string>();
    while (stack.length) {
      const d = stack.pop()!;
      if (seen.has(d)) continue;
      seen.add(d);
      const kfile = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].map(f => path.join(d, f)).find(f => fs.existsSync(f));
      if (!kfile) continue;
      const [doc] = parseManifests(fs.readFileSync(kfile, 'utf8')) as any[];
      const refs: unknown[] = [...(doc?.resources ?? []), ...(doc?.bases ?? []), ...(doc?.components ?? [])];
      for (const r of refs) {
        if (typeof r !== 'string') continue;
        if (REMOTE.test(r)) throw new InputError(`${path.relative(dir.root, kfile)} names a remote base '${r.slice(0, 100)}': not built (nothing is fetched from outside the checkout)`);
        const next = path.resolve(d, r);
        if (fs.existsSync(next) && fs.statSync(next).isDirectory()) {
          const real = fs.realpathSync(next);
          if (!isInside(dir.root, real)) throw new InputError(`${path.relative(dir.root, kfile)} reaches outside the checkout ('${r.slice(0, 100)}')`);
          stack.push(real);
        }
      }
      if (doc?.helmCharts || doc?.helmChartInflationGenerator) {
        throw new InputError(`${path.relative(dir.root, kfile)} inflates Helm charts: not built (that needs --enable-helm and fetches charts)`);
      }
    }
  }
}
