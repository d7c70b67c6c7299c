import type { KubeObject, StatusResult } from './types';

/*
 * Pods are not in status-semantics.md: they are shown at the end of a trace,
 * not rolled up into entities. The mapping is the portal's, made like the
 * workload rules (kubectl's STATUS column as the reference:
 * k8s.io/kubernetes pkg/printers/internalversion printPod).
 */

/** Container waiting reasons that do not fix themselves. */
const BROKEN_WAITING = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

function isTrue(conditions: unknown, type: string): boolean {
  return Array.isArray(conditions) && conditions.some(c => c?.type === type && c?.status === 'True');
}

/**
 * A pod's status: Failed for a failed phase or a container stuck in a waiting
 * reason that needs a fix (CrashLoopBackOff, image pull errors, bad config);
 * Progressing while Pending, terminating or not yet Ready; Ready when Running
 * and Ready, or Succeeded (a finished run, badge `terminal`); Unknown
 * otherwise.
 * @public
 */
export function classifyPod(pod: KubeObject): StatusResult {
  const status = pod.status ?? {};
  const phase: string | undefined = typeof status.phase === 'string' ? status.phase : undefined;
  const containers: any[] = [
    ...(Array.isArray(status.initContainerStatuses) ? status.initContainerStatuses : []),
    ...(Array.isArray(status.containerStatuses) ? status.containerStatuses : []),
  ];
  const restarts = containers.reduce((n, c) => n + (Number(c?.restartCount) || 0), 0);
  const restartNote = restarts ? ` (${restarts} restart${restarts === 1 ? '' : 's'})` : '';
  if (pod.metadata?.deletionTimestamp) {
    return { status: 'Progressing', reason: 'Terminating', message: 'the pod is being deleted', badges: [] };
  }
  if (phase === 'Failed') {
    return {
      status: 'Failed',
      reason: typeof status.reason === 'string' && status.reason ? status.reason : 'Failed',
      message: typeof status.message === 'string' ? status.message : 'all containers terminated, at least one in failure',
      badges: [],
    };
  }
  if (phase === 'Succeeded') {
    return { status: 'Ready', reason: 'Completed', message: 'all containers terminated successfully', badges: ['terminal'] };
  }
  for (const c of containers) {
    const waiting = c?.state?.waiting;
    if (waiting && BROKEN_WAITING.has(waiting.reason)) {
      return {
        status: 'Failed',
        reason: waiting.reason,
        message: `container ${c.name}: ${waiting.message ?? waiting.reason}${restartNote}`,
        badges: [],
      };
    }
  }
  if (phase === 'Pending') {
    const scheduled = Array.isArray(status.conditions)
      ? status.conditions.find((c: any) => c?.type === 'PodScheduled')
      : undefined;
    if (scheduled && scheduled.status === 'False') {
      return { status: 'Progressing', reason: scheduled.reason ?? 'Unschedulable', message: scheduled.message ?? '', badges: [] };
    }
    return { status: 'Progressing', reason: 'Pending', message: `waiting for containers to start${restartNote}`, badges: [] };
  }
  if (phase === 'Running') {
    if (isTrue(status.conditions, 'Ready')) {
      return { status: 'Ready', reason: 'Running', message: `running and ready${restartNote}`, badges: [] };
    }
    return { status: 'Progressing', reason: 'ContainersNotReady', message: `running, not ready${restartNote}`, badges: [] };
  }
  return { status: 'Unknown', reason: phase ?? 'NoPhase', message: 'the pod reports no known phase', badges: [] };
}
