import { posix, resolve } from 'path';

/**
 * How entities link back to their file in Git.
 * @public
 */
export interface RepoLinks {
  /** `backstage.io/source-location` for a repo-relative file: its folder. */
  sourceLocation(path: string): string;
  /** Browser URL of the file, for GitHub and GitLab. */
  viewUrl(path: string): string | undefined;
  /** Browser URL that opens the file in the host's editor. */
  editUrl(path: string): string | undefined;
}

function dirOf(path: string): string {
  const d = posix.dirname(path);
  return d === '.' ? '' : `${d}/`;
}

function joinUrl(...parts: string[]): string {
  return parts
    .filter(Boolean)
    .map((p, i) =>
      i === 0 ? p.replace(/\/+$/, '') : p.replace(/^\/+|\/+$/g, ''),
    )
    .filter(Boolean)
    .join('/');
}

/**
 * Builds the links for a repository read from a URL. GitHub
 * (`/<owner>/<repo>/tree/<branch>/<dir>`) and GitLab
 * (`/<group>/<project>/-/tree/<branch>/<dir>`) URLs get blob and edit links;
 * other hosts only a source location under the target URL.
 * @public
 */
export function createUrlRepoLinks(target: string, branch: string): RepoLinks {
  const url = new URL(target);
  const host = url.hostname;
  const segments = url.pathname.split('/').filter(Boolean);
  let repoBase: string | undefined;
  let subdir = '';
  let kind: 'github' | 'gitlab' | undefined;
  if (host.includes('github')) {
    kind = 'github';
    repoBase = `${url.origin}/${segments.slice(0, 2).join('/')}`;
    if (segments[2] === 'tree' || segments[2] === 'blob') {
      subdir = segments.slice(4).join('/');
    }
  } else if (host.includes('gitlab')) {
    kind = 'gitlab';
    const dash = segments.indexOf('-');
    const project = dash >= 0 ? segments.slice(0, dash) : segments;
    repoBase = `${url.origin}/${project.join('/')}`;
    if (
      dash >= 0 &&
      (segments[dash + 1] === 'tree' || segments[dash + 1] === 'blob')
    ) {
      subdir = segments.slice(dash + 3).join('/');
    }
  }
  if (!kind || !repoBase) {
    return {
      sourceLocation: path => `url:${joinUrl(target, dirOf(path))}/`,
      viewUrl: () => undefined,
      editUrl: () => undefined,
    };
  }
  const sep = kind === 'gitlab' ? '/-/' : '/';
  const fileIn = (action: string, path: string) =>
    joinUrl(`${repoBase}${sep}${action}`, branch, subdir, path);
  return {
    sourceLocation: path => `url:${fileIn('tree', dirOf(path))}/`,
    viewUrl: path => fileIn('blob', path),
    editUrl: path => fileIn('edit', path),
  };
}

/**
 * Links for a local folder: `file:` source locations; view and edit URLs
 * only when the folder's web URL (`repoUrl`) is known.
 * @public
 */
export function createLocalRepoLinks(
  root: string,
  repoUrl?: string,
  branch = 'main',
): RepoLinks {
  const abs = resolve(root);
  const web = repoUrl ? createUrlRepoLinks(repoUrl, branch) : undefined;
  return {
    sourceLocation: path =>
      `file:${posix.join(abs, dirOf(path) || '.').replace(/\/$/, '')}/`,
    viewUrl: path => web?.viewUrl(path),
    editUrl: path => web?.editUrl(path),
  };
}
