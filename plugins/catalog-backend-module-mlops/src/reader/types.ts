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
  /**
   * Repo-relative path of the file (posix separators) and the document index
   * in it; `repository` is the id of the provider whose repository the file
   * is in, when it is not this provider's (a mapped Flux source).
   */
  source: { path: string; document: number; repository?: string };
  /** The Flux Kustomization that applies the object, when one does. */
  appliedBy?: { namespace: string; name: string };
  /** The Flux Operator ResourceSet that generates the object, when one does. */
  generatedBy?: { namespace: string; name: string };
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
  /** Id of the provider whose repository the file is in, when not this provider's. */
  repository?: string;
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
