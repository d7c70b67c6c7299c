/*
 * Flux inventory entries: kustomize-controller (and helm-controller >= 1.5.0)
 * list the objects they applied in `status.inventory.entries[].id` as
 * `<namespace>_<name>_<group>_<kind>` (fluxcd/pkg ssa `ObjMetadata` format):
 * empty namespace for cluster-scoped objects, empty group for the core API.
 * https://fluxcd.io/flux/components/kustomize/kustomizations/#inventory
 */

/** One parsed inventory entry. @public */
export interface InventoryEntry {
  id: string;
  namespace?: string;
  name: string;
  group: string;
  kind: string;
}

/**
 * Parses an inventory id. Kind and group never contain `_` and the namespace
 * is a DNS label, so kind and group are split from the right and the
 * namespace from the left; whatever is left is the name (which may contain
 * `_`). Returns `undefined` for ids that do not have the four parts.
 * @public
 */
export function parseInventoryId(id: string): InventoryEntry | undefined {
  if (typeof id !== 'string') return undefined;
  const kindAt = id.lastIndexOf('_');
  if (kindAt <= 0) return undefined;
  const groupAt = id.lastIndexOf('_', kindAt - 1);
  if (groupAt <= 0) return undefined;
  const namespaceAt = id.indexOf('_');
  if (namespaceAt >= groupAt) return undefined;
  const kind = id.slice(kindAt + 1);
  const group = id.slice(groupAt + 1, kindAt);
  const namespace = id.slice(0, namespaceAt);
  const name = id.slice(namespaceAt + 1, groupAt);
  if (!kind || !name) return undefined;
  return namespace ? { id, namespace, name, group, kind } : { id, name, group, kind };
}

/**
 * The parsed entries of an object's `status.inventory.entries`, skipping
 * malformed ones.
 * @public
 */
export function inventoryEntries(status: unknown): InventoryEntry[] {
  const entries = (status as { inventory?: { entries?: unknown } } | undefined)?.inventory?.entries;
  if (!Array.isArray(entries)) return [];
  const out: InventoryEntry[] = [];
  for (const e of entries) {
    const parsed = parseInventoryId((e as { id?: unknown } | null)?.id as string);
    if (parsed) out.push(parsed);
  }
  return out;
}
