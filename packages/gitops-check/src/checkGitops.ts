import fs from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_LAYERS,
  LABEL_COMPONENT,
  LABEL_LAYER,
  LABEL_OWNER,
} from '@mlops-portal/plugin-mlops-common';
import {
  KUSTOMIZATION_FILE_NAMES,
  listYamlFiles,
  loadManifests,
  type ManifestDocument,
} from './loadManifests';
import {
  SETTINGS_SCHEMA_ANNOTATION,
  findSubstitutions,
  parseSettingsSchema,
  validateSettingValue,
} from './settings';

/** The rule a {@link GitopsProblem} breaks. @public */
export type GitopsRule =
  | 'yaml'
  | 'required-fields'
  | 'namespace'
  | 'duplicate'
  | 'flux-api'
  | 'kustomization-path'
  | 'source-ref'
  | 'depends-on'
  | 'chart-version'
  | 'labels'
  | 'layer-namespace'
  | 'kustomize-resources'
  | 'orphan-file'
  | 'settings'
  | 'substitution';

/** One thing wrong with a GitOps repository. @public */
export interface GitopsProblem {
  /** The rule broken. */
  rule: GitopsRule;
  /** File relative to the repository root. */
  file: string;
  /** `Kind namespace/name` of the object, when the problem is about one. */
  object?: string;
  /** What is wrong, naming the field or value. */
  message: string;
}

/** Options of {@link checkGitops}. @public */
export interface CheckGitopsOptions {
  /** Groups an object may name as owner. Default: any valid name. */
  owners?: string[];
  /**
   * The platform's layers (id and namespace of each). Default:
   * `DEFAULT_LAYERS` from `@mlops-portal/plugin-mlops-common`.
   */
  layers?: Array<{ id: string; namespace: string }>;
  /**
   * The folder Flux paths (`spec.path`) are relative to: the root of the
   * Git source. Default: `root`. Set it to the repository root when `root`
   * is a subfolder such as `gitops/`.
   */
  sourceRoot?: string;
  /** The settings ConfigMap. Default: `flux-system/platform-settings`. */
  settings?: { namespace: string; name: string };
}

/**
 * The only Flux API versions accepted, per API group: the current (GA)
 * ones. Older betas (`v1beta2`, `v2beta1`, `v2beta2`) are deprecated and
 * removed in Flux 2.7+. https://fluxcd.io/flux/releases/
 * @public
 */
export const FLUX_API_VERSIONS: Record<string, string> = {
  'source.toolkit.fluxcd.io': 'v1',
  'kustomize.toolkit.fluxcd.io': 'v1',
  'helm.toolkit.fluxcd.io': 'v2',
};

// Kinds without a namespace (the ones this kind of repository holds).
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'StorageClass',
  'PriorityClass',
  'PersistentVolume',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ClusterIssuer',
]);

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const FLUX_SOURCE_KINDS = ['GitRepository', 'OCIRepository', 'Bucket'];

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: any;
  data?: Record<string, unknown>;
}

interface Located {
  doc: ManifestDocument;
  obj: K8sObject;
  group: string;
  version: string;
  ref: string;
}

function isRecord(v: unknown): v is Record<string, any> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function isKustomizeConfig(file: string): boolean {
  return KUSTOMIZATION_FILE_NAMES.includes(path.posix.basename(file));
}

function describe(obj: K8sObject): string {
  const ns = obj.metadata.namespace ? `${obj.metadata.namespace}/` : '';
  return `${obj.kind} ${ns}${obj.metadata.name}`;
}

/**
 * Where a Flux `spec.path` points, relative to `root` (posix, `.` for root
 * itself), or undefined when it is outside `root`. Flux resolves the path
 * from the root of the source, `sourceRoot`, which is `root` or a parent
 * of it (when the checked folder is e.g. `gitops/` of a larger repository).
 * https://fluxcd.io/flux/components/kustomize/kustomizations/#path
 */
function resolveFluxPath(
  root: string,
  sourceRoot: string,
  p: string,
): string | undefined {
  const abs = path.resolve(sourceRoot, p.replace(/^\//, ''));
  const rel = path.relative(root, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel === '' ? '.' : rel.split(path.sep).join('/');
}

/**
 * Checks a Flux GitOps repository rooted at `root` (Flux paths are relative
 * to it) and returns every problem found; an empty list means it passed.
 * It checks: YAML syntax; apiVersion/kind/metadata.name; explicit namespaces;
 * duplicates; current Flux APIs; Kustomization paths, sources and
 * dependsOn; HelmRelease sources, pinned versions and dependsOn;
 * ownership/layer labels; kustomization.yaml resources (exist, sorted,
 * every manifest listed somewhere); the settings ConfigMap and every
 * `${VAR:=default}` that uses it. Rendering is checked separately with
 * `kustomizeBuild`.
 * @public
 */
export function checkGitops(
  root: string,
  options: CheckGitopsOptions = {},
): GitopsProblem[] {
  const layers = options.layers ?? DEFAULT_LAYERS;
  const sourceRoot = path.resolve(options.sourceRoot ?? root);
  const settingsRef = options.settings ?? {
    namespace: 'flux-system',
    name: 'platform-settings',
  };
  const layerIds = new Set(layers.map(l => l.id));
  const layerOfNamespace = new Map(layers.map(l => [l.namespace, l.id]));
  const problems: GitopsProblem[] = [];
  const add = (
    rule: GitopsRule,
    file: string,
    message: string,
    obj?: K8sObject,
  ) => problems.push({ rule, file, message, object: obj && describe(obj) });

  const docs = loadManifests(root);
  const objects: Located[] = [];
  const kustomizeConfigs: Array<{
    doc: ManifestDocument;
    cfg: Record<string, any>;
  }> = [];

  // 1. Syntax and required fields.
  for (const doc of docs) {
    for (const e of doc.errors)
      add('yaml', doc.file, `document ${doc.index}: ${e}`);
    if (doc.errors.length || doc.object === undefined) continue;
    if (!isRecord(doc.object)) {
      add(
        'required-fields',
        doc.file,
        `document ${doc.index} is not a mapping`,
      );
      continue;
    }
    if (isKustomizeConfig(doc.file)) {
      kustomizeConfigs.push({ doc, cfg: doc.object });
      continue;
    }
    const o = doc.object;
    const missing = [
      typeof o.apiVersion === 'string' && o.apiVersion
        ? undefined
        : 'apiVersion',
      typeof o.kind === 'string' && o.kind ? undefined : 'kind',
      isRecord(o.metadata) &&
      typeof o.metadata.name === 'string' &&
      o.metadata.name
        ? undefined
        : 'metadata.name',
    ].filter(Boolean);
    if (missing.length) {
      add(
        'required-fields',
        doc.file,
        `document ${doc.index} has no ${missing.join(', ')}`,
      );
      continue;
    }
    const obj = o as K8sObject;
    const [group, version] = obj.apiVersion.includes('/')
      ? obj.apiVersion.split('/', 2)
      : ['', obj.apiVersion];
    const ns = CLUSTER_SCOPED.has(obj.kind) ? '' : obj.metadata.namespace ?? '';
    objects.push({
      doc,
      obj,
      group,
      version,
      ref: `${group}|${obj.kind}|${ns}|${obj.metadata.name}`,
    });
  }

  const find = (group: string, kind: string, namespace: string, name: string) =>
    objects.find(
      l =>
        l.group === group &&
        l.obj.kind === kind &&
        (l.obj.metadata.namespace ?? '') === namespace &&
        l.obj.metadata.name === name,
    );

  // 2. Per object rules.
  const seen = new Map<string, string>();
  for (const { doc, obj, group, version, ref } of objects) {
    const { file } = doc;
    const clusterScoped = CLUSTER_SCOPED.has(obj.kind);
    if (!clusterScoped && !obj.metadata.namespace) {
      // The catalog and the simulator read files without rendering them, so
      // the namespace must be in the object itself.
      add(
        'namespace',
        file,
        'namespaced object without metadata.namespace',
        obj,
      );
    }
    if (seen.has(ref)) {
      add('duplicate', file, `also defined in ${seen.get(ref)}`, obj);
    } else {
      seen.set(ref, file);
    }

    const expected = FLUX_API_VERSIONS[group];
    if (expected && version !== expected) {
      add(
        'flux-api',
        file,
        `uses ${obj.apiVersion}; the current API is ${group}/${expected}`,
        obj,
      );
    }

    // Labels the catalog reads.
    const labels = obj.metadata.labels ?? {};
    const owner = labels[LABEL_OWNER];
    if (!owner) {
      add('labels', file, `label ${LABEL_OWNER} is missing`, obj);
    } else if (
      !DNS_LABEL.test(owner) ||
      (options.owners && !options.owners.includes(owner))
    ) {
      add(
        'labels',
        file,
        `label ${LABEL_OWNER}='${owner}' is not a known group${
          options.owners ? ` (${options.owners.join(', ')})` : ''
        }`,
        obj,
      );
    }
    const layer = labels[LABEL_LAYER];
    if (!layer) {
      add('labels', file, `label ${LABEL_LAYER} is missing`, obj);
    } else if (!layerIds.has(layer)) {
      add(
        'labels',
        file,
        `label ${LABEL_LAYER}='${layer}' is not a layer id (${[
          ...layerIds,
        ].join(', ')})`,
        obj,
      );
    } else {
      // An object's layer is its namespace's layer. Flux Kustomizations in
      // flux-system are the exception: they carry the layer they deploy.
      const ns =
        obj.kind === 'Namespace' ? obj.metadata.name : obj.metadata.namespace;
      const nsLayer = ns ? layerOfNamespace.get(ns) : undefined;
      const isLayerKustomization =
        group === 'kustomize.toolkit.fluxcd.io' && obj.kind === 'Kustomization';
      if (nsLayer && nsLayer !== layer && !isLayerKustomization) {
        add(
          'layer-namespace',
          file,
          `label ${LABEL_LAYER}='${layer}' but namespace ${ns} belongs to layer '${nsLayer}'`,
          obj,
        );
      }
    }
    const component = labels[LABEL_COMPONENT];
    if (component !== undefined && !DNS_LABEL.test(component)) {
      add(
        'labels',
        file,
        `label ${LABEL_COMPONENT}='${component}' is not a valid name`,
        obj,
      );
    }

    const ownNs = obj.metadata.namespace ?? '';
    const spec = isRecord(obj.spec) ? obj.spec : {};

    // Flux Kustomization: path, source, dependsOn, substituteFrom.
    if (
      group === 'kustomize.toolkit.fluxcd.io' &&
      obj.kind === 'Kustomization'
    ) {
      const p = resolveFluxPath(
        root,
        sourceRoot,
        typeof spec.path === 'string' ? spec.path : '.',
      );
      if (p === undefined) {
        add(
          'kustomization-path',
          file,
          `spec.path '${spec.path}' is outside the checked folder`,
          obj,
        );
      } else if (
        !fs.existsSync(path.join(root, p)) ||
        !fs.statSync(path.join(root, p)).isDirectory()
      ) {
        add(
          'kustomization-path',
          file,
          `spec.path '${spec.path}' is not a folder of the repository`,
          obj,
        );
      }
      const src = isRecord(spec.sourceRef) ? spec.sourceRef : undefined;
      if (
        !src ||
        !FLUX_SOURCE_KINDS.includes(src.kind) ||
        typeof src.name !== 'string'
      ) {
        add(
          'source-ref',
          file,
          `spec.sourceRef must name a ${FLUX_SOURCE_KINDS.join('/')}`,
          obj,
        );
      } else if (
        !find(
          'source.toolkit.fluxcd.io',
          src.kind,
          src.namespace ?? ownNs,
          src.name,
        )
      ) {
        add(
          'source-ref',
          file,
          `spec.sourceRef ${src.kind} ${src.namespace ?? ownNs}/${
            src.name
          } is not defined in the repository`,
          obj,
        );
      }
      for (const dep of Array.isArray(spec.dependsOn) ? spec.dependsOn : []) {
        if (
          !find(
            'kustomize.toolkit.fluxcd.io',
            'Kustomization',
            dep?.namespace ?? ownNs,
            dep?.name,
          )
        ) {
          add(
            'depends-on',
            file,
            `spec.dependsOn ${dep?.namespace ?? ownNs}/${
              dep?.name
            } is not a Kustomization of the repository`,
            obj,
          );
        }
      }
      const from =
        isRecord(spec.postBuild) && Array.isArray(spec.postBuild.substituteFrom)
          ? spec.postBuild.substituteFrom
          : [];
      for (const s of from) {
        if (
          s?.kind === 'ConfigMap' &&
          !s.optional &&
          !find('', 'ConfigMap', ownNs, s.name)
        ) {
          add(
            'source-ref',
            file,
            `spec.postBuild.substituteFrom ConfigMap ${ownNs}/${s.name} is not defined in the repository`,
            obj,
          );
        }
      }
    }

    // HelmRelease: chart source, pinned version, dependsOn.
    if (group === 'helm.toolkit.fluxcd.io' && obj.kind === 'HelmRelease') {
      const chart =
        isRecord(spec.chart) && isRecord(spec.chart.spec)
          ? spec.chart.spec
          : undefined;
      const chartRef = isRecord(spec.chartRef) ? spec.chartRef : undefined;
      const src =
        chart && isRecord(chart.sourceRef) ? chart.sourceRef : chartRef;
      if (
        !src ||
        typeof src.kind !== 'string' ||
        typeof src.name !== 'string'
      ) {
        add(
          'source-ref',
          file,
          'needs spec.chart.spec.sourceRef or spec.chartRef',
          obj,
        );
      } else if (
        !find(
          'source.toolkit.fluxcd.io',
          src.kind,
          src.namespace ?? ownNs,
          src.name,
        )
      ) {
        add(
          'source-ref',
          file,
          `source ${src.kind} ${src.namespace ?? ownNs}/${
            src.name
          } is not defined in the repository`,
          obj,
        );
      }
      if (chart) {
        // A pinned version makes every upgrade a reviewed change in Git.
        if (
          typeof chart.version !== 'string' ||
          !/^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/.test(chart.version)
        ) {
          add(
            'chart-version',
            file,
            `spec.chart.spec.version must be an exact version (quoted), got ${JSON.stringify(
              chart.version,
            )}`,
            obj,
          );
        }
      }
      for (const dep of Array.isArray(spec.dependsOn) ? spec.dependsOn : []) {
        if (
          !find(
            'helm.toolkit.fluxcd.io',
            'HelmRelease',
            dep?.namespace ?? ownNs,
            dep?.name,
          )
        ) {
          add(
            'depends-on',
            file,
            `spec.dependsOn ${dep?.namespace ?? ownNs}/${
              dep?.name
            } is not a HelmRelease of the repository`,
            obj,
          );
        }
      }
    }
  }

  // 3. kustomization.yaml files: resources exist and are sorted; every
  //    manifest is reachable from some kustomization or Flux path.
  const allFiles = new Set(listYamlFiles(root));
  const reached = new Set<string>();
  for (const { doc, cfg } of kustomizeConfigs) {
    reached.add(doc.file);
    const dir = path.posix.dirname(doc.file);
    const resources: unknown[] = Array.isArray(cfg.resources)
      ? cfg.resources
      : [];
    const names = resources.filter((r): r is string => typeof r === 'string');
    const sorted = [...names].sort();
    if (names.join('\n') !== sorted.join('\n')) {
      add(
        'kustomize-resources',
        doc.file,
        `resources are not sorted; expected ${sorted.join(', ')}`,
      );
    }
    for (const r of names) {
      if (/^[a-z]+:\/\//.test(r)) continue; // remote bases are kustomize's to fetch
      const rel = path.posix.normalize(path.posix.join(dir, r));
      const full = path.join(root, rel);
      if (!fs.existsSync(full)) {
        add('kustomize-resources', doc.file, `resource '${r}' does not exist`);
      } else if (fs.statSync(full).isDirectory()) {
        if (
          !KUSTOMIZATION_FILE_NAMES.some(n => fs.existsSync(path.join(full, n)))
        ) {
          add(
            'kustomize-resources',
            doc.file,
            `resource folder '${r}' has no kustomization.yaml`,
          );
        }
      } else {
        reached.add(rel);
      }
    }
  }
  // Flux generates a kustomization for a path without one: all its manifests.
  for (const { obj } of objects) {
    if (obj.kind !== 'Kustomization' || typeof obj.spec?.path !== 'string')
      continue;
    const p = resolveFluxPath(root, sourceRoot, obj.spec.path);
    if (p === undefined) continue;
    const hasConfig = KUSTOMIZATION_FILE_NAMES.some(n =>
      fs.existsSync(path.join(root, p, n)),
    );
    if (!hasConfig) {
      for (const f of allFiles)
        if (p === '.' || f.startsWith(`${p}/`)) reached.add(f);
    }
  }
  for (const f of allFiles) {
    if (!reached.has(f)) {
      add(
        'orphan-file',
        f,
        'is not listed in any kustomization.yaml, so Flux never applies it',
      );
    }
  }

  // 4. Settings ConfigMap and substitutions.
  const settings = find(
    '',
    'ConfigMap',
    settingsRef.namespace,
    settingsRef.name,
  );
  const declared = new Map<string, string>();
  let schema: ReturnType<typeof parseSettingsSchema>['schema'] = {};
  if (settings) {
    const { file } = settings.doc;
    const parsed = parseSettingsSchema(
      settings.obj.metadata.annotations?.[SETTINGS_SCHEMA_ANNOTATION],
    );
    schema = parsed.schema;
    for (const e of parsed.errors) add('settings', file, e, settings.obj);
    const data = settings.obj.data ?? {};
    for (const [k, v] of Object.entries(data)) {
      if (typeof v !== 'string') {
        add(
          'settings',
          file,
          `setting ${k}: value must be a quoted string, got ${JSON.stringify(
            v,
          )}`,
          settings.obj,
        );
        continue;
      }
      declared.set(k, v);
      if (!parsed.errors.length && !schema[k]) {
        add(
          'settings',
          file,
          `setting ${k} has no entry in ${SETTINGS_SCHEMA_ANNOTATION}`,
          settings.obj,
        );
      } else if (schema[k]) {
        const why = validateSettingValue(schema[k], v);
        if (why)
          add('settings', file, `setting ${k}='${v}' ${why}`, settings.obj);
      }
    }
    for (const k of Object.keys(schema)) {
      if (!(k in data))
        add(
          'settings',
          file,
          `schema declares ${k} but data has no value for it`,
          settings.obj,
        );
    }
  }
  const substituted = new Set<string>();
  for (const { obj } of objects) {
    if (obj.kind !== 'Kustomization' || !obj.spec?.postBuild) continue;
    const p =
      typeof obj.spec.path === 'string'
        ? resolveFluxPath(root, sourceRoot, obj.spec.path)
        : undefined;
    if (p !== undefined) substituted.add(p);
  }
  // References written inside quotes, per file.
  const quotedCache = new Map<string, Set<string>>();
  const quotedIn = (file: string) => {
    let set = quotedCache.get(file);
    if (!set) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      set = new Set(
        [...text.matchAll(/["'](\$\{[^}]*\})["']/g)].map(m => m[1]),
      );
      quotedCache.set(file, set);
    }
    return set;
  };
  for (const { doc, obj } of objects) {
    if (obj === settings?.obj) continue;
    const uses = findSubstitutions(JSON.stringify(obj));
    if (!uses.length) continue;
    const underSubstitution = [...substituted].some(
      p => p === '.' || doc.file.startsWith(`${p}/`),
    );
    if (!underSubstitution) {
      add(
        'substitution',
        doc.file,
        `uses ${uses[0].raw} but no Flux Kustomization with postBuild applies this file`,
        obj,
      );
    }
    for (const u of uses) {
      const type = schema[u.name]?.type;
      if (
        (type === 'integer' || type === 'boolean') &&
        quotedIn(doc.file).has(u.raw)
      ) {
        // kustomize re-serialises the rendered YAML without these quotes
        // before Flux substitutes, so the quotes never make it a string.
        add(
          'substitution',
          doc.file,
          `"${u.raw}" is quoted, but kustomize drops the quotes: Flux will write a ${type}, not a string`,
          obj,
        );
      }
      if (u.defaultValue === undefined) {
        add(
          'substitution',
          doc.file,
          `${u.raw} needs a default: write \${${u.name}:=<default>}`,
          obj,
        );
      }
      if (settings && !declared.has(u.name)) {
        add(
          'substitution',
          doc.file,
          `${u.raw}: ${u.name} is not a key of ConfigMap ${settingsRef.namespace}/${settingsRef.name}`,
          obj,
        );
      } else if (u.defaultValue !== undefined && schema[u.name]) {
        const why = validateSettingValue(schema[u.name], u.defaultValue);
        if (why) add('substitution', doc.file, `${u.raw}: default ${why}`, obj);
      }
    }
  }
  return problems;
}
