import { posix } from 'path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { parseManifestFile } from './parseManifests';
import { substituteObject, substitutionVariables } from './substitute';
import { ManifestObject, ReadProblem, RepoFile } from './types';

/** Options of {@link collectObjects}. @public */
export interface CollectOptions {
  /**
   * Repo-relative directories to start from, like the `path` of the Flux
   * Kustomization that bootstraps a cluster (`clusters/production`). `.` is the
   * repository root.
   */
  paths: string[];
}

/** What {@link collectObjects} found. @public */
export interface CollectResult {
  objects: ManifestObject[];
  problems: ReadProblem[];
}

const KUSTOMIZATION_FILES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];
const MANIFEST_EXT = /\.(ya?ml|json)$/i;

const parse = (text: string): unknown => load(text, { schema: CORE_SCHEMA });

// Kinds kustomize and Flux never put into a namespace.
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'StorageClass',
  'PriorityClass',
  'PersistentVolume',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
  'ClusterIssuer',
  'IngressClass',
  'RuntimeClass',
]);

/** Whether a kind is cluster-scoped (has no namespace). @public */
export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Kustomize patch targets take a regular expression for the name.
function nameMatches(pattern: string, name: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(name);
  } catch {
    return pattern === name;
  }
}

function normalizeDir(p: string): string {
  const n = posix.normalize(p.replace(/\\/g, '/')).replace(/^\.\/?/, '');
  return n.replace(/\/$/, '') === '.' ? '' : n.replace(/\/$/, '');
}

function join(dir: string, rel: string): string {
  return normalizeDir(posix.join(dir || '.', rel));
}

function deepMerge(base: any, patch: any): any {
  if (!isRecord(base) || !isRecord(patch)) return patch;
  const out: Record<string, any> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = k in out ? deepMerge(out[k], v) : v;
  }
  return out;
}

function setNamespace(obj: ManifestObject, namespace: string): ManifestObject {
  if (isClusterScoped(obj.kind)) return obj;
  return { ...obj, metadata: { ...obj.metadata, namespace } };
}

function addLabels(
  obj: ManifestObject,
  labels: Record<string, string>,
): ManifestObject {
  return {
    ...obj,
    metadata: {
      ...obj.metadata,
      labels: { ...obj.metadata.labels, ...labels },
    },
  };
}

/** Identity of an object: group, kind, namespace, name. @public */
export function objectKey(obj: ManifestObject): string {
  const group = obj.apiVersion.includes('/')
    ? obj.apiVersion.split('/')[0]
    : '';
  return `${group}/${obj.kind}/${obj.metadata.namespace ?? ''}/${
    obj.metadata.name
  }`;
}

/** Whether an object is a Flux Kustomization (not a kustomize config file). @public */
export function isFluxKustomization(obj: ManifestObject): boolean {
  return (
    obj.kind === 'Kustomization' &&
    obj.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')
  );
}

class RepoIndex {
  readonly files = new Map<string, string>();
  readonly dirs = new Set<string>(['']);
  constructor(files: RepoFile[]) {
    for (const f of files) {
      const p = normalizeDir(f.path);
      this.files.set(p, f.content);
      let d = posix.dirname(p);
      while (d !== '.' && d !== '' && !this.dirs.has(d)) {
        this.dirs.add(d);
        d = posix.dirname(d);
      }
    }
  }
  kustomizationFile(dir: string): string | undefined {
    return KUSTOMIZATION_FILES.map(f => (dir ? `${dir}/${f}` : f)).find(f =>
      this.files.has(f),
    );
  }
  /** Files directly in dir and subdirectories directly in dir. */
  children(dir: string): { files: string[]; dirs: string[] } {
    const prefix = dir ? `${dir}/` : '';
    const files: string[] = [];
    const dirs = new Set<string>();
    for (const p of this.files.keys()) {
      if (!p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash < 0) files.push(p);
      else dirs.add(prefix + rest.slice(0, slash));
    }
    return { files: files.sort(), dirs: [...dirs].sort() };
  }
}

/**
 * Collects the Kubernetes objects a Flux repository really deploys, the way
 * kustomize-controller builds them:
 * - a directory with a `kustomization.yaml` contributes what its `resources`
 *   (and `components`, `bases`) list, with its `namespace`, `commonLabels`,
 *   `labels` and strategic-merge `patches` applied;
 * - a directory without one contributes every manifest below it, as Flux
 *   generates a kustomization for it
 *   (https://fluxcd.io/flux/components/kustomize/kustomizations/#path);
 * - each Flux Kustomization found is followed to its `spec.path`, with its
 *   `targetNamespace` and `postBuild` substitution applied to what it brings.
 * Never throws: every skipped file or entry becomes a problem naming it.
 * @public
 */
export function collectObjects(
  files: RepoFile[],
  options: CollectOptions,
): CollectResult {
  const repo = new RepoIndex(files);
  const problems: ReadProblem[] = [];
  const byKey = new Map<string, ManifestObject>();
  const configMaps = new Map<string, ManifestObject>();
  const parsedCache = new Map<string, ManifestObject[]>();
  const fluxApplied = new Set<string>();

  const parseFile = (path: string): ManifestObject[] => {
    let cached = parsedCache.get(path);
    if (!cached) {
      const parsed = parseManifestFile({
        path,
        content: repo.files.get(path)!,
      });
      problems.push(...parsed.problems);
      cached = parsed.objects;
      parsedCache.set(path, cached);
    }
    return cached;
  };

  const applyPatches = (
    objs: ManifestObject[],
    k: Record<string, any>,
    dir: string,
    kfile: string,
  ): ManifestObject[] => {
    const patches: Array<{ doc: any; target?: any; from: string }> = [];
    const loadPatch = (text: string, from: string, target?: any) => {
      try {
        const doc = parse(text);
        if (Array.isArray(doc)) {
          problems.push({ path: from, reason: 'JSON 6902 patch not applied' });
        } else if (isRecord(doc)) patches.push({ doc, target, from });
      } catch (e) {
        problems.push({
          path: from,
          reason: `invalid patch YAML: ${String(e).split('\n')[0]}`,
        });
      }
    };
    const list = [
      ...(Array.isArray(k.patches) ? k.patches : []),
      ...(Array.isArray(k.patchesStrategicMerge)
        ? k.patchesStrategicMerge
        : []),
    ];
    for (const p of list) {
      if (typeof p === 'string') {
        const f = join(dir, p);
        if (repo.files.has(f)) loadPatch(repo.files.get(f)!, f);
        else if (p.includes('\n')) loadPatch(p, kfile);
      } else if (isRecord(p)) {
        if (typeof p.path === 'string') {
          const f = join(dir, p.path);
          if (repo.files.has(f)) loadPatch(repo.files.get(f)!, f, p.target);
          else
            problems.push({
              path: kfile,
              reason: `patch '${p.path}' not found`,
            });
        } else if (typeof p.patch === 'string')
          loadPatch(p.patch, kfile, p.target);
      }
    }
    if (patches.length === 0) return objs;
    return objs.map(o => {
      let result = o;
      for (const { doc, target } of patches) {
        const kind = target?.kind ?? doc.kind;
        const name = target?.name ?? doc.metadata?.name;
        if (kind && kind !== o.kind) continue;
        if (name && !nameMatches(name, o.metadata.name)) continue;
        if (!kind && !name) continue;
        const { apiVersion: _a, kind: _k, ...body } = doc;
        const merged = deepMerge(result, {
          ...body,
          metadata: {
            ...(body.metadata ?? {}),
            name: undefined,
            namespace: undefined,
          },
        });
        merged.metadata.name = result.metadata.name;
        merged.metadata.namespace = result.metadata.namespace;
        merged.source = result.source;
        result = merged;
      }
      return result;
    });
  };

  const buildDir = (dir: string, stack: string[]): ManifestObject[] => {
    if (stack.includes(dir)) {
      problems.push({
        path: dir || '.',
        reason: 'kustomization cycle, skipped',
      });
      return [];
    }
    const kfile = repo.kustomizationFile(dir);
    if (!kfile) {
      // Flux's generated kustomization: every manifest in the tree; a
      // subdirectory that has its own kustomization.yaml is built as one.
      const { files: direct, dirs } = repo.children(dir);
      const out: ManifestObject[] = [];
      for (const f of direct)
        if (MANIFEST_EXT.test(f)) out.push(...parseFile(f));
      for (const d of dirs) out.push(...buildDir(d, [...stack, dir]));
      return out;
    }
    let k: any;
    try {
      k = parse(repo.files.get(kfile)!);
    } catch (e) {
      problems.push({
        path: kfile,
        reason: `invalid YAML: ${String(e).split('\n')[0]}`,
      });
      return [];
    }
    if (!isRecord(k)) {
      problems.push({ path: kfile, reason: 'not a kustomization, skipped' });
      return [];
    }
    let out: ManifestObject[] = [];
    const entries = [
      ...(Array.isArray(k.resources) ? k.resources : []),
      ...(Array.isArray(k.bases) ? k.bases : []),
      ...(Array.isArray(k.components) ? k.components : []),
    ];
    for (const entry of entries) {
      if (typeof entry !== 'string') continue;
      if (
        /^[a-z]+:\/\//i.test(entry) ||
        /^(github\.com|gitlab\.com)\//.test(entry)
      ) {
        problems.push({
          path: kfile,
          reason: `remote resource '${entry}' not read`,
        });
        continue;
      }
      const target = join(dir, entry);
      if (repo.files.has(target)) out.push(...parseFile(target));
      else if (repo.dirs.has(target))
        out.push(...buildDir(target, [...stack, dir]));
      else
        problems.push({ path: kfile, reason: `resource '${entry}' not found` });
    }
    out = applyPatches(out, k, dir, kfile);
    const labels: Record<string, string> = {};
    if (isRecord(k.commonLabels)) Object.assign(labels, k.commonLabels);
    if (Array.isArray(k.labels)) {
      for (const l of k.labels)
        if (isRecord(l?.pairs)) Object.assign(labels, l.pairs);
    }
    if (Object.keys(labels).length > 0) {
      const str = Object.fromEntries(
        Object.entries(labels).map(([a, b]) => [a, String(b)]),
      );
      out = out.map(o => addLabels(o, str));
    }
    if (typeof k.namespace === 'string' && k.namespace) {
      out = out.map(o => setNamespace(o, k.namespace));
    }
    return out;
  };

  const add = (obj: ManifestObject, viaFlux: boolean) => {
    const key = objectKey(obj);
    const existing = byKey.get(key);
    if (existing && !(viaFlux && !fluxApplied.has(key))) {
      if (existing.source.path !== obj.source.path) {
        problems.push({
          path: obj.source.path,
          reason: `${obj.kind} ${obj.metadata.namespace ?? ''}/${
            obj.metadata.name
          } already defined in ${existing.source.path}, ignored`,
        });
      }
      return false;
    }
    byKey.set(key, obj);
    if (viaFlux) fluxApplied.add(key);
    if (obj.kind === 'ConfigMap') {
      configMaps.set(
        `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`,
        obj,
      );
    }
    return true;
  };

  // Breadth-first, so a substituteFrom ConfigMap applied by a parent is
  // known before the children that use it are built.
  const queue: Array<{ dir: string; via?: ManifestObject }> = options.paths.map(
    p => ({ dir: normalizeDir(p) }),
  );
  const followed = new Set<string>();
  while (queue.length > 0) {
    const { dir, via } = queue.shift()!;
    let objs = buildDir(dir, []);
    if (via) {
      const targetNs = via.spec?.targetNamespace;
      if (typeof targetNs === 'string' && targetNs) {
        objs = objs.map(o => setNamespace(o, targetNs));
      }
      const vars = substitutionVariables(via, (ns, name) =>
        configMaps.get(`${ns}/${name}`),
      );
      if (via.spec?.postBuild) objs = objs.map(o => substituteObject(o, vars));
    }
    for (const obj of objs) {
      if (!add(obj, !!via)) continue;
      if (!isFluxKustomization(obj)) continue;
      const key = objectKey(obj);
      if (followed.has(key)) continue;
      followed.add(key);
      const path = resolveFluxPath(repo, obj.spec?.path);
      if (path === undefined) {
        problems.push({
          path: obj.source.path,
          reason: `Kustomization ${obj.metadata.name}: spec.path '${obj.spec?.path}' is not in this repository, not followed`,
        });
      } else {
        queue.push({ dir: path, via: obj });
      }
    }
  }
  return { objects: [...byKey.values()], problems };
}

/**
 * Flux resolves `spec.path` from the root of the source. When the provider
 * reads a subfolder of that source (e.g. `gitops/` of a bigger repository),
 * leading segments that are not in the tree are dropped until the path fits.
 */
function resolveFluxPath(repo: RepoIndex, path: unknown): string | undefined {
  const segments = normalizeDir(typeof path === 'string' ? path : '.')
    .split('/')
    .filter(Boolean);
  for (let i = 0; i <= segments.length; i++) {
    const candidate = segments.slice(i).join('/');
    if (i === segments.length && segments.length > 0) return undefined;
    if (repo.dirs.has(candidate)) return candidate;
  }
  return undefined;
}
