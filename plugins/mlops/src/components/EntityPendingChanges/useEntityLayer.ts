import { useEffect, useState } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import { type Entity, parseEntityRef } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { ANNOTATION_LAYER } from '@mlops-portal/plugin-mlops-common';

/**
 * The platform layer of an entity: its own `mlops-portal.io/layer` (a layer
 * System), else that of the System it is part of (`spec.system`), read from
 * the catalog as the user. `undefined` while unknown or when there is none.
 */
export function useEntityLayer(entity: Entity): string | undefined {
  const catalog = useApiHolder().get(catalogApiRef);
  const own = entity.metadata.annotations?.[ANNOTATION_LAYER];
  const system = typeof entity.spec?.system === 'string' ? entity.spec.system : undefined;
  const namespace = entity.metadata.namespace ?? 'default';
  const [layer, setLayer] = useState<string>();
  useEffect(() => {
    setLayer(undefined);
    if (own || !system || !catalog) return undefined;
    let cancelled = false;
    let ref;
    try {
      ref = parseEntityRef(system, { defaultKind: 'system', defaultNamespace: namespace });
    } catch {
      return undefined;
    }
    catalog.getEntityByRef(ref).then(
      s => {
        if (!cancelled) setLayer(s?.metadata.annotations?.[ANNOTATION_LAYER]);
      },
      () => undefined, // no layer known: only the entity's own objects decide
    );
    return () => {
      cancelled = true;
    };
  }, [catalog, own, system, namespace]);
  return own ?? layer;
}
