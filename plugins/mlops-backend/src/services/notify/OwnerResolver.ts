import type { AuthService } from '@backstage/backend-plugin-api';
import {
  RELATION_HAS_MEMBER,
  RELATION_PARENT_OF,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/** How deep child groups are followed (a group of groups of groups). */
const MAX_DEPTH = 5;

/**
 * Who an entity's owner is, as users: the catalog's `spec.owner` (read by
 * the entity index with the plugin's own credentials, never from a request)
 * is a user, or a group whose members — and its child groups' members — are
 * the owners, as the catalog's `hasMember` / `parentOf` relations say.
 * Answers are cached briefly; the catalog is the source.
 */
export class OwnerResolver {
  private readonly cache = new Map<string, { at: number; users: Promise<string[]> }>();

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      ttlMs?: number;
      now?: () => number;
    },
  ) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** The user refs an owner ref stands for (a bare name is a group, as the catalog reads `spec.owner`). */
  async usersOf(owner: string | undefined): Promise<string[]> {
    if (!owner) return [];
    let ref: string;
    try {
      ref = stringifyEntityRef(parseEntityRef(owner, { defaultKind: 'group', defaultNamespace: 'default' }));
    } catch {
      return [];
    }
    const hit = this.cache.get(ref);
    if (hit && this.now() - hit.at < (this.deps.ttlMs ?? 60_000)) return hit.users;
    const users = this.resolve(ref);
    this.cache.set(ref, { at: this.now(), users });
    users.catch(() => this.cache.delete(ref));
    return users;
  }

  private async resolve(ref: string): Promise<string[]> {
    if (ref.startsWith('user:')) return [ref];
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const users = new Set<string>();
    const seen = new Set<string>();
    let groups = [ref];
    for (let depth = 0; depth < MAX_DEPTH && groups.length; depth++) {
      const next: string[] = [];
      for (const g of groups) {
        if (seen.has(g)) continue;
        seen.add(g);
        const entity = await this.deps.catalog.getEntityByRef(g, { credentials });
        for (const r of entity?.relations ?? []) {
          if (r.type === RELATION_HAS_MEMBER && r.targetRef.startsWith('user:')) users.add(r.targetRef);
          if (r.type === RELATION_PARENT_OF && r.targetRef.startsWith('group:')) next.push(r.targetRef);
        }
      }
      groups = next;
    }
    return [...users].sort();
  }

  /** Whether `userRef` is among the owners of `owner` (for the settings answer). */
  async isOwner(userRef: string, owner: string | undefined): Promise<boolean> {
    return (await this.usersOf(owner)).includes(userRef);
  }
}

