import {
  coreServices,
  createServiceFactory,
  type BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { parseEntityRef, stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult, type PolicyDecision } from '@backstage/plugin-permission-common';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { MlopsPermissionPolicy } from '@mlops-portal/plugin-permission-backend-module-mlops-policy';
import { mlWorkbenchPlugin } from '../plugin';

/** The people of the tests and their groups, as the catalog would resolve them. */
export const USERS = {
  sam: { ref: 'user:default/sam', groups: ['group:default/ml-team'] },
  dana: { ref: 'user:default/dana', groups: ['group:default/data-team'] },
  morgan: { ref: 'user:default/morgan', groups: ['group:default/platform-admins'] },
} as const;

const ownership = (ref: string): string[] => {
  const u = Object.values(USERS).find(x => x.ref === ref);
  return u ? [u.ref, ...u.groups] : [ref];
};

const ownerOf = (entity: Entity) =>
  stringifyEntityRef(parseEntityRef(String((entity.spec as { owner?: string }).owner), { defaultKind: 'group' }));

/**
 * The permissions service with the portal's real policy
 * (plugins/permission-backend-module-mlops-policy); its IS_ENTITY_OWNER
 * conditions are evaluated against the test catalog's `spec.owner`, as the
 * catalog's permission rule would.
 */
export function policyPermissions(entities: Entity[]) {
  const policy = new MlopsPermissionPolicy(
    { adminGroups: ['group:default/platform-admins'] },
    {
      async getUserInfo(credentials: BackstageCredentials) {
        const ref = (credentials.principal as { userEntityRef: string }).userEntityRef;
        return { userEntityRef: ref, ownershipEntityRefs: ownership(ref) };
      },
    },
  );
  const decide = (permission: any, credentials: BackstageCredentials): Promise<PolicyDecision> =>
    policy.handle({ permission }, (credentials.principal as any).type === 'user' ? ({ credentials } as any) : undefined);
  return createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: () => ({
      async authorize(requests: any[], { credentials }: { credentials: BackstageCredentials }) {
        return Promise.all(
          requests.map(async r => {
            const d = await decide(r.permission, credentials);
            if (d.result !== AuthorizeResult.CONDITIONAL) return { result: d.result };
            const entity = entities.find(e => stringifyEntityRef(e) === r.resourceRef);
            const claims = ((d.conditions as any).params?.claims ?? []).map((c: string) => c.toLocaleLowerCase('en-US'));
            const allowed = (d.conditions as any).rule === 'IS_ENTITY_OWNER' && !!entity && claims.includes(ownerOf(entity));
            return { result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
          }),
        );
      },
      async authorizeConditional(requests: any[], { credentials }: { credentials: BackstageCredentials }) {
        return Promise.all(requests.map(r => decide(r.permission, credentials)));
      },
    }),
  });
}

/** A recorded audit event of the test backend. */
export interface RecordedAuditEvent {
  eventId: string;
  meta: any;
  outcome?: 'success' | 'fail';
  error?: string;
}

/** The workbench in a test backend, with what it audited and signalled. */
export interface TestWorkbench {
  server: Parameters<typeof import('supertest')>[0];
  stop: () => Promise<void>;
  auditEvents: RecordedAuditEvent[];
  signals: any[];
}

/** The workbench in a test backend with the given config and catalog. */
export async function startWorkbench(options: { config: object; entities: Entity[] }): Promise<TestWorkbench> {
  const auditor = mockServices.auditor.mock();
  const events: RecordedAuditEvent[] = [];
  auditor.createEvent.mockImplementation(async (opts: any) => {
    const record: RecordedAuditEvent = { eventId: opts.eventId, meta: opts.meta };
    events.push(record);
    return {
      success: async () => {
        record.outcome = 'success';
      },
      fail: async ({ error }: { error: Error }) => {
        record.outcome = 'fail';
        record.error = error.message;
      },
    } as any;
  });
  const signals: any[] = [];
  const backend = await startTestBackend({
    features: [
      mlWorkbenchPlugin,
      mockServices.rootConfig.factory({ data: options.config }),
      catalogServiceMock.factory({ entities: options.entities }),
      auditor.factory,
      policyPermissions(options.entities),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({ publish: async (s: any) => void signals.push(s) }),
      }),
    ],
  });
  return { server: backend.server, stop: () => backend.stop(), auditEvents: events, signals };
}

/** The demo project's entity, as the New ML project template would write it. */
export function mlProjectEntity(name: string, owner: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations },
    spec: { type: 'ml-pipeline', lifecycle: 'experimental', owner, system: 'processing' },
    relations: [
      { type: 'ownedBy', targetRef: stringifyEntityRef(parseEntityRef(owner, { defaultKind: 'group' })) },
      { type: 'partOf', targetRef: 'system:default/processing' },
    ],
  };
}
