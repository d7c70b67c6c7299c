import { LABEL_LAYER, LayerDefinition } from '@mlops-portal/plugin-mlops-common';
import { LayerRule } from '../config/readProviderConfigs';
import { ManifestObject } from '../reader/types';
import { toEntityName } from './entityName';

/** A layer as it becomes a System: configured, or made for objects no rule places. @public */
export interface ResolvedLayer {
  id: string;
  title: string;
  description: string;
  /** The namespace shown on the System (`backstage.io/kubernetes-namespace`), if one. */
  namespace?: string;
  /** Where the System's owner comes from when no label names one. */
  ownerFrom?: ManifestObject;
}

/** What {@link createLayerResolver} needs. @public */
export interface LayerResolverOptions {
  rules: LayerRule[];
  autoLayers: 'kustomization' | 'namespace' | 'none';
  controlPlaneLayer?: string;
  /** Namespace objects found in Git, by name (their labels count for their objects). */
  namespaces: Map<string, ManifestObject>;
  /** Flux Kustomizations found in Git, by `namespace/name`. */
  kustomizations: Map<string, ManifestObject>;
}

/**
 * A layer rule from a plain layer definition (such as mlops-common's
 * `DEFAULT_LAYERS`): it matches its namespace.
 * @public
 */
export function layerRuleOf(layer: LayerRule | LayerDefinition): LayerRule {
  if ('match' in layer && layer.match) return layer;
  return {
    ...layer,
    match: {
      namespaces: layer.namespace ? [layer.namespace] : [],
      folders: [],
      kustomizations: [],
      labels: {},
    },
  };
}

function meta(obj: ManifestObject | undefined, key: string): string | undefined {
  return obj?.metadata.labels?.[key] ?? obj?.metadata.annotations?.[key];
}

/** `*` and `?` globs, anchored; nothing else is special. */
function globMatches(pattern: string, value: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(value);
}

function underFolder(path: string, folder: string): boolean {
  return folder === '' || path === folder || path.startsWith(`${folder}/`);
}

function isFluxKustomization(obj: ManifestObject): boolean {
  return obj.kind === 'Kustomization' && obj.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/');
}

/**
 * Places objects in layers: the object's (or its Namespace's)
 * `mlops-portal.io/layer` label; else the first configured layer whose
 * labels, Kustomizations, folders or namespaces match; else, for Flux
 * objects, `controlPlaneLayer`; else a layer made per `autoLayers` (the Flux
 * Kustomization or ResourceSet that applies it, else its namespace), or none.
 * @public
 */
export function createLayerResolver(options: LayerResolverOptions) {
  const configured = new Map(options.rules.map(r => [r.id, r]));
  const made = new Map<string, ResolvedLayer>();

  const make = (id: string, layer: Omit<ResolvedLayer, 'id'>): string => {
    const name = toEntityName(id);
    if (configured.has(name)) return name;
    if (!made.has(name)) made.set(name, { id: name, ...layer });
    return name;
  };

  const ruleMatches = (rule: LayerRule, obj: ManifestObject, namespace: string): boolean => {
    const { match } = rule;
    const labels = Object.entries(match.labels);
    if (labels.length > 0) {
      const nsObj = options.namespaces.get(namespace);
      const all = { ...nsObj?.metadata.labels, ...obj.metadata.labels };
      if (labels.every(([k, v]) => all[k] === v)) return true;
    }
    if (match.kustomizations.length > 0) {
      const candidates: Array<{ namespace: string; name: string }> = [];
      if (obj.appliedBy) candidates.push(obj.appliedBy);
      if (isFluxKustomization(obj)) {
        candidates.push({ namespace: obj.metadata.namespace ?? 'default', name: obj.metadata.name });
      }
      for (const c of candidates) {
        if (match.kustomizations.some(k => k === c.name || k === `${c.namespace}/${c.name}`)) return true;
      }
    }
    // Folders are folders of this provider's repository.
    if (!obj.source.repository && match.folders.some(f => underFolder(obj.source.path, f))) return true;
    return match.namespaces.some(p => globMatches(p, namespace));
  };

  return {
    /** The layer id of an object, or undefined when it belongs to none. */
    layerOf(obj: ManifestObject, namespace: string, isFluxObject: boolean): string | undefined {
      const explicit = meta(obj, LABEL_LAYER) ?? meta(options.namespaces.get(namespace), LABEL_LAYER);
      if (explicit) {
        return make(explicit, {
          title: explicit,
          description: `Objects labelled ${LABEL_LAYER}: ${explicit}.`,
          namespace,
          ownerFrom: options.namespaces.get(namespace),
        });
      }
      const rule = options.rules.find(r => ruleMatches(r, obj, namespace));
      if (rule) return rule.id;
      if (isFluxObject && options.controlPlaneLayer) return options.controlPlaneLayer;
      if (options.autoLayers === 'none') return undefined;
      const applier = obj.generatedBy
        ? { ...obj.generatedBy, kind: 'ResourceSet' }
        : obj.appliedBy && { ...obj.appliedBy, kind: 'Kustomization' };
      if (options.autoLayers === 'kustomization' && applier) {
        return make(applier.name, {
          title: applier.name,
          description: `Objects applied by the Flux ${applier.kind} ${applier.namespace}/${applier.name}.`,
          ownerFrom: options.kustomizations.get(`${applier.namespace}/${applier.name}`),
        });
      }
      return make(namespace, {
        title: namespace,
        description: `Objects in namespace ${namespace}.`,
        namespace,
        ownerFrom: options.namespaces.get(namespace),
      });
    },
    /** The configured layers, then the ones made for objects, by id. */
    layers(): ResolvedLayer[] {
      return [
        ...options.rules.map(r => ({
          id: r.id,
          title: r.title,
          description: r.description,
          namespace: r.namespace || undefined,
          ownerFrom: r.namespace ? options.namespaces.get(r.namespace) : undefined,
        })),
        ...[...made.values()].sort((a, b) => a.id.localeCompare(b.id)),
      ];
    },
  };
}
