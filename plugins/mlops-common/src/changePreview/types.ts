// The answers of the change preview routes of the scaffolder's MLOps module
// (`/api/scaffolder/mlops/…`): computed by `computeChangePreview`
// (`@mlops-portal/plugin-mlops-node`), shown by the `@mlops-portal/plugin-mlops`
// frontend. One definition for both sides.

/**
 * A Flux or Kubernetes object of a preview.
 * @public
 */
export interface PreviewObject {
  apiVersion: string;
  kind: string;
  name: string;
  /** Empty when the manifest names none. */
  namespace: string;
  /** The file that holds it (the new file for changed objects). */
  path: string;
}

/**
 * One changed field of an object.
 * @public
 */
export interface PreviewFieldChange {
  /** Dotted path, array items as `[i]`: `spec.chart.spec.version`. */
  field: string;
  /** Old value as YAML-ish text; absent when the field is new, too long to show, or secret. */
  from?: string;
  /** New value; absent when the field was removed, too long to show, or secret. */
  to?: string;
  /** The field was added or removed (not just changed). */
  op: 'added' | 'changed' | 'removed';
}

/**
 * An object present before and after with a different content.
 * @public
 */
export interface PreviewChangedObject extends PreviewObject {
  fields: PreviewFieldChange[];
  /** Changed fields not listed (beyond the limit per object). */
  moreFields: number;
}

/**
 * A Flux Kustomization (a layer) the change reaches.
 * @public
 */
export interface PreviewAffectedLayer {
  name: string;
  namespace: string;
  /** Its `spec.path`. */
  path: string;
  /**
   * `files`: a changed file is below its path; `object`: the Kustomization
   * itself is added, changed or removed; `dependsOn`: it depends on an
   * affected layer.
   */
  reason: 'files' | 'object' | 'dependsOn';
  /**
   * For `files`: the changed files below its path; for `object`: its file;
   * for `dependsOn`: the affected layers it depends on (`namespace/name`).
   */
  via: string[];
}

/**
 * What a change does to the platform.
 * @public
 */
export interface ChangePreview {
  filesChanged: string[];
  added: PreviewObject[];
  changed: PreviewChangedObject[];
  removed: PreviewObject[];
  affectedLayers: PreviewAffectedLayer[];
  /** Files that could not be read as YAML, and similar; one line each. */
  warnings: string[];
}

/**
 * A step of a template that the preview did not run.
 * @public
 */
export interface PreviewSkippedStep {
  step: string;
  action: string;
  reason: string;
}

/**
 * What `POST /api/scaffolder/mlops/change-preview` answers: the preview of a
 * template's change before its task runs.
 * @public
 */
export interface TemplateChangePreview {
  templateRef: string;
  preview: ChangePreview;
  summary: string;
  /** Steps before the preview step that were not run (not ours, or their `if` was false). */
  skipped: PreviewSkippedStep[];
}

/**
 * One open change branch of the GitOps repository and what it does.
 * @public
 */
export interface ChangeBranch {
  name: string;
  /** The branch's head commit. */
  commit: string;
  /** The commit's subject line. */
  subject: string;
  /** ISO date of the head commit. */
  date: string;
  /** The branch it is compared with (mlops.gitops.local.branch). */
  base: string;
  /** Where it forked from the base. */
  mergeBase: string;
  /** Absent when the branch could not be read (then `error` says why). */
  preview?: ChangePreview;
  error?: string;
  /**
   * GitHub mode: the open pull request of the branch (then `subject` is its
   * title and `date` when it was last updated). `url` is empty when GitHub
   * gave no http(s) link.
   */
  pullRequest?: { number: number; url: string };
}

/**
 * What `GET /api/scaffolder/mlops/change-branches` answers.
 * @public
 */
export interface ChangeBranchList {
  mode: 'local' | 'github' | 'none';
  /** Why the list is empty when the portal cannot list branches. */
  message?: string;
  branches: ChangeBranch[];
  /** Branches beyond the listing limit, not listed. */
  more: number;
}

/**
 * Signal channel on which the backend says that the change branches changed
 * (one appeared, moved, or went away; or the base branch moved). The message
 * carries nothing else: clients fetch the list again, through the route that
 * decides what they may see.
 * @public
 */
export const CHANGE_BRANCHES_SIGNAL_CHANNEL = 'mlops:change-branches';

/**
 * The message of {@link CHANGE_BRANCHES_SIGNAL_CHANNEL}.
 * @public
 */
export type ChangeBranchesSignal = { type: 'changed' };
