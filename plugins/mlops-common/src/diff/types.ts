import type { KubeCondition } from '../status/types';
import type { ObjectEvent } from '../api/types';
import type { ObjectChange, ValueChange } from './objectDiff';

/** One revision of a Helm release, without its values and manifest. @public */
export interface HelmRevisionSummary {
  revision: number;
  status: string;
  chart?: string;
  chartVersion?: string;
  appVersion?: string;
  deployedAt?: string;
  description?: string;
}

/** A text diff with the structured changes it shows. @public */
export interface ValuesDiff {
  /** Unified diff of the values as YAML; empty when equal. */
  diff: string;
  changes: ValueChange[];
}

/**
 * GET /diff/helmreleases/:cluster/:namespace/:name: what a HelmRelease's
 * current revision changed against the previous one (values and rendered
 * manifest, from Helm's storage), what the live values differ from Git, and
 * its drift detection.
 * @public
 */
export interface HelmReleaseDiff {
  cluster: string;
  namespace: string;
  name: string;
  /** The Helm release name and where Helm stores it. */
  release: string;
  storageNamespace: string;
  /** Revisions in `status.history`, newest first. */
  history: HelmRevisionSummary[];
  current?: HelmRevisionSummary;
  previous?: HelmRevisionSummary;
  /** previous → current. */
  values?: ValuesDiff;
  manifest?: { diff: string; objects: ObjectChange[] };
  /** The values in Git (the GitOps checkout) → the live values of the current revision. */
  git?: {
    file: string;
    values: ValuesDiff;
    chartVersion: { git?: string; live?: string };
    /** Whether Flux variables in the file were filled from the cluster's platform settings. */
    substituted: boolean;
  };
  drift: {
    /** `spec.driftDetection.mode`: `enabled`, `warn`, `disabled` or unset. */
    mode?: string;
    drifted: boolean;
    condition?: KubeCondition;
    /** Events about drift (detected, corrected), newest first. */
    events: ObjectEvent[];
    /**
     * helm-controller's drift events last seen within the window
     * ({@link DRIFT_EVENT_WINDOW_HOURS}), counted with their repeats
     * (`count`): `DriftCorrected` and `DriftCorrectionFailed`.
     */
    corrected?: number;
    correctionFailed?: number;
    windowHours?: number;
  };
  notes: string[];
}

/** An object by identity. @public */
export interface ObjectIdentity {
  group: string;
  kind: string;
  namespace?: string;
  name: string;
}

/**
 * GET /drift/kustomizations/:cluster/:namespace/:name: what in the cluster
 * differs from Git for a Kustomization — its inventory against the kustomize
 * build of its path in the GitOps checkout.
 * @public
 */
export interface KustomizationDrift {
  cluster: string;
  namespace: string;
  name: string;
  /** `spec.path` and the folder of the checkout it was built from. */
  path?: string;
  revision?: string;
  desired: number;
  live: number;
  /** In Git, not applied (not in the inventory). */
  missing: ObjectIdentity[];
  /** Applied, no longer in Git (pruned on the next apply when `prune: true`). */
  extra: ObjectIdentity[];
  /** Watched objects whose live spec differs from Git (fields both have). */
  changed: ObjectChange[];
  notes: string[];
}

/**
 * How far back drift events count (HelmRelease `DriftCorrected` /
 * `DriftCorrectionFailed` events last seen within it). Kubernetes keeps
 * events for an hour by default (kube-apiserver `--event-ttl`), so on most
 * clusters the API holds less than this.
 * @public
 */
export const DRIFT_EVENT_WINDOW_HOURS = 24;

/** One HelmRelease's drift events within the window, for the summary. @public */
export interface DriftEventCount {
  cluster: string;
  namespace: string;
  name: string;
  entityRef: string;
  /** Occurrences of `DriftCorrected` (events × their `count`). */
  corrected: number;
  /** Occurrences of `DriftCorrectionFailed`. */
  correctionFailed: number;
  /** When the newest of them was last seen. */
  lastSeen?: string;
  /** The newest one's message. */
  message?: string;
}

/** GET /drift/summary: drifted objects and drift events per layer, for what the caller may read. @public */
export interface DriftSummary {
  /** How far back drift events count (absent from backends before drift events were counted). */
  windowHours?: number;
  layers: Array<{
    systemRef: string;
    title?: string;
    /** Objects with the `Drifted` condition True now. */
    drifted: number;
    objects: Array<{ cluster: string; kind: string; namespace?: string; name: string; entityRef: string; since?: string }>;
    /** Drift corrected by helm-controller within the window (occurrences). */
    corrected?: number;
    /** Drift corrections that failed within the window (occurrences). */
    correctionFailed?: number;
    /** The HelmReleases those events were about. */
    events?: DriftEventCount[];
  }>;
  /** Clusters whose events could not be read (counts are then partial). */
  notes?: string[];
}
