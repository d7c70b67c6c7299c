/**
 * A Kubernetes object as found in Git, with where it came from.
 * @public
 */
export interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: any;
  data?: Record<string, string>;
  /** Repo-relative path of the file (posix separators) and the document index in it. */
  source: { path: string; document: number };
}

/**
 * A file of the GitOps repository: repo-relative posix path and its text.
 * @public
 */
export interface RepoFile {
  /** Path relative to the folder read, with `/` separators. */
  path: string;
  /** The file's text (UTF-8). */
  content: string;
}

/**
 * Something that was skipped while reading, with the file it concerns.
 * The provider logs each one; nothing skipped stops the rest of the repository.
 * @public
 */
export interface ReadProblem {
  path: string;
  reason: string;
}
