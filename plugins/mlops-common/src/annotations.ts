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
 * Parses the {@link ANNOTATION_OBJECTS} value. Malformed entries are returned
 * in `errors` (with the offending text) rather than thrown, so one bad entry
 * never hides the others.
 * @public
 */
export function parseObjectsAnnotation(value: string | undefined): {
  refs: AnnotatedObjectRef[];
  errors: string[];
} {
  const refs: AnnotatedObjectRef[] = [];
  const errors: string[] = [];
  if (!value) return { refs, errors };
  for (const raw of value.split(/[,\n]/)) {
    const entry = raw.trim();
    if (!entry) continue;
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
