import { num, obj, result, isStatusStale, staleResult, str } from './conditions';
import type { KubeObject, StatusResult } from './types';

/*
 * MinIO Tenant (status-semantics.md "MinIO Tenant"). `status.currentState` is
 * free text written by the operator; `healthStatus` green/yellow/red is
 * refreshed every few minutes.
 * https://github.com/minio/operator/blob/master/docs/tenant_crd.adoc
 */

const PROGRESSING_PREFIXES = ['Provisioning', 'Waiting for', 'Updating', 'Restarting'];

/** The healthy steady state of a Tenant. @public */
export const TENANT_INITIALIZED = 'Initialized';

/**
 * Tenant: `Initialized` + health green (or not yet reported) → Ready; yellow →
 * Ready with `degraded` (Progressing with `healing` while drives heal); red →
 * Failed; states starting "Provisioning", "Waiting for", "Updating",
 * "Restarting" → Progressing; any other text → Failed.
 * @public
 */
export function classifyTenant(o: KubeObject): StatusResult {
  const status = obj(o.status) ?? {};
  const state = str(status.currentState);
  if (isStatusStale(o)) return staleResult(o);
  if (!state) {
    return result('Unknown', 'NoState', 'The operator has not reported a state yet');
  }
  if (PROGRESSING_PREFIXES.some(p => state.startsWith(p))) {
    return result('Progressing', 'Provisioning', state);
  }
  if (state !== TENANT_INITIALIZED) {
    return result('Failed', 'TenantError', state);
  }
  const health = str(status.healthStatus);
  const healthMessage = str(status.healthMessage);
  if (health === 'red') {
    return result('Failed', 'HealthRed', healthMessage ?? 'Tenant health is red');
  }
  if (health === 'yellow') {
    const healing =
      healthMessage?.toLowerCase().includes('healing') || (num(status.drivesHealing) ?? 0) > 0;
    if (healing) {
      return result('Progressing', 'Healing', healthMessage ?? 'Drives are healing', {
        badges: ['healing', 'degraded'],
      });
    }
    return result('Ready', 'HealthYellow', healthMessage ?? 'Reduced availability', {
      badges: ['degraded'],
    });
  }
  return result(
    'Ready',
    TENANT_INITIALIZED,
    health === 'green' ? 'Initialized, health green' : 'Initialized; health not reported yet',
  );
}
