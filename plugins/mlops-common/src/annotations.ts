/**
 * Annotations that link a catalog entity to the cluster objects it stands for.
 * Generated entities (catalog-backend-module-mlops) carry them; hand-written
 * `catalog-info.yaml` files (e.g. from the ML project template) may too.
 *
 * @packageDocumentation
 */

/** Prefix of every annotation and label the portal defines. @public */
export const MLOPS_ANNOTATION_PREFIX = 'mlops-portal.io';

/**
 * The objects of an entity: a comma- or newline-separated list of
 * `<Kind>:<namespace>/<name>` (namespaced) or `<Kind>:<name>` (cluster-scoped),
 * e.g. `HelmRelease:platform-operators/strimzi-operator, Kafka:data-plane/mlops-kafka`.
 * @public
 */
export const ANNOTATION_OBJECTS = `${MLOPS_ANNOTATION_PREFIX}/objects`;

/**
 * A Kubernetes label selector (`a=b,c in (d,e)`); every watched object that
 * matches belongs to the entity. May be combined with {@link ANNOTATION_OBJECTS}.
 * @public
 */
export const ANNOTATION_LABEL_SELECTOR = `${MLOPS_ANNOTATION_PREFIX}/label-selector`;

/**
 * Comma-separated cluster names the entity's objects live on. Absent: every
 * configured cluster.
 * @public
 */
export const ANNOTATION_CLUSTERS = `${MLOPS_ANNOTATION_PREFIX}/clusters`;

/** On a System entity: the id of the platform layer it represents. @public */
export const ANNOTATION_LAYER = `${MLOPS_ANNOTATION_PREFIX}/layer`;

/**
 * On generated entities that were found on a cluster but not in Git
 * (live drift view): value `unmanaged`.
 * @public
 */
export const ANNOTATION_DRIFT = `${MLOPS_ANNOTATION_PREFIX}/drift`;

/**
 * On the entity of a HelmRelease (catalog module): the chart it installs, as
 * written in Git (`spec.chart.spec.chart`, or the last segment of a
 * `spec.chartRef` OCIRepository's URL).
 * @public
 */
export const ANNOTATION_HELM_CHART = `${MLOPS_ANNOTATION_PREFIX}/helm-chart`;
/** On the entity of a HelmRelease: the chart version (or semver range, OCI tag or digest) in Git. @public */
export const ANNOTATION_HELM_CHART_VERSION = `${MLOPS_ANNOTATION_PREFIX}/helm-chart-version`;
/** On the entity of a HelmRelease: the chart's source object, `<Kind>:<namespace>/<name>`. @public */
export const ANNOTATION_HELM_CHART_SOURCE = `${MLOPS_ANNOTATION_PREFIX}/helm-chart-source`;
/** On the entity of a HelmRelease: the URL of the chart's source, when it is in Git. @public */
export const ANNOTATION_HELM_CHART_URL = `${MLOPS_ANNOTATION_PREFIX}/helm-chart-url`;

/** Written on a Flux object when it is suspended through the portal: who. @public */
export const ANNOTATION_SUSPENDED_BY = `${MLOPS_ANNOTATION_PREFIX}/suspended-by`;
/** Written on a Flux object when it is suspended through the portal: why. @public */
export const ANNOTATION_SUSPEND_REASON = `${MLOPS_ANNOTATION_PREFIX}/suspend-reason`;
/** Written on a Flux object when it is suspended through the portal: when (RFC 3339). @public */
export const ANNOTATION_SUSPENDED_AT = `${MLOPS_ANNOTATION_PREFIX}/suspended-at`;

/**
 * Labels/annotations on objects in Git that the catalog module reads for
 * ownership and layer placement (documented in gitops/README.md).
 * @public
 */
export const LABEL_OWNER = `${MLOPS_ANNOTATION_PREFIX}/owner`;
/** @public */
export const LABEL_LAYER = `${MLOPS_ANNOTATION_PREFIX}/layer`;
/** @public */
export const LABEL_COMPONENT = `${MLOPS_ANNOTATION_PREFIX}/component`;

/** Flux's reconcile request annotation. @public */
export const FLUX_RECONCILE_REQUESTED_AT = 'reconcile.fluxcd.io/requestedAt';
/** HelmRelease: force a one-off upgrade. @public */
export const FLUX_FORCE_AT = 'reconcile.fluxcd.io/forceAt';
/** HelmRelease: reset the retry counters. @public */
export const FLUX_RESET_AT = 'reconcile.fluxcd.io/resetAt';

/** A reference to one object on one cluster. @public */
export interface ObjectRef {
  cluster: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** One entry of {@link ANNOTATION_OBJECTS}, before the cluster is known. @public */
export interface AnnotatedObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

/**
 * Most entries one {@link ANNOTATION_OBJECTS} value may hold; the rest are
 * reported, not parsed. Catalog annotations are written by whoever registers
 * the entity, so their size is the attacker's choice.
 * @public
 */
export const MAX_OBJECTS_ANNOTATION_ENTRIES = 500;

/**
 * Longest entry: a kind (63), a namespace (63) and a name (253), plus the
 * separators.
 */
const MAX_ENTRY_LENGTH = 63 + 1 + 63 + 1 + 253;

/**
 * Parses the {@link ANNOTATION_OBJECTS} value. Malformed entries are returned
 * in `errors` (with the offending text, shortened) rather than thrown, so one
 * bad entry never hides the others. At most
 * {@link MAX_OBJECTS_ANNOTATION_ENTRIES} entries are read, and an entry
 * longer than any valid one is refused before the pattern sees it.
 * @public
 */
export function parseObjectsAnnotation(value: string | undefined): {
  refs: AnnotatedObjectRef[];
  errors: string[];
} {
  const refs: AnnotatedObjectRef[] = [];
  const errors: string[] = [];
  if (!value) return { refs, errors };
  let count = 0;
  for (const raw of value.split(/[,\n]/)) {
    const entry = raw.trim();
    if (!entry) continue;
    if (++count > MAX_OBJECTS_ANNOTATION_ENTRIES) {
      errors.push(
        `more than ${MAX_OBJECTS_ANNOTATION_ENTRIES} entries; the rest are ignored`,
      );
      break;
    }
    if (entry.length > MAX_ENTRY_LENGTH) {
      errors.push(
        `'${entry.slice(0, 40)}…' is longer than ${MAX_ENTRY_LENGTH} characters`,
      );
      continue;
    }
    const m = /^([A-Za-z][A-Za-z0-9]*):(?:([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/)?([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/.exec(
      entry,
    );
    if (!m) {
      errors.push(
        `'${entry}' is not <Kind>:<namespace>/<name> or <Kind>:<name>`,
      );
      continue;
    }
    refs.push({ kind: m[1], namespace: m[2], name: m[4] });
  }
  return { refs, errors };
}

/** Formats refs for {@link ANNOTATION_OBJECTS}. @public */
export function formatObjectsAnnotation(refs: AnnotatedObjectRef[]): string {
  return refs
    .map(r => `${r.kind}:${r.namespace ? `${r.namespace}/` : ''}${r.name}`)
    .join(', ');
}
