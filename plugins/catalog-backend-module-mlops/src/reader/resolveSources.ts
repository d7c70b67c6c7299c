import { posix } from 'path';
import { ManifestObject } from './types';

/*
 * Where a Flux Kustomization's `spec.path` is: Flux resolves it from the root
 * of the artifact of the source its `sourceRef` names
 * (https://fluxcd.io/flux/components/kustomize/kustomizations/#path), so the
 * path means something only once that source is known to be a folder of a
 * repository the catalog reads. Nothing is guessed: a source that is not
 * mapped is reported and its Kustomizations are not followed.
 */

/** A Flux source whose files are known (see `sources` in config.d.ts). @public */
export interface KnownSource {
  kind: string;
  namespace: string;
  name: string;
  /** Folder of the repository that is the source's root (`''` = its root). */
  folder: string;
  /** Id of the provider whose repository it is; absent: this provider's. */
  provider?: string;
}

/** What {@link createSourceResolver} needs to know. @public */
export interface SourceResolverOptions {
  /** Mapped sources. */
  sources: KnownSource[];
  /** The folder of its Git repository this provider reads (`''` = the root). */
  repositoryFolder: string;
  /** The web or clone URL of this provider's repository, if known. */
  repositoryUrl?: string;
  /** Folder read of each other provider's repository that `sources` names. */
  repositories: Record<string, { repositoryFolder: string }>;
}

/** Where a Kustomization's path is, or why it cannot be followed. @public */
export type PathResolution =
  | { ok: true; repository: string; dir: string }
  | {
      ok: false;
      /** Identifies the problem: one warning per key, however many Kustomizations hit it. */
      key: string;
      reason: string;
    };

/** Looks up what the resolver needs from the repository being read. @public */
export interface ResolveContext {
  /** Whether a folder (relative to the tree read) exists in a repository (`''` = this one). */
  hasDir(repository: string, dir: string): boolean;
  /** A source object found in the repositories read, if any. */
  findSource(kind: string, namespace: string, name: string): ManifestObject | undefined;
}

/**
 * `host/owner/repo` of a Git URL in any of its spellings (https, ssh://,
 * scp-like `git@host:owner/repo`, with or without `.git`, with a
 * `/tree/<branch>/…` browser suffix); `undefined` if it is not a URL.
 * @public
 */
export function repositoryIdentity(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let rest = url.trim();
  const scp = /^[\w.-]+@([\w.-]+):(.+)$/.exec(rest);
  if (scp) rest = `${scp[1]}/${scp[2]}`;
  else {
    const m = /^[a-z+]+:\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+)$/i.exec(rest);
    if (!m) return undefined;
    rest = `${m[1]}/${m[2]}`;
  }
  rest = rest
    .replace(/\/(-\/)?(tree|blob)\/.*$/, '')
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
  return rest.toLocaleLowerCase('en-US');
}

/** Joins repository-relative paths; `undefined` when the result leaves the root. */
function joinInside(base: string, rel: string): string | undefined {
  const joined = posix.normalize(posix.join(base || '.', rel.replace(/\\/g, '/')));
  if (joined === '..' || joined.startsWith('../') || posix.isAbsolute(joined)) return undefined;
  const n = joined.replace(/^\.\/?/, '').replace(/\/$/, '');
  return n === '.' ? '' : n;
}

function sourceLabel(kind: string, namespace: string, name: string): string {
  return `${kind} ${namespace}/${name}`;
}

/**
 * Resolves Kustomizations' paths against the mapped sources.
 * @public
 */
export function createSourceResolver(options: SourceResolverOptions) {
  const own = repositoryIdentity(options.repositoryUrl);
  const mapped = (kind: string, namespace: string, name: string) =>
    options.sources.find(s => s.kind === kind && s.namespace === namespace && s.name === name);

  return {
    resolve(ks: ManifestObject, ctx: ResolveContext): PathResolution {
      const ref = ks.spec?.sourceRef ?? {};
      const kind = typeof ref.kind === 'string' ? ref.kind : '';
      const name = typeof ref.name === 'string' ? ref.name : '';
      const namespace =
        typeof ref.namespace === 'string' && ref.namespace ? ref.namespace : ks.metadata.namespace ?? 'default';
      if (!kind || !name) {
        return {
          ok: false,
          key: `no-source:${ks.source.path}:${ks.metadata.name}`,
          reason: `Kustomization ${ks.metadata.namespace ?? ''}/${ks.metadata.name}: no spec.sourceRef kind and name, not followed`,
        };
      }
      let source: KnownSource | undefined = mapped(kind, namespace, name);
      if (!source && kind === 'GitRepository' && own) {
        // A GitRepository whose URL is this provider's repository is this
        // repository: a fact of the config, not a guess.
        const obj = ctx.findSource(kind, namespace, name);
        if (obj && repositoryIdentity(String(obj.spec?.url ?? '')) === own) {
          source = { kind, namespace, name, folder: '' };
        }
      }
      const label = sourceLabel(kind, namespace, name);
      if (!source) {
        const obj = ctx.findSource(kind, namespace, name);
        const url = typeof obj?.spec?.url === 'string' ? ` (${obj.spec.url})` : '';
        const what =
          kind === 'GitRepository'
            ? `is not this repository nor one configured`
            : `is an artifact built outside the files the catalog reads`;
        return {
          ok: false,
          key: `source:${kind}/${namespace}/${name}`,
          reason: `${label}${url} ${what}; the Kustomizations that use it are not followed. Map it under sources (name, folder, provider) in this provider's config if its files are in a configured repository`,
        };
      }
      const repository = source.provider ?? '';
      const readFolder = source.provider
        ? options.repositories[source.provider]?.repositoryFolder ?? ''
        : options.repositoryFolder;
      const specPath = typeof ks.spec?.path === 'string' && ks.spec.path ? ks.spec.path : './';
      const inSource = joinInside(source.folder, specPath);
      if (inSource === undefined) {
        return {
          ok: false,
          key: `escape:${ks.source.path}:${ks.metadata.name}`,
          reason: `Kustomization ${ks.metadata.namespace ?? ''}/${ks.metadata.name}: spec.path '${specPath}' leaves ${label}, not followed`,
        };
      }
      let dir: string | undefined;
      if (!readFolder) dir = inSource;
      else if (inSource === readFolder) dir = '';
      else if (inSource.startsWith(`${readFolder}/`)) dir = inSource.slice(readFolder.length + 1);
      const where = source.provider ? `the repository of provider '${source.provider}'` : 'this repository';
      if (dir === undefined) {
        return {
          ok: false,
          key: `outside:${ks.source.path}:${ks.metadata.name}`,
          reason: `Kustomization ${ks.metadata.namespace ?? ''}/${ks.metadata.name}: spec.path '${specPath}' of ${label} is outside the folder '${readFolder}' read from ${where}, not followed`,
        };
      }
      if (!ctx.hasDir(repository, dir)) {
        return {
          ok: false,
          key: `missing:${ks.source.path}:${ks.metadata.name}`,
          reason: `Kustomization ${ks.metadata.namespace ?? ''}/${ks.metadata.name}: spec.path '${specPath}' of ${label} is not in ${where} (looked for '${dir || '.'}'), not followed`,
        };
      }
      return { ok: true, repository, dir };
    },
  };
}

/**
 * The resolver options of a provider's config: its mapped sources, the folder
 * of its repository it reads and its repository's URL.
 * @public
 */
export function sourceResolverOptionsFor(config: {
  sources: KnownSource[];
  repositoryFolder: string;
  source: { type: 'url'; target: string } | { type: 'local'; path: string };
  repoUrl?: string;
  repositories: Record<string, { repositoryFolder: string }>;
}): SourceResolverOptions {
  return {
    sources: config.sources,
    repositoryFolder: config.repositoryFolder,
    repositoryUrl: config.source.type === 'url' ? config.source.target : config.repoUrl,
    repositories: config.repositories,
  };
}
