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

/** GET /drift/summary: drifted objects per layer, for what the caller may read. @public */
export interface DriftSummary {
  layers: Array<{
    systemRef: string;
    title?: string;
    drifted: number;
    objects: Array<{ cluster: string; kind: string; namespace?: string; name: string; entityRef: string; since?: string }>;
  }>;
}
