import type {
  AnnotatedObjectRef,
  ChangeBranch,
  PreviewAffectedLayer,
  PreviewObject,
} from '@mlops-portal/plugin-mlops-common';

/** What of an entity a change branch can touch. */
export interface EntityChangeScope {
  /** Its objects (the `mlops-portal.io/objects` annotation). */
  objects: AnnotatedObjectRef[];
  /** Its platform layer (the `mlops-portal.io/layer` of its System, or its own), when known. */
  layer?: string;
}

/** How a change branch touches an entity. */
export type ChangeBranchTouch =
  | { by: 'object'; change: 'added' | 'changed' | 'removed'; object: PreviewObject }
  | { by: 'kustomization' | 'layer'; layer: PreviewAffectedLayer };

/** A change branch and how it touches the entity. */
export interface EntityChangeBranch {
  branch: ChangeBranch;
  touches: ChangeBranchTouch[];
}

const KUSTOMIZATION = 'Kustomization';

/**
 * A preview object is one of the entity's objects when kind and name match
 * and so does the namespace, unless the manifest names none (Flux's
 * `targetNamespace` or the default then decides, which the preview cannot see).
 */
function isEntityObject(o: PreviewObject, ref: AnnotatedObjectRef): boolean {
  return o.kind === ref.kind && o.name === ref.name && (!o.namespace || o.namespace === (ref.namespace ?? ''));
}

/**
 * How `branch` touches the entity: its objects added, changed or removed;
 * its own Flux Kustomization reached (its files, itself, or through
 * `dependsOn`); or its layer reached the same ways. Empty when it does not
 * (and for a branch that could not be read: nothing is known of it).
 */
export function touchesOfBranch(branch: ChangeBranch, scope: EntityChangeScope): ChangeBranchTouch[] {
  const p = branch.preview;
  if (!p) return [];
  const touches: ChangeBranchTouch[] = [];
  for (const [change, objects] of [
    ['added', p.added],
    ['changed', p.changed],
    ['removed', p.removed],
  ] as const) {
    for (const o of objects) {
      if (scope.objects.some(ref => isEntityObject(o, ref))) touches.push({ by: 'object', change, object: o });
    }
  }
  const kustomizations = scope.objects.filter(r => r.kind === KUSTOMIZATION);
  for (const l of p.affectedLayers) {
    const asObject = { ...l, kind: KUSTOMIZATION, apiVersion: '' };
    if (kustomizations.some(ref => isEntityObject(asObject, ref))) {
      // An added, changed or removed Kustomization of the entity is already listed as such.
      if (l.reason !== 'object') touches.push({ by: 'kustomization', layer: l });
    } else if (scope.layer && l.name === scope.layer) {
      touches.push({ by: 'layer', layer: l });
    }
  }
  return touches;
}

/** The change branches that touch the entity, in the list's order (newest first). */
export function entityChangeBranches(branches: ChangeBranch[], scope: EntityChangeScope): EntityChangeBranch[] {
  return branches
    .map(branch => ({ branch, touches: touchesOfBranch(branch, scope) }))
    .filter(b => b.touches.length > 0);
}

const objectName = (o: { kind: string; namespace: string; name: string }) =>
  `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;

function layerReason(l: PreviewAffectedLayer): string {
  switch (l.reason) {
    case 'files':
      return `files below ${l.path} change (${l.via.join(', ')})`;
    case 'object':
      return `its Kustomization changes (${l.via.join(', ')})`;
    default:
      return `it depends on changed layers (${l.via.join(', ')})`;
  }
}

/** One line for a touch, as the entity's owner would read it. */
export function describeTouch(t: ChangeBranchTouch): string {
  if (t.by === 'object') return `${t.change} ${objectName(t.object)} (${t.object.path})`;
  if (t.by === 'kustomization') return `reaches Kustomization ${t.layer.namespace}/${t.layer.name}: ${layerReason(t.layer)}`;
  return `reaches its layer ${t.layer.name}: ${layerReason(t.layer)}`;
}
