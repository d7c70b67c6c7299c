import { JsonObject } from '@backstage/types';
import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_CLUSTERS,
  ANNOTATION_HELM_CHART,
  ANNOTATION_HELM_CHART_SOURCE,
  ANNOTATION_HELM_CHART_URL,
  ANNOTATION_HELM_CHART_VERSION,
  ANNOTATION_LAYER,
  ANNOTATION_OBJECTS,
  AnnotatedObjectRef,
  FLUX_SOURCE_KINDS,
  formatObjectsAnnotation,
  LABEL_COMPONENT,
  LABEL_OWNER,
  LayerDefinition,
} from '@mlops-portal/plugin-mlops-common';
import { ANNOTATION_KAFKA_TOPICS } from '@mlops-portal/plugin-ml-workbench-common';
import { LayerRule, MlopsProviderConfig } from '../config/readProviderConfigs';
import { isClusterScoped } from '../reader/collectObjects';
import { isResourceSet } from '../reader/resourceSets';
import { ManifestObject, ReadProblem } from '../reader/types';
import { shortHash, toEntityName } from './entityName';
import { helmChartInfo } from './helmChart';
import { createLayerResolver, layerRuleOf } from './layers';
import { helmPodSelector } from './podSelector';
import { RepoLinks } from './repoLinks';

/** What the mapping needs to know beyond the objects. @public */
export interface MappingOptions {
  providerId: string;
  /** Backstage namespace of every entity. Default: `default`. */
  entityNamespace?: string;
  /** Put in front of every entity name. Default: none. */
  namePrefix?: string;
  /** The Domain of the layer Systems (emitted when `entity` is set). Default: none. */
  domain?: MlopsProviderConfig['domain'];
  defaultOwner: string;
  lifecycle: string;
  /**
   * The layers. A plain layer definition (no `match`) matches its namespace,
   * as the shared `DEFAULT_LAYERS` of mlops-common expect.
   */
  layers: Array<LayerRule | LayerDefinition>;
  /** Layers made for objects no layer matches. Default: `namespace`. */
  autoLayers?: 'kustomization' | 'namespace' | 'none';
  /** Layer of Flux objects no label or layer places. Default: none. */
  controlPlaneLayer?: string;
  operatorNamespaces: string[];
  clusters: string[];
  links: RepoLinks;
  /** Links into other providers' repositories that mapped Flux sources read. */
  repositoryLinks?: Record<string, RepoLinks>;
  /**
   * Per-chart pod label selectors (`{release}` = the Helm release name) that
   * extend the built-in table in podSelector.ts; see `podSelectors` in config.d.ts.
   */
  podSelectors?: Record<string, string>;
}

/** The entities of one run and what could not be mapped. @public */
export interface MappingResult {
  entities: Entity[];
  problems: ReadProblem[];
}

type Plan = {
  obj: ManifestObject;
  kind: 'Component' | 'Resource';
  type: string;
  /** Namespace the object's workloads run in (layer, kubernetes tab). */
  workloadNamespace: string;
  /** The layer (System) id; none when no layer places it. */
  layer?: string;
  labelSelector?: string;
  extraObjects: AnnotatedObjectRef[];
  dependsOn: string[];
  name?: string;
  /** Chart, version and source of a HelmRelease. */
  chart?: ReturnType<typeof helmChartInfo>;
  /** Kinds this operator runs, when it is one. */
  operates?: string[];
};

const OPERATOR_KINDS: Array<[RegExp, string[]]> = [
  [/strimzi|kafka-operator/, ['Kafka']],
  [/minio/, ['Tenant']],
  [/spark/, ['SparkApplication', 'ScheduledSparkApplication']],
  [/flink/, ['FlinkDeployment', 'FlinkSessionJob']],
];
const DATABASE = /postgres|mysql|mariadb|mongodb/;
const CACHE = /redis|valkey|memcached/;
const OWNER_REF =
  /^[a-z]+:[a-z0-9]+(?:[-_.][a-z0-9]+)*\/[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/;
const FLUX_SOURCES = new Set(FLUX_SOURCE_KINDS.filter(k => k !== 'HelmChart'));

/** Annotation keys Backstage defines (https://backstage.io/docs/features/software-catalog/well-known-annotations). */
const A = {
  sourceLocation: 'backstage.io/source-location',
  viewUrl: 'backstage.io/view-url',
  editUrl: 'backstage.io/edit-url',
  managedBy: 'backstage.io/managed-by-location',
  managedByOrigin: 'backstage.io/managed-by-origin-location',
  k8sId: 'backstage.io/kubernetes-id',
  k8sNamespace: 'backstage.io/kubernetes-namespace',
  k8sSelector: 'backstage.io/kubernetes-label-selector',
};

function ns(obj: ManifestObject): string {
  return obj.metadata.namespace ?? 'default';
}

function ref(obj: {
  kind: string;
  metadata: { namespace?: string; name: string };
}): AnnotatedObjectRef {
  return isClusterScoped(obj.kind)
    ? { kind: obj.kind, name: obj.metadata.name }
    : {
        kind: obj.kind,
        namespace: obj.metadata.namespace ?? 'default',
        name: obj.metadata.name,
      };
}

function meta(obj: ManifestObject, key: string): string | undefined {
  return obj.metadata.labels?.[key] ?? obj.metadata.annotations?.[key];
}

/** Normalizes an owner value (`platform-team`, `group:x`, `user:default/y`) to a full entity ref. @public */
export function normalizeOwner(value: string): string {
  const m = /^(?:([a-zA-Z]+):)?(?:([^/]+)\/)?(.+)$/.exec(value.trim());
  if (!m) return value;
  const kind = (m[1] ?? 'group').toLocaleLowerCase('en-US');
  return `${kind}:${m[2] ?? 'default'}/${m[3]}`;
}

function isFluxKustomization(obj: ManifestObject): boolean {
  return (
    obj.kind === 'Kustomization' &&
    obj.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')
  );
}

function chartName(hr: ManifestObject): string {
  return String(
    hr.spec?.chart?.spec?.chart ?? hr.spec?.chartRef?.name ?? hr.metadata.name,
  );
}

function images(obj: ManifestObject): string {
  const containers = obj.spec?.template?.spec?.containers;
  return Array.isArray(containers)
    ? containers.map((c: any) => String(c?.image ?? '')).join(' ')
    : '';
}

/**
 * Maps the objects found in Git to catalog entities. Pure and deterministic:
 * the same objects give the same entities, in the same order. The rules are
 * described in the package README ("Mapping rules").
 * @public
 */
export function mapEntities(
  objects: ManifestObject[],
  options: MappingOptions,
): MappingResult {
  const problems: ReadProblem[] = [];
  const entityNamespace = options.entityNamespace ?? 'default';
  const prefix = options.namePrefix ?? '';
  const namespaces = new Map<string, ManifestObject>();
  const fluxKustomizations = new Map<string, ManifestObject>();
  for (const o of objects) {
    if (o.kind === 'Namespace') namespaces.set(o.metadata.name, o);
    // Flux Kustomizations and Flux Operator ResourceSets apply objects.
    if (isFluxKustomization(o) || isResourceSet(o)) {
      fluxKustomizations.set(`${ns(o)}/${o.metadata.name}`, o);
    }
  }
  const layers = createLayerResolver({
    rules: options.layers.map(layerRuleOf),
    autoLayers: options.autoLayers ?? 'namespace',
    controlPlaneLayer: options.controlPlaneLayer,
    namespaces,
    kustomizations: fluxKustomizations,
  });
  const layerOf = (obj: ManifestObject, namespace: string) =>
    layers.layerOf(obj, namespace, false);
  // Flux objects live in flux-system but may say which layer they deploy.
  const fluxLayerOf = (obj: ManifestObject) => layers.layerOf(obj, ns(obj), true);
  const sourceObjects = new Map<string, ManifestObject>();
  for (const o of objects) {
    if (o.apiVersion.startsWith('source.toolkit.fluxcd.io/')) {
      sourceObjects.set(`${o.kind}/${ns(o)}/${o.metadata.name}`, o);
    }
  }
  const lookupSource = (kind: string, namespace: string, name: string) =>
    sourceObjects.get(`${kind}/${namespace}/${name}`);
  const reportedOwners = new Set<string>();
  // An owner the catalog cannot parse would make it reject the whole entity,
  // so a bad label falls through to the next source, with a warning.
  const validOwner = (
    value: string | undefined,
    from: ManifestObject | undefined,
  ): string | undefined => {
    if (value === undefined) return undefined;
    const ownerRef = normalizeOwner(value);
    if (OWNER_REF.test(ownerRef)) return ownerRef;
    const key = `${from?.source.path}:${value}`;
    if (from && !reportedOwners.has(key)) {
      reportedOwners.add(key);
      problems.push({
        path: from.source.path,
        reason: `${from.kind} ${from.metadata.name}: ${LABEL_OWNER} '${value}' is not an entity reference, ignored`,
      });
    }
    return undefined;
  };
  const ownerOf = (
    obj: ManifestObject | undefined,
    namespace: string,
  ): string => {
    const nsObj = namespaces.get(namespace);
    return (
      validOwner(obj && meta(obj, LABEL_OWNER), obj) ??
      validOwner(nsObj && meta(nsObj, LABEL_OWNER), nsObj) ??
      normalizeOwner(options.defaultOwner)
    );
  };

  // 1. Decide what each object becomes.
  const plans: Plan[] = [];
  const kafkaPools: ManifestObject[] = [];
  const componentMembers: ManifestObject[] = [];
  for (const obj of objects) {
    const namespace = ns(obj);
    const base = {
      obj,
      extraObjects: [],
      dependsOn: [],
      workloadNamespace: namespace,
    };
    const group = obj.apiVersion.split('/')[0];
    switch (obj.kind) {
      case 'HelmRelease': {
        if (!group.startsWith('helm.toolkit.fluxcd.io')) break;
        const target =
          typeof obj.spec?.targetNamespace === 'string'
            ? obj.spec.targetNamespace
            : namespace;
        const chart = chartName(obj).toLocaleLowerCase('en-US');
        const name = obj.metadata.name.toLocaleLowerCase('en-US');
        const isOperator =
          options.operatorNamespaces.includes(target) ||
          /operator/.test(chart) ||
          /operator/.test(name);
        let kind: Plan['kind'] = 'Component';
        let type = 'service';
        if (isOperator) type = 'platform-operator';
        else if (DATABASE.test(chart)) [kind, type] = ['Resource', 'database'];
        else if (CACHE.test(chart)) [kind, type] = ['Resource', 'cache'];
        plans.push({
          ...base,
          kind,
          type,
          workloadNamespace: target,
          layer: layerOf(obj, target),
          // What the chart's own pod templates carry: helm-controller's
          // helm.toolkit.fluxcd.io/* labels never reach pods (podSelector.ts).
          labelSelector: helmPodSelector(obj, options.podSelectors),
          chart: helmChartInfo(obj, lookupSource),
          operates: isOperator
            ? OPERATOR_KINDS.filter(
                ([re]) => re.test(chart) || re.test(name),
              ).flatMap(([, k]) => k)
            : undefined,
        });
        break;
      }
      case 'Kustomization':
        if (!group.startsWith('kustomize.toolkit.fluxcd.io')) break;
        plans.push({
          ...base,
          kind: 'Resource',
          type: 'flux-kustomization',
          layer: fluxLayerOf(obj),
          labelSelector: `kustomize.toolkit.fluxcd.io/name=${obj.metadata.name},kustomize.toolkit.fluxcd.io/namespace=${namespace}`,
        });
        break;
      case 'Kafka':
        if (!group.startsWith('kafka.strimzi.io')) break;
        plans.push({
          ...base,
          kind: 'Resource',
          type: 'kafka-cluster',
          layer: layerOf(obj, namespace),
          labelSelector: `strimzi.io/cluster=${obj.metadata.name}`,
        });
        break;
      case 'KafkaNodePool':
        if (group.startsWith('kafka.strimzi.io')) kafkaPools.push(obj);
        break;
      case 'KafkaTopic':
        if (!group.startsWith('kafka.strimzi.io')) break;
        plans.push({
          ...base,
          kind: 'Resource',
          type: 'kafka-topic',
          layer: layerOf(obj, namespace),
        });
        break;
      case 'Tenant':
        if (!group.startsWith('minio.min.io')) break;
        plans.push({
          ...base,
          kind: 'Resource',
          type: 'object-store',
          layer: layerOf(obj, namespace),
          labelSelector: `v1.min.io/tenant=${obj.metadata.name}`,
        });
        break;
      case 'SparkApplication':
      case 'ScheduledSparkApplication':
        if (!group.startsWith('sparkoperator.k8s.io')) break;
        plans.push({
          ...base,
          kind: 'Component',
          type: 'data-pipeline',
          layer: layerOf(obj, namespace),
          labelSelector: `sparkoperator.k8s.io/app-name=${obj.metadata.name}`,
        });
        break;
      case 'FlinkDeployment':
      case 'FlinkSessionJob':
        if (!group.startsWith('flink.apache.org')) break;
        plans.push({
          ...base,
          kind: 'Component',
          type: 'stream-processor',
          layer: layerOf(obj, namespace),
          labelSelector: `app=${obj.metadata.name}`,
        });
        break;
      case 'StatefulSet': {
        const text = `${obj.metadata.name} ${images(obj)}`.toLocaleLowerCase(
          'en-US',
        );
        let type: string | undefined;
        if (DATABASE.test(text)) type = 'database';
        else if (CACHE.test(text)) type = 'cache';
        if (type) {
          plans.push({
            ...base,
            kind: 'Resource',
            type,
            layer: layerOf(obj, namespace),
            labelSelector: obj.spec?.selector?.matchLabels
              ? Object.entries(obj.spec.selector.matchLabels)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(',')
              : undefined,
          });
        } else if (meta(obj, LABEL_COMPONENT)) componentMembers.push(obj);
        break;
      }
      default:
        if (
          FLUX_SOURCES.has(obj.kind) &&
          group.startsWith('source.toolkit.fluxcd.io')
        ) {
          plans.push({
            ...base,
            kind: 'Resource',
            type: 'flux-source',
            layer: fluxLayerOf(obj),
          });
        } else if (obj.kind !== 'Namespace' && meta(obj, LABEL_COMPONENT)) {
          componentMembers.push(obj);
        }
    }
  }

  // 2. Names: the object's name. Objects of one entity kind that share a
  // name are told apart by object kind, else by namespace, else by both;
  // anything still clashing gets a hash of its full identity.
  const lower = (t: string) => t.toLocaleLowerCase('en-US');
  for (const kind of ['Component', 'Resource']) {
    const group = plans.filter(p => p.kind === kind);
    const byName = new Map<string, Plan[]>();
    for (const p of group) {
      const n = lower(toEntityName(p.obj.metadata.name));
      byName.set(n, [...(byName.get(n) ?? []), p]);
    }
    for (const list of byName.values()) {
      if (list.length === 1) {
        list[0].name = toEntityName(`${prefix}${list[0].obj.metadata.name}`);
        continue;
      }
      const kindsDistinct =
        new Set(list.map(p => p.obj.kind)).size === list.length;
      const nsDistinct = new Set(list.map(p => ns(p.obj))).size === list.length;
      for (const p of list) {
        const n = p.obj.metadata.name;
        const k = lower(p.obj.kind);
        let candidate = `${ns(p.obj)}-${n}-${k}`;
        if (kindsDistinct) candidate = `${n}-${k}`;
        else if (nsDistinct) candidate = `${ns(p.obj)}-${n}`;
        p.name = toEntityName(`${prefix}${candidate}`);
      }
    }
    const taken = new Set<string>();
    for (const p of group) {
      if (taken.has(lower(p.name!))) {
        p.name = toEntityName(
          `${p.name}-${shortHash(
            `${p.obj.kind}/${ns(p.obj)}/${p.obj.metadata.name}`,
          )}`,
        );
      }
      taken.add(lower(p.name!));
    }
  }
  for (const p of plans) {
    const wanted = p.obj.metadata.name;
    if (toEntityName(`${prefix}${wanted}`) !== `${prefix}${wanted}`) {
      problems.push({
        path: p.obj.source.path,
        reason: `${p.obj.kind} ${ns(
          p.obj,
        )}/${wanted}: not a valid entity name (at most 63 characters of [a-zA-Z0-9-_.]), emitted as '${
          p.name
        }'`,
      });
    }
  }

  // 3. Relations.
  const byObject = new Map<string, Plan>();
  const key = (kind: string, namespace: string, name: string) =>
    `${kind}/${namespace}/${name}`;
  for (const p of plans)
    byObject.set(key(p.obj.kind, ns(p.obj), p.obj.metadata.name), p);
  const entityRef = (p: Plan) =>
    `${p.kind.toLocaleLowerCase('en-US')}:${entityNamespace}/${p.name}`;
  const systemRef = (layer: string) =>
    `system:${entityNamespace}/${toEntityName(`${prefix}${layer}`)}`;
  const depend = (p: Plan, kind: string, namespace: string, name: unknown) => {
    if (typeof name !== 'string') return;
    const target = byObject.get(key(kind, namespace, name));
    if (target && target !== p) p.dependsOn.push(entityRef(target));
  };
  const kafkas = plans.filter(p => p.type === 'kafka-cluster');
  for (const pool of kafkaPools) {
    const cluster = pool.metadata.labels?.['strimzi.io/cluster'];
    const kafka = kafkas.find(
      k => k.obj.metadata.name === cluster && ns(k.obj) === ns(pool),
    );
    if (kafka) kafka.extraObjects.push(ref(pool));
    else
      problems.push({
        path: pool.source.path,
        reason: `KafkaNodePool ${ns(pool)}/${
          pool.metadata.name
        }: no Kafka '${cluster}' in its namespace, not shown`,
      });
  }
  for (const member of componentMembers) {
    const owner =
      byObject.get(
        key('HelmRelease', ns(member), meta(member, LABEL_COMPONENT)!),
      ) ??
      plans.find(
        p =>
          p.obj.kind === 'HelmRelease' &&
          p.obj.metadata.name === meta(member, LABEL_COMPONENT) &&
          p.workloadNamespace === ns(member),
      );
    if (owner) owner.extraObjects.push(ref(member));
  }
  for (const p of plans) {
    const spec = p.obj.spec ?? {};
    const namespace = ns(p.obj);
    if (p.obj.kind === 'Kustomization' || p.obj.kind === 'HelmRelease') {
      for (const d of Array.isArray(spec.dependsOn) ? spec.dependsOn : []) {
        depend(p, p.obj.kind, d?.namespace ?? namespace, d?.name);
      }
    }
    if (p.obj.kind === 'Kustomization' && spec.sourceRef) {
      depend(
        p,
        spec.sourceRef.kind,
        spec.sourceRef.namespace ?? namespace,
        spec.sourceRef.name,
      );
    }
    if (p.obj.kind === 'HelmRelease') {
      const src = spec.chart?.spec?.sourceRef ?? spec.chartRef;
      if (src) depend(p, src.kind, src.namespace ?? namespace, src.name);
    }
    if (p.obj.kind === 'KafkaTopic') {
      depend(
        p,
        'Kafka',
        namespace,
        p.obj.metadata.labels?.['strimzi.io/cluster'],
      );
    }
    // A database or cache labelled as part of a component (e.g. Airflow's
    // PostgreSQL) is something that component depends on.
    const partOf = meta(p.obj, LABEL_COMPONENT);
    if ((p.type === 'database' || p.type === 'cache') && partOf) {
      const component = plans.find(
        c =>
          c.kind === 'Component' &&
          c.obj.kind === 'HelmRelease' &&
          c.obj.metadata.name === partOf &&
          ns(c.obj) === namespace,
      );
      if (component) component.dependsOn.push(entityRef(p));
    }
    if (p.operates?.length) {
      for (const target of plans) {
        if (p.operates.includes(target.obj.kind))
          p.dependsOn.push(entityRef(target));
      }
    }
  }

  // 4. Entities.
  const managedBy = `mlops-provider:${options.providerId}`;
  const scoped = (metadata: Entity['metadata']): Entity['metadata'] =>
    entityNamespace === 'default' ? metadata : { ...metadata, namespace: entityNamespace };
  const common = (obj: ManifestObject | undefined): Record<string, string> => {
    const annotations: Record<string, string> = {
      [A.managedBy]: managedBy,
      [A.managedByOrigin]: managedBy,
    };
    const links = obj?.source.repository
      ? options.repositoryLinks?.[obj.source.repository]
      : options.links;
    if (obj && links) {
      annotations[A.sourceLocation] = links.sourceLocation(obj.source.path);
      const view = links.viewUrl(obj.source.path);
      const edit = links.editUrl(obj.source.path);
      if (view) annotations[A.viewUrl] = view;
      if (edit) annotations[A.editUrl] = edit;
    }
    if (options.clusters.length > 0)
      annotations[ANNOTATION_CLUSTERS] = options.clusters.join(',');
    return annotations;
  };

  const entities: Entity[] = [];
  if (options.domain?.entity) {
    const d = options.domain.entity;
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Domain',
      metadata: scoped({
        name: d.name,
        ...(d.title ? { title: d.title } : {}),
        ...(d.description ? { description: d.description } : {}),
        annotations: common(undefined),
      }),
      spec: { owner: normalizeOwner(d.owner) },
    });
  }
  // Systems: the configured layers, then those made for objects, each once
  // its name is known (a layer no object uses is still shown if configured).
  const usedLayers = new Set(plans.map(p => p.layer).filter(Boolean));
  for (const layer of layers.layers()) {
    const configured = options.layers.some(l => l.id === layer.id);
    if (!configured && !usedLayers.has(layer.id)) continue;
    const name = toEntityName(`${prefix}${layer.id}`);
    const annotations: Record<string, string> = {
      ...common(layer.namespace ? namespaces.get(layer.namespace) : layer.ownerFrom),
      [ANNOTATION_LAYER]: layer.id,
    };
    if (layer.namespace) annotations[A.k8sNamespace] = layer.namespace;
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: scoped({
        name,
        title: layer.title,
        description: layer.description || undefined,
        annotations,
      }),
      spec: {
        owner: layer.ownerFrom
          ? ownerOf(layer.ownerFrom, layer.namespace ?? ns(layer.ownerFrom))
          : ownerOf(undefined, layer.namespace ?? ''),
        ...(options.domain ? { domain: options.domain.ref } : {}),
        type: 'platform-layer',
      },
    });
  }
  for (const p of plans) {
    const obj = p.obj;
    const namespace = ns(obj);
    const annotations: Record<string, string> = {
      ...common(obj),
      [ANNOTATION_OBJECTS]: formatObjectsAnnotation([
        ref(obj),
        ...p.extraObjects,
      ]),
      [A.k8sId]: p.name!,
      [A.k8sNamespace]: p.workloadNamespace,
    };
    if (p.labelSelector) annotations[A.k8sSelector] = p.labelSelector;
    // The ML workbench's Kafka view reads the topic by its name on the broker
    // (Strimzi's spec.topicName, else the object's name).
    if (obj.kind === 'KafkaTopic') {
      annotations[ANNOTATION_KAFKA_TOPICS] = String(obj.spec?.topicName ?? obj.metadata.name);
    }
    const chart = p.chart;
    if (chart?.chart) annotations[ANNOTATION_HELM_CHART] = chart.chart;
    if (chart?.version) annotations[ANNOTATION_HELM_CHART_VERSION] = chart.version;
    if (chart?.source) annotations[ANNOTATION_HELM_CHART_SOURCE] = chart.source;
    if (chart?.url) annotations[ANNOTATION_HELM_CHART_URL] = chart.url;
    const from = obj.generatedBy
      ? `ResourceSet ${obj.generatedBy.namespace}/${obj.generatedBy.name} in ${obj.source.path}`
      : obj.source.path;
    const description = `${obj.kind} ${namespace}/${obj.metadata.name}${
      chart?.chart
        ? ` (chart ${chart.chart}${chart.version ? ` ${chart.version}` : ''})`
        : ''
    }, from ${obj.source.repository ? `${obj.source.repository}:` : ''}${from}`;
    const spec: JsonObject = {
      type: p.type,
      owner: ownerOf(obj, p.workloadNamespace),
    };
    if (p.layer) spec.system = systemRef(p.layer);
    if (p.kind === 'Component') spec.lifecycle = options.lifecycle;
    const deps = [...new Set(p.dependsOn)].sort();
    if (deps.length > 0) spec.dependsOn = deps;
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: p.kind,
      metadata: scoped({
        name: p.name!,
        ...(p.name !== obj.metadata.name ? { title: obj.metadata.name } : {}),
        description,
        tags: [obj.kind.toLocaleLowerCase('en-US')],
        annotations,
      }),
      spec,
    });
  }
  return { entities, problems };
}
