import { posix } from 'path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { parseManifestFile } from './parseManifests';
import { createSourceResolver, SourceResolverOptions } from './resolveSources';
import { expandResourceSet, isResourceSet } from './resourceSets';
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
  /**
   * Which Flux sources are which folders of which repository. Default: the
   * GitRepository `flux-system/flux-system` that `flux bootstrap` creates is
   * this repository, read from its root.
   */
  sources?: SourceResolverOptions;
}

const DEFAULT_SOURCES: SourceResolverOptions = {
  sources: [{ kind: 'GitRepository', namespace: 'flux-system', name: 'flux-system', folder: '' }],
  repositoryFolder: '',
  repositories: {},
};

/** What {@link collectObjects} found. @public */
export interface CollectResult {
  objects: ManifestObject[];
  problems: ReadProblem[];
  /** Repo-relative paths of the files read and parsed (manifests, kustomizations, patches). */
  parsedFiles: string[];
  /**
   * Files read that could not be parsed as a whole (invalid YAML, or a
   * kustomization that is not a mapping), with why. Each is also in `problems`.
   */
  invalidFiles: ReadProblem[];
  /** Start `paths` that are not folders of the repository. */
  missingPaths: string[];
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
  // This provider's repository ('') and the other providers' repositories
  // that mapped Flux sources point to, each read on its own.
  const trees = new Map<string, RepoIndex>();
  const byRepository = new Map<string, RepoFile[]>();
  for (const f of files) {
    const id = f.repository ?? '';
    byRepository.set(id, [...(byRepository.get(id) ?? []), f]);
  }
  trees.set('', new RepoIndex(byRepository.get('') ?? []));
  for (const [id, list] of byRepository) if (id) trees.set(id, new RepoIndex(list));
  const problems: ReadProblem[] = [];
  const byKey = new Map<string, ManifestObject>();
  const configMaps = new Map<string, ManifestObject>();
  const parsedCache = new Map<string, ManifestObject[]>();
  const fluxApplied = new Set<string>();
  // Where a manifest document went when a plain walk added it, so that the
  // same document applied by a Flux Kustomization (with its targetNamespace)
  // replaces it instead of becoming a second object.
  const walkedDocuments = new Map<string, string>();
  const resolver = createSourceResolver(options.sources ?? DEFAULT_SOURCES);
  // One warning per problem, however many Kustomizations run into it.
  const sourceProblems = new Map<string, { path: string; reason: string; users: Set<string> }>();
  const where = (repository: string, path: string) =>
    repository ? `${repository}:${path}` : path;
  // Files of this provider's own repository ('') and of mapped source
  // repositories, keyed as fileKey() writes them, that parsed or did not:
  // what the caller needs to keep the last good version of a broken file.
  const parsedFiles = new Set<string>();
  const invalidFiles = new Map<string, string>();
  const markInvalid = (key: string, reason: string) => {
    if (!invalidFiles.has(key)) invalidFiles.set(key, reason);
  };

  const parseFile = (repository: string, path: string): ManifestObject[] => {
    const cacheKey = `${repository}\u0000${path}`;
    let cached = parsedCache.get(cacheKey);
    if (!cached) {
      const parsed = parseManifestFile({
        path,
        content: trees.get(repository)!.files.get(path)!,
      });
      problems.push(
        ...parsed.problems.map(p => ({ ...p, path: where(repository, p.path) })),
      );
      if (parsed.invalid) markInvalid(where(repository, path), parsed.invalid);
      else parsedFiles.add(where(repository, path));
      cached = repository
        ? parsed.objects.map(o => ({ ...o, source: { ...o.source, repository } }))
        : parsed.objects;
      parsedCache.set(cacheKey, cached);
    }
    return cached;
  };

  const applyPatches = (
    repo: RepoIndex,
    objs: ManifestObject[],
    k: Record<string, any>,
    dir: string,
    kfile: string,
    at: (path: string) => string,
  ): ManifestObject[] => {
    const patches: Array<{ doc: any; target?: any; from: string }> = [];
    const loadPatch = (text: string, from: string, target?: any) => {
      try {
        const doc = parse(text);
        if (from !== kfile) parsedFiles.add(at(from));
        if (Array.isArray(doc)) {
          problems.push({ path: from, reason: 'JSON 6902 patch not applied' });
        } else if (isRecord(doc)) patches.push({ doc, target, from });
      } catch (e) {
        const reason = `invalid patch YAML: ${String(e).split('\n')[0]}`;
        problems.push({ path: from, reason });
        markInvalid(from === kfile ? kfile : at(from), reason);
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

  const buildDir = (
    repository: string,
    dir: string,
    stack: string[],
  ): ManifestObject[] => {
    const repo = trees.get(repository)!;
    const at = (path: string) => where(repository, path);
    if (stack.includes(dir)) {
      problems.push({
        path: at(dir || '.'),
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
        if (MANIFEST_EXT.test(f)) out.push(...parseFile(repository, f));
      for (const d of dirs) out.push(...buildDir(repository, d, [...stack, dir]));
      return out;
    }
    let k: any;
    try {
      k = parse(repo.files.get(kfile)!);
    } catch (e) {
      const reason = `invalid YAML: ${String(e).split('\n')[0]}`;
      problems.push({ path: at(kfile), reason });
      markInvalid(at(kfile), reason);
      return [];
    }
    if (!isRecord(k)) {
      const reason = 'not a kustomization, skipped';
      problems.push({ path: at(kfile), reason });
      markInvalid(at(kfile), reason);
      return [];
    }
    parsedFiles.add(at(kfile));
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
          path: at(kfile),
          reason: `remote resource '${entry}' not read`,
        });
        continue;
      }
      const target = join(dir, entry);
      if (repo.files.has(target)) out.push(...parseFile(repository, target));
      else if (repo.dirs.has(target))
        out.push(...buildDir(repository, target, [...stack, dir]));
      else
        problems.push({ path: at(kfile), reason: `resource '${entry}' not found` });
    }
    out = applyPatches(repo, out, k, dir, at(kfile), at);
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

  const add = (obj: ManifestObject, via: ManifestObject | undefined) => {
    const viaFlux = !!via;
    const key = objectKey(obj);
    const document = `${obj.source.repository ?? ''}\u0000${obj.source.path}\u0000${obj.source.document}`;
    if (viaFlux && !obj.generatedBy) {
      const walkedKey = walkedDocuments.get(document);
      if (walkedKey !== undefined && walkedKey !== key && !fluxApplied.has(walkedKey)) {
        // Reached by walking a folder and, with another namespace, through a
        // Kustomization: the cluster has only the Kustomization's.
        byKey.delete(walkedKey);
        walkedDocuments.delete(document);
      }
    }
    const existing = byKey.get(key);
    if (existing && !(viaFlux && !fluxApplied.has(key))) {
      if (existing.source.path !== obj.source.path) {
        problems.push({
          path: where(obj.source.repository ?? '', obj.source.path),
          reason: `${obj.kind} ${obj.metadata.namespace ?? ''}/${
            obj.metadata.name
          } already defined in ${existing.source.path}, ignored`,
        });
      }
      return false;
    }
    const placed: ManifestObject = via
      ? { ...obj, appliedBy: { namespace: via.metadata.namespace ?? 'default', name: via.metadata.name } }
      : obj;
    byKey.set(key, placed);
    if (viaFlux) fluxApplied.add(key);
    else if (!obj.generatedBy) walkedDocuments.set(document, key);
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
  const queue: Array<{
    repository: string;
    dir: string;
    via?: ManifestObject;
  }> = options.paths.map(p => ({ repository: '', dir: normalizeDir(p) }));
  const followed = new Set<string>();
  const findSource = (kind: string, namespace: string, name: string) =>
    [...byKey.values()].find(
      o =>
        o.kind === kind &&
        o.metadata.name === name &&
        (o.metadata.namespace ?? 'default') === namespace &&
        o.apiVersion.startsWith('source.toolkit.fluxcd.io/'),
    );
  const missingPaths = options.paths.filter(
    p => !trees.get('')!.dirs.has(normalizeDir(p)),
  );
  while (queue.length > 0) {
    const { repository, dir, via } = queue.shift()!;
    let objs = buildDir(repository, dir, []);
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
    const kustomizations: ManifestObject[] = [];
    const pending = [...objs];
    while (pending.length > 0) {
      const obj = pending.shift()!;
      if (!add(obj, via)) continue;
      if (isResourceSet(obj)) {
        // What the Flux Operator would generate from it, applied on its behalf.
        const expansion = expandResourceSet(obj);
        for (const reason of expansion.problems) {
          problems.push({ path: where(repository, obj.source.path), reason });
        }
        pending.push(...expansion.objects);
      }
      if (isFluxKustomization(obj)) kustomizations.push(byKey.get(objectKey(obj))!);
    }
    // Resolved once the whole batch is known: a GitRepository defined next
    // to the Kustomization (gotk-sync.yaml) counts.
    for (const ks of kustomizations) {
      const key = objectKey(ks);
      if (followed.has(key)) continue;
      followed.add(key);
      const resolution = resolver.resolve(ks, {
        hasDir: (repo, d) => trees.get(repo)?.dirs.has(d) ?? false,
        findSource,
      });
      if (resolution.ok) {
        queue.push({ repository: resolution.repository, dir: resolution.dir, via: ks });
        continue;
      }
      const known = sourceProblems.get(resolution.key);
      const user = `${ks.metadata.namespace ?? 'default'}/${ks.metadata.name}`;
      if (known) known.users.add(user);
      else {
        sourceProblems.set(resolution.key, {
          path: where(ks.source.repository ?? '', ks.source.path),
          reason: resolution.reason,
          users: new Set([user]),
        });
      }
    }
  }
  for (const p of sourceProblems.values()) {
    const users = [...p.users].sort();
    problems.push({
      path: p.path,
      reason: p.reason.includes('the Kustomizations that use it')
        ? `${p.reason} (Kustomization${users.length > 1 ? 's' : ''} ${users.join(', ')})`
        : p.reason,
    });
  }
  // A file read before it turned out invalid (an inline patch of a parsed
  // kustomization) counts as invalid.
  for (const key of invalidFiles.keys()) parsedFiles.delete(key);
  return {
    objects: [...byKey.values()],
    problems,
    parsedFiles: [...parsedFiles].sort(),
    invalidFiles: [...invalidFiles].map(([path, reason]) => ({ path, reason })),
    missingPaths,
  };
}
