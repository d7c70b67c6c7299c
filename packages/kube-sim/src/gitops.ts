import { substituteFluxVariables } from '@mlops-portal/plugin-mlops-common';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * Reads a Flux repository the way Flux would apply it: every Flux
 * Kustomization's `spec.path` is built (a `kustomization.yaml`'s
 * `resources`, or all YAML under the directory, as kustomize-controller
 * generates one: https://fluxcd.io/flux/components/kustomize/kustomizations/#generating-a-kustomizationyaml-file),
 * then `postBuild` substitution is applied
 * (https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution).
 * Kustomize patches, generators and components are not applied: the
 * simulator needs the objects' identities and the fields the portal reads.
 */

/** One object Flux would apply, with who applied it. @public */
export interface AppliedObject {
  obj: any;
  /** The Flux Kustomization that applied it (`namespace/name`), if any. */
  appliedBy?: { name: string; namespace: string };
  /** The file it came from, relative to the GitOps dir. */
  file: string;
}

/** A document read from the repo, kept as text for substitution. */
interface RawDoc {
  text: string;
  obj: any;
  file: string;
}

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
]);

const FLUX_GROUP = /\.toolkit\.fluxcd\.io\//;

/**
 * Flux's variable substitution, as kustomize-controller applies it (unset
 * variables without a default become empty, Flux's non-strict mode). The
 * rules live in mlops-common.
 * @public
 */
export function substituteVariables(
  text: string,
  vars: Record<string, string>,
): string {
  return substituteFluxVariables(text, vars);
}

/** A file of the repository that does not parse, and the Kustomization whose build it broke. @public */
export interface GitopsProblem {
  file: string;
  message: string;
  kustomization?: { name: string; namespace: string };
}

/** What a read needs besides the paths: where it may go, and where to report broken files. */
interface ReadContext {
  confine: string;
  problems: GitopsProblem[];
}

function readYamlFile(abs: string, rel: string, ctx: ReadContext): RawDoc[] {
  const text = fs.readFileSync(abs, 'utf8');
  const out: RawDoc[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) {
      ctx.problems.push({ file: rel, message: doc.errors[0].message.split('\n')[0] });
      continue;
    }
    const obj = doc.toJS();
    if (!obj || typeof obj !== 'object' || !obj.kind || !obj.apiVersion) continue;
    out.push({ text: doc.toString(), obj, file: rel });
  }
  return out;
}

function isYaml(f: string) {
  return f.endsWith('.yaml') || f.endsWith('.yml');
}

/**
 * The YAML files under `dir`: regular files and directories only, so a
 * symbolic link in a repository (written by whoever got a change merged)
 * never makes the simulator read a file outside it.
 */
function walkYaml(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walkYaml(p));
    else if (e.isFile() && isYaml(e.name)) out.push(p);
  }
  return out;
}

/**
 * Whether `p` is inside `confine` and reached without a symbolic link: the
 * only paths a Kustomization's `spec.path` or a kustomization.yaml's
 * `resources` may lead to.
 */
function isInside(confine: string, p: string): boolean {
  const rel = path.relative(confine, p);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return false;
  try {
    const real = fs.realpathSync(p);
    const realRel = path.relative(fs.realpathSync(confine), real);
    return !realRel.startsWith('..') && !path.isAbsolute(realRel) && !fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** A kustomize build (resources, namespace, labels) of a directory. */
function buildDir(dir: string, root: string, ctx: ReadContext, seen = new Set<string>()): RawDoc[] {
  if (seen.has(dir)) return [];
  seen.add(dir);
  const kfile = ['kustomization.yaml', 'kustomization.yml', 'Kustomization']
    .map(f => path.join(dir, f))
    .find(f => fs.existsSync(f) && fs.lstatSync(f).isFile());
  const rel = (p: string) => path.relative(root, p);
  if (!kfile) {
    return walkYaml(dir).flatMap(f => readYamlFile(f, rel(f), ctx));
  }
  const k = readYamlFile(kfile, rel(kfile), ctx)[0]?.obj ?? {};
  const docs: RawDoc[] = [];
  for (const r of (k.resources ?? []) as string[]) {
    const p = path.resolve(dir, String(r));
    if (!fs.existsSync(p)) continue; // remote bases are not fetched
    if (!isInside(ctx.confine, p)) continue; // outside the repository, or through a link: not followed
    if (fs.statSync(p).isDirectory()) docs.push(...buildDir(p, root, ctx, seen));
    else docs.push(...readYamlFile(p, rel(p), ctx));
  }
  const labels: Record<string, string> = { ...(k.commonLabels ?? {}) };
  for (const l of (k.labels ?? []) as any[]) Object.assign(labels, l?.pairs ?? {});
  if (k.namespace || Object.keys(labels).length) {
    for (const d of docs) {
      d.obj.metadata = d.obj.metadata ?? {};
      if (k.namespace && d.obj.kind !== 'Namespace' && !CLUSTER_SCOPED.has(d.obj.kind)) {
        d.obj.metadata.namespace = k.namespace;
      }
      if (Object.keys(labels).length) {
        d.obj.metadata.labels = { ...(d.obj.metadata.labels ?? {}), ...labels };
      }
      d.text = JSON.stringify(d.obj);
    }
  }
  return docs;
}


/**
 * Finds the directory a Flux `spec.path` points at. The path is relative to
 * the source's root, which may be the GitOps dir itself or a parent of it
 * (when `gitops/` is a folder of a larger repository).
 */
function resolveSpecPath(gitopsDir: string, specPath: string, confine: string): string | undefined {
  let base = path.resolve(gitopsDir);
  for (let i = 0; i < 4; i++) {
    const p = path.resolve(base, specPath);
    if (fs.existsSync(p) && fs.statSync(p).isDirectory() && isInside(confine, p)) return p;
    const parent = path.dirname(base);
    if (parent === base) break;
    base = parent;
  }
  return undefined;
}

function keyOf(o: any) {
  const group = String(o.apiVersion ?? '').includes('/') ? String(o.apiVersion).split('/')[0] : '';
  return `${group}/${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
}

/** Options of {@link loadGitops}. @public */
export interface LoadGitopsOptions {
  /**
   * The repository's root: no `spec.path` or kustomization `resources` is
   * followed outside it. Default: the GitOps directory's parent (the
   * repository whose `gitops/` folder it is).
   */
  repoRoot?: string;
  /**
   * Receives the files that do not parse; one found while building a
   * Kustomization names it (that build failed, as kustomize build would).
   */
  problems?: GitopsProblem[];
}

/**
 * Loads a GitOps directory: every Flux object found anywhere in it (the
 * bootstrap objects `flux bootstrap` applies), plus what each Flux
 * Kustomization would apply, with substitution.
 * @public
 */
export function loadGitops(gitopsDir: string, options: LoadGitopsOptions = {}): AppliedObject[] {
  const root = path.resolve(gitopsDir);
  if (!fs.existsSync(root)) {
    throw new Error(`GitOps directory ${root} does not exist`);
  }
  const ctx: ReadContext = { confine: path.resolve(options.repoRoot ?? path.dirname(root)), problems: [] };
  const all = walkYaml(root).flatMap(f => readYamlFile(f, path.relative(root, f), ctx));
  const result = new Map<string, AppliedObject>();
  // Flux objects found anywhere are what bootstrap puts on the cluster.
  for (const d of all) {
    if (FLUX_GROUP.test(`${d.obj.apiVersion}/`) && d.obj.metadata?.name) {
      const obj = structuredClone(d.obj);
      obj.metadata.namespace = obj.metadata.namespace ?? 'flux-system';
      result.set(keyOf(obj), { obj, file: d.file });
    }
  }
  const kustomizations = [...result.values()].filter(
    a => a.obj.kind === 'Kustomization' && String(a.obj.apiVersion).startsWith('kustomize.toolkit.fluxcd.io/'),
  );
  const configLookup = (kind: string, ns: string, name: string) =>
    all.find(d => d.obj.kind === kind && d.obj.metadata?.name === name && (d.obj.metadata?.namespace ?? ns) === ns)?.obj;
  for (const ks of kustomizations) {
    const spec = ks.obj.spec ?? {};
    const dir = resolveSpecPath(root, String(spec.path ?? './'), ctx.confine);
    if (!dir) continue;
    const vars: Record<string, string> = {};
    for (const ref of (spec.postBuild?.substituteFrom ?? []) as any[]) {
      const src = configLookup(ref.kind, ks.obj.metadata.namespace, ref.name);
      const data = src?.data ?? {};
      for (const [k, v] of Object.entries<string>(data)) {
        vars[k] = ref.kind === 'Secret' ? Buffer.from(String(v), 'base64').toString('utf8') : String(v);
      }
      for (const [k, v] of Object.entries<string>(src?.stringData ?? {})) vars[k] = String(v);
    }
    Object.assign(vars, spec.postBuild?.substitute ?? {});
    const substitute = spec.postBuild !== undefined;
    const problemsBefore = ctx.problems.length;
    const built = buildDir(dir, root, ctx);
    for (const problem of ctx.problems.slice(problemsBefore)) {
      problem.kustomization = { name: ks.obj.metadata.name, namespace: ks.obj.metadata.namespace };
    }
    for (const d of built) {
      let obj = d.obj;
      const disabled = obj.metadata?.annotations?.['kustomize.toolkit.fluxcd.io/substitute'] === 'disabled' ||
        obj.metadata?.labels?.['kustomize.toolkit.fluxcd.io/substitute'] === 'disabled';
      if (substitute && !disabled) {
        const text = substituteVariables(d.text, vars);
        const parsed = parseAllDocuments(text)[0]?.toJS();
        if (parsed && typeof parsed === 'object') obj = parsed;
      } else {
        obj = structuredClone(obj);
      }
      if (!obj.metadata?.name) continue;
      if (spec.targetNamespace && !CLUSTER_SCOPED.has(obj.kind)) {
        obj.metadata.namespace = spec.targetNamespace;
      }
      if (!obj.metadata.namespace && !CLUSTER_SCOPED.has(obj.kind)) {
        obj.metadata.namespace = 'default';
      }
      obj.metadata.labels = {
        ...(obj.metadata.labels ?? {}),
        'kustomize.toolkit.fluxcd.io/name': ks.obj.metadata.name,
        'kustomize.toolkit.fluxcd.io/namespace': ks.obj.metadata.namespace,
      };
      // A Flux object found at bootstrap and also built by a Kustomization
      // takes the built copy (with its labels and substitutions).
      result.set(keyOf(obj), {
        obj,
        file: d.file,
        appliedBy: { name: ks.obj.metadata.name, namespace: ks.obj.metadata.namespace },
      });
    }
  }
  options.problems?.push(...ctx.problems);
  return [...result.values()];
}

/** Inventory entry id: `<namespace>_<name>_<group>_<kind>`. @public */
export function inventoryId(obj: any): string {
  const group = String(obj.apiVersion ?? '').includes('/') ? String(obj.apiVersion).split('/')[0] : '';
  return `${obj.metadata?.namespace ?? ''}_${obj.metadata?.name}_${group}_${obj.kind}`;
}
