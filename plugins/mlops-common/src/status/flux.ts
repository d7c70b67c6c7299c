import {
  arr,
  findCondition,
  getConditions,
  isFalse,
  isStatusStale,
  isTrue,
  obj,
  result,
  staleResult,
  str,
  num,
} from './conditions';
import { ANNOTATION_SUSPENDED_AT } from '../annotations';
import type { KubeCondition, KubeObject, StatusBadge, StatusResult } from './types';

/**
 * Flux status rules. The order and each step are taken from the upstream
 * tools, which the package README cites rule by rule:
 * - fluxcd/flux2 `cmd/flux/readiness.go` (`isObjectReady`): the Ready
 *   condition's own `observedGeneration` decides whether it describes the
 *   current spec; only when it has none does `status.observedGeneration`.
 * - `flux get` (`cmd/flux/get.go` `statusAndMessage`) and the Flux Operator's
 *   resource reporter (`internal/reporter/resource_status.go`): Ready False is
 *   a failure (DependencyNotReady excepted), whatever Reconciling says.
 * - kustomize-controller and helm-controller keep `status.observedGeneration`
 *   at the last good generation while a newer one fails, and keep Reconciling
 *   True (ProgressingWithRetry, then Progressing while the retry runs).
 * https://fluxcd.io/flux/components/kustomize/kustomizations/#conditions
 * https://fluxcd.io/flux/components/helm/helmreleases/#conditions
 */

/**
 * The Flux Operator's annotation that switches reconciliation off, treated like
 * `spec.suspend: true`.
 * https://fluxcd.control-plane.io/operator/resourcesets/#reconciliation-configuration
 * @public
 */
export const FLUX_OPERATOR_RECONCILE_ANNOTATION = 'fluxcd.controlplane.io/reconcile';

/**
 * True when a Flux object is suspended: `spec.suspend: true` or the Flux
 * Operator annotation `fluxcd.controlplane.io/reconcile: disabled`.
 * @public
 */
export function isFluxSuspended(o: KubeObject): boolean {
  return (
    obj(o.spec)?.suspend === true ||
    o.metadata?.annotations?.[FLUX_OPERATOR_RECONCILE_ANNOTATION] === 'disabled'
  );
}

/**
 * The revision a Flux object shows (status-semantics.md "Revision to show"):
 * Kustomization `lastAppliedRevision` (else `lastAttemptedRevision`);
 * HelmRelease `history[0].chartVersion` (else `lastAttemptedRevision`, else the
 * v2beta1 `lastAppliedRevision`); sources `artifact.revision`.
 * @public
 */
export function fluxRevision(kind: string, o: KubeObject): string | undefined {
  const status = obj(o.status);
  if (!status) return undefined;
  switch (kind) {
    case 'Kustomization':
      return str(status.lastAppliedRevision) ?? str(status.lastAttemptedRevision);
    case 'HelmRelease':
      return (
        str(obj(arr(status.history)[0])?.chartVersion) ??
        str(status.lastAttemptedRevision) ??
        str(status.lastAppliedRevision)
      );
    default:
      return str(obj(status.artifact)?.revision);
  }
}

/**
 * All revisions of a Flux object worth showing, keyed by their field name
 * (`lastAppliedRevision`, `lastAttemptedRevision`, `chartVersion`,
 * `artifact.revision`, …), for the details view.
 * @public
 */
export function fluxRevisions(kind: string, o: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  const status = obj(o.status) ?? {};
  const put = (key: string, v: unknown) => {
    const s = str(v);
    if (s) out[key] = s;
  };
  put('lastAppliedRevision', status.lastAppliedRevision);
  put('lastAttemptedRevision', status.lastAttemptedRevision);
  if (kind === 'HelmRelease') {
    const h = obj(arr(status.history)[0]);
    put('chartVersion', h?.chartVersion);
    put('appVersion', h?.appVersion);
    put('releaseVersion', num(h?.version)?.toString());
  }
  put('artifact.revision', obj(status.artifact)?.revision);
  put('artifact.digest', obj(status.artifact)?.digest);
  return out;
}

function conditionText(c: KubeCondition): string {
  return c.message ?? c.reason ?? '';
}

/**
 * Classifies any Flux object (sources, Kustomization, HelmRelease, and Flux
 * Operator kinds that follow the same conditions).
 * @public
 */
export function classifyFluxObject(kind: string, o: KubeObject): StatusResult {
  const conditions = getConditions(o);
  const ready = findCondition(conditions, 'Ready');
  const revision = fluxRevision(kind, o);
  const badges: StatusBadge[] = [];
  // helm-controller >= 1.6.0 with spec.driftDetection.mode warn|enabled.
  if (isTrue(findCondition(conditions, 'Drifted'))) badges.push('drifted');
  // A source whose signature check failed is still served, just not verified.
  if (isFalse(findCondition(conditions, 'SourceVerified'))) badges.push('not-verified');

  // 1. Suspended wins; the rest of the status is last known.
  if (isFluxSuspended(o)) {
    const disabledByOperator = obj(o.spec)?.suspend !== true;
    const lastKnown = ready ? ` Last known Ready: ${ready.status}${ready.reason ? ` (${ready.reason})` : ''}.` : '';
    return result(
      'Suspended',
      disabledByOperator ? 'ReconcileDisabled' : 'Suspended',
      (disabledByOperator
        ? `Reconciliation disabled by the annotation ${FLUX_OPERATOR_RECONCILE_ANNOTATION}: disabled.`
        : 'Reconciliation is suspended (spec.suspend: true).') + lastKnown,
      {
        revision,
        // When the portal suspended it, that is the moment the status froze.
        since: str(o.metadata?.annotations?.[ANNOTATION_SUSPENDED_AT]) ?? ready?.lastTransitionTime,
        badges: ['last-known', ...badges],
      },
    );
  }

  // 7 (exception, checked early because it has no reconciler at all): a
  // HelmRepository of type oci is a static object since Flux 2.2, so any
  // status it carries is left over from an older controller.
  // https://fluxcd.io/flux/components/source/helmrepositories/#helm-oci-repository
  if (kind === 'HelmRepository' && obj(o.spec)?.type === 'oci') {
    return result(
      'Ready',
      'Static',
      'OCI HelmRepository: no reconciler since Flux 2.2, ready by definition',
      { revision, badges },
    );
  }

  // 2. Does the status describe the current spec? Ready's own
  // observedGeneration first (the controllers stamp every condition they set
  // with the generation they worked on); the status-level one only when Ready
  // carries none (older controllers), as flux2's readiness.go does.
  const generation = num(o.metadata?.generation);
  const readyGeneration = ready?.observedGeneration ? ready.observedGeneration : undefined;
  if (readyGeneration !== undefined && generation !== undefined && readyGeneration !== generation) {
    return result(
      'Progressing',
      'StaleGeneration',
      `Ready describes generation ${readyGeneration}; the spec is at generation ${generation}`,
      { revision, since: ready!.lastTransitionTime, badges: ['stale', ...badges] },
    );
  }
  // status.observedGeneration -1 is the CRD default the controllers leave
  // until their first success: it names no spec, so it cannot make a failure
  // stale. Ready True still needs a real one (step 6).
  const neverSucceeded = (num(obj(o.status)?.observedGeneration) ?? 0) < 0;
  if (readyGeneration === undefined && !neverSucceeded && isStatusStale(o)) {
    return staleResult(o, { revision, since: ready?.lastTransitionTime, badges });
  }

  // 3. Stalled: no automatic retry will happen.
  const stalled = findCondition(conditions, 'Stalled');
  if (isTrue(stalled)) {
    return result('Failed', stalled!.reason ?? 'Stalled', conditionText(stalled!), {
      revision,
      since: stalled!.lastTransitionTime,
      badges,
    });
  }

  // 4. Ready False is a failure of the current spec, even while Reconciling
  // is True: the controllers keep Reconciling (ProgressingWithRetry, then
  // Progressing during the retry) on a failing object. Waiting on a
  // dependency is not broken.
  const reconciling = findCondition(conditions, 'Reconciling');
  if (ready && isFalse(ready)) {
    if (ready.reason === 'DependencyNotReady') {
      return result('Progressing', 'DependencyNotReady', conditionText(ready), {
        revision,
        since: ready.lastTransitionTime,
        badges,
      });
    }
    return result('Failed', ready.reason ?? 'NotReady', conditionText(ready), {
      revision,
      since: ready.lastTransitionTime,
      badges: isTrue(reconciling) ? ['retrying', ...badges] : badges,
    });
  }

  // 5. Reconciling, or Ready Unknown: work in flight.
  if (isTrue(reconciling) || ready?.status === 'Unknown') {
    const c = isTrue(reconciling) ? reconciling! : ready!;
    return result('Progressing', c.reason ?? 'Progressing', conditionText(c), {
      revision,
      since: c.lastTransitionTime,
      badges,
    });
  }

  // 6. Ready True, whatever the reason (InstallSucceeded, UpgradeSucceeded, …),
  // once the status-level generation agrees too (kstatus checks it before
  // anything else; readiness.go calls kstatus after its own check).
  if (isTrue(ready)) {
    if (isStatusStale(o)) {
      return staleResult(o, { revision, since: ready!.lastTransitionTime, badges });
    }
    return result('Ready', ready!.reason ?? 'Ready', conditionText(ready!), {
      revision,
      since: ready!.lastTransitionTime,
      badges,
    });
  }

  // 7. No Ready condition (or one with a status that is none of the three).
  return result(
    'Unknown',
    ready ? ready.reason ?? 'InvalidCondition' : 'NoReadyCondition',
    ready
      ? `Ready condition has an unexpected status '${ready.status}'`
      : 'The controller has not reported a Ready condition yet',
    { revision, badges },
  );
}

/** GitRepository rule (Flux source). @public */
export function classifyGitRepository(o: KubeObject): StatusResult {
  return classifyFluxObject('GitRepository', o);
}
/** HelmRepository rule (Flux source; `type: oci` is static and Ready). @public */
export function classifyHelmRepository(o: KubeObject): StatusResult {
  return classifyFluxObject('HelmRepository', o);
}
/** OCIRepository rule (Flux source). @public */
export function classifyOCIRepository(o: KubeObject): StatusResult {
  return classifyFluxObject('OCIRepository', o);
}
/** HelmChart rule (Flux source). @public */
export function classifyHelmChart(o: KubeObject): StatusResult {
  return classifyFluxObject('HelmChart', o);
}
/** Bucket rule (Flux source). @public */
export function classifyBucket(o: KubeObject): StatusResult {
  return classifyFluxObject('Bucket', o);
}
/** Kustomization rule. @public */
export function classifyKustomization(o: KubeObject): StatusResult {
  return classifyFluxObject('Kustomization', o);
}
/** HelmRelease rule (the Flux rule; drift badge). @public */
export function classifyHelmRelease(o: KubeObject): StatusResult {
  return classifyFluxObject('HelmRelease', o);
}
