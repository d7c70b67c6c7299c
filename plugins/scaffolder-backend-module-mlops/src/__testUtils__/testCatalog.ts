import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

/** The user createMockActionContext's credentials belong to. */
export const MOCK_USER = 'user:default/mock';

/**
 * A User entity as the catalog serves it: `memberOf` relations computed from
 * its groups (the part of the entity the ownership checks read).
 */
export function userEntity(ref: string, groups: string[]): Entity {
  const name = ref.split('/').pop()!;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf: groups },
    relations: groups.map(g => ({ type: 'memberOf', targetRef: g })),
  };
}

/** A Component entity owned by `owner`. */
export function componentEntity(name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'ml-pipeline', lifecycle: 'experimental', owner },
  };
}

/**
 * Backstage's in-memory catalog service with users (and their groups) and
 * any other entities; the mock user is in ml-team and platform-team unless
 * `users` says otherwise.
 */
export function testCatalog(
  opts: { users?: Record<string, string[]>; entities?: Entity[] } = {},
) {
  const users = opts.users ?? { [MOCK_USER]: ['group:default/ml-team', 'group:default/platform-team'] };
  return catalogServiceMock({
    entities: [...Object.entries(users).map(([ref, groups]) => userEntity(ref, groups)), ...(opts.entities ?? [])],
  });
}
