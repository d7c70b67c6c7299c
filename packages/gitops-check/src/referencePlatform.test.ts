/**
 * The reference platform in gitops/ (the repository the portal manages by
 * default): every rule of checkGitops, every kustomization renders, and the
 * platform's shape matches the layers in mlops-common and the platform guide.
 */
import path from 'node:path';
import { DEFAULT_LAYERS } from '@mlops-portal/plugin-mlops-common';
import { checkGitops } from './checkGitops';
import {
  findKustomizationDirs,
  hasKubectl,
  kustomizeBuild,
  DEFAULT_KUBECTL,
} from './kustomize';
import { loadManifests } from './loadManifests';
import { parseAllDocuments } from 'yaml';
import {
  parseSettingsSchema,
  SETTINGS_SCHEMA_ANNOTATION,
  substituteVariables,
} from './settings';

const GITOPS = path.resolve(__dirname, '../../../gitops');
// gitops/ is a folder of the platform repository; Flux paths start at its parent.
const SOURCE_ROOT = path.dirname(GITOPS);
const OWNERS = ['platform-team', 'data-team', 'ml-team'];
const LAYER_FOLDERS: Record<string, string> = {
  'gitops-control-plane': 'base',
  'platform-operators': 'components/platform-operators',
  'data-storage': 'infrastructure/data-storage',
  orchestration: 'components/orchestration',
  'ml-lifecycle': 'components/ml-lifecycle',
  processing: 'infrastructure/processing',
  observability: 'components/observability',
};

const objects = loadManifests(GITOPS)
  .filter(d => !d.file.endsWith('kustomization.yaml'))
  .map(d => d.object as any)
  .filter(Boolean);
const get = (kind: string, namespace: string | undefined, name: string) =>
  objects.find(
    o =>
      o.kind === kind &&
      o.metadata.namespace === namespace &&
      o.metadata.name === name,
  );

describe('gitops/ reference platform', () => {
  it('breaks none of the repository rules', () => {
    // toEqual([]) prints every problem with its file and object on failure.
    expect(
      checkGitops(GITOPS, { owners: OWNERS, sourceRoot: SOURCE_ROOT }),
    ).toEqual([]);
  });

  it('has a namespace per layer, owned', () => {
    for (const layer of DEFAULT_LAYERS) {
      const ns = get('Namespace', undefined, layer.namespace);
      expect({ layer: layer.id, found: !!ns }).toEqual({
        layer: layer.id,
        found: true,
      });
      expect(OWNERS).toContain(ns.metadata.labels['mlops-portal.io/owner']);
    }
  });

  it('has one Flux Kustomization per layer, ordered with dependsOn as in layers.ts', () => {
    // The control-plane layer's own Kustomization is `base` (namespaces, RBAC).
    const ksName = (layerId: string) =>
      layerId === 'gitops-control-plane' ? 'base' : layerId;
    for (const layer of DEFAULT_LAYERS) {
      const ks = get('Kustomization', 'flux-system', ksName(layer.id));
      expect(ks?.apiVersion).toBe('kustomize.toolkit.fluxcd.io/v1');
      expect(ks.metadata.labels['mlops-portal.io/layer']).toBe(layer.id);
      expect((ks.spec.dependsOn ?? []).map((d: any) => d.name).sort()).toEqual(
        layer.dependsOn.map(ksName).sort(),
      );
      // The folder the README tells the scaffolder to add this layer's
      // HelmReleases to.
      expect(ks.spec.path).toBe(`./gitops/${LAYER_FOLDERS[layer.id]}`);
      expect(ks.spec.sourceRef).toEqual({
        kind: 'GitRepository',
        name: 'mlops-infrastructure',
      });
      expect(ks.spec.postBuild.substituteFrom).toEqual([
        { kind: 'ConfigMap', name: 'platform-settings' },
      ]);
    }
  });

  it('tracks the platform repository', () => {
    const repo = get('GitRepository', 'flux-system', 'mlops-infrastructure');
    expect(repo.spec.url).toBe(
      'https://github.com/mlops-portal/mlops-platform',
    );
    expect(repo.spec.ref).toEqual({ branch: 'main' });
  });

  it.each([
    [
      'platform-operators',
      'strimzi-operator',
      'strimzi-kafka-operator',
      'https://strimzi.io/charts/',
    ],
    [
      'platform-operators',
      'minio-operator',
      'operator',
      'https://operator.min.io',
    ],
    [
      'platform-operators',
      'spark-operator',
      'spark-operator',
      'https://kubeflow.github.io/spark-operator',
    ],
    [
      'platform-operators',
      'flink-operator',
      'flink-kubernetes-operator',
      'https://archive.apache.org/dist/flink/flink-kubernetes-operator-1.12.1/',
    ],
    ['orchestration', 'airflow', 'airflow', 'https://airflow.apache.org'],
    [
      'orchestration',
      'airflow-postgresql',
      'postgresql',
      'oci://registry-1.docker.io/bitnamicharts',
    ],
    [
      'ml-lifecycle',
      'mlflow',
      'mlflow',
      'https://community-charts.github.io/helm-charts',
    ],
    [
      'ml-lifecycle',
      'mlflow-postgresql',
      'postgresql',
      'oci://registry-1.docker.io/bitnamicharts',
    ],
    [
      'observability',
      'kube-prometheus-stack',
      'kube-prometheus-stack',
      'https://prometheus-community.github.io/helm-charts',
    ],
  ])(
    'deploys HelmRelease %s/%s from chart %s of %s',
    (ns, name, chart, url) => {
      const hr = get('HelmRelease', ns, name);
      expect(hr.spec.chart.spec.chart).toBe(chart);
      const src = hr.spec.chart.spec.sourceRef;
      expect(get(src.kind, src.namespace ?? ns, src.name).spec.url).toBe(url);
    },
  );

  it('runs a KRaft Kafka cluster with controller and broker pools, and topics', () => {
    const kafka = get('Kafka', 'data-plane', 'mlops-kafka');
    expect(kafka.metadata.annotations).toMatchObject({
      'strimzi.io/kraft': 'enabled',
      'strimzi.io/node-pools': 'enabled',
    });
    expect(kafka.spec.zookeeper).toBeUndefined();
    const pools = objects.filter(o => o.kind === 'KafkaNodePool');
    expect(pools.map(p => p.spec.roles).sort()).toEqual([
      ['broker'],
      ['controller'],
    ]);
    for (const p of pools)
      expect(p.metadata.labels['strimzi.io/cluster']).toBe('mlops-kafka');
    const topics = objects.filter(o => o.kind === 'KafkaTopic');
    expect(topics.length).toBeGreaterThanOrEqual(2);
    for (const t of topics)
      expect(t.metadata.labels['strimzi.io/cluster']).toBe('mlops-kafka');
  });

  it('has the MinIO tenant and example Spark and Flink jobs', () => {
    expect(get('Tenant', 'data-plane', 'mlops-minio')?.apiVersion).toBe(
      'minio.min.io/v2',
    );
    const kinds = objects
      .filter(o => o.metadata.namespace === 'processing-jobs')
      .map(o => o.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'SparkApplication',
        'ScheduledSparkApplication',
        'FlinkDeployment',
      ]),
    );
  });

  it("declares the guide's platform settings with types", () => {
    const cm = get('ConfigMap', 'flux-system', 'platform-settings');
    const { schema, errors } = parseSettingsSchema(
      cm.metadata.annotations[SETTINGS_SCHEMA_ANNOTATION],
    );
    expect(errors).toEqual([]);
    for (const key of [
      'ENVIRONMENT',
      'PLATFORM_DOMAIN',
      'STORAGE_CLASS',
      'KAFKA_REPLICAS',
      'MINIO_SERVERS',
      'SPARK_EXECUTOR_INSTANCES',
      'PROMETHEUS_RETENTION',
      'BACKUP_ENABLED',
      'BACKUP_SCHEDULE',
      'ENABLE_MONITORING',
      'ENABLE_AUTOSCALING',
    ]) {
      expect({ key, declared: key in schema && key in cm.data }).toEqual({
        key,
        declared: true,
      });
    }
  });

  it('keeps secrets out of the settings', () => {
    const cm = get('ConfigMap', 'flux-system', 'platform-settings');
    expect(
      Object.keys(cm.data).filter(k => /PASSWORD|SECRET|TOKEN|KEY$/.test(k)),
    ).toEqual([]);
    expect(objects.filter(o => o.kind === 'Secret')).toEqual([]);
  });
});

const kubectlPresent = hasKubectl();
if (!kubectlPresent) {
  // eslint-disable-next-line no-console
  console.warn(
    `\n!!!!!!!! SKIPPING: ${DEFAULT_KUBECTL} is not installed, so gitops/ is NOT checked to render ` +
      'with kustomize. Install kubectl (Debian: kubernetes-client). !!!!!!!!\n',
  );
}

(kubectlPresent || process.env.CI ? describe : describe.skip)(
  'gitops/ renders with kubectl kustomize',
  () => {
    const dirs = findKustomizationDirs(GITOPS);

    it('has kustomizations to build', () => {
      expect(dirs.length).toBeGreaterThan(10);
    });

    it.each(dirs)(
      '%s builds, and every rendered object has apiVersion, kind and metadata.name',
      async dir => {
        const result = await kustomizeBuild(path.join(GITOPS, dir));
        expect(result.error).toBeUndefined();
        expect(result.objects.length).toBeGreaterThan(0);
        for (const o of result.objects as any[]) {
          expect([
            typeof o.apiVersion,
            typeof o.kind,
            typeof o.metadata?.name,
          ]).toEqual(['string', 'string', 'string']);
        }
      },
    );
  },
);

(kubectlPresent || process.env.CI ? describe : describe.skip)(
  'gitops/ as Flux applies it: rendered, then the platform settings substituted',
  () => {
    const settings = get('ConfigMap', 'flux-system', 'platform-settings');
    const layerKs = objects.filter(
      o => o.kind === 'Kustomization' && o.spec?.postBuild,
    );
    const applied: any[] = [];
    beforeAll(async () => {
      for (const ks of layerKs) {
        const dir = path.join(SOURCE_ROOT, ks.spec.path);
        const built = await kustomizeBuild(dir);
        if (!built.ok) throw new Error(`${ks.metadata.name}: ${built.error}`);
        const text = substituteVariables(built.text, settings.data);
        for (const d of parseAllDocuments(text)) {
          if (d.errors.length) {
            throw new Error(`${ks.metadata.name}: ${d.errors[0].message}`);
          }
          applied.push({ ks: ks.metadata.name, text, obj: d.toJS() });
        }
      }
    });
    const find = (kind: string, name: string) =>
      applied.find(a => a.obj?.kind === kind && a.obj.metadata.name === name)
        ?.obj;

    it('leaves no ${...} behind', () => {
      const left = applied.filter(a => JSON.stringify(a.obj).includes('${'));
      expect(left.map(a => `${a.obj.kind}/${a.obj.metadata.name}`)).toEqual([]);
    });

    // Numbers and booleans must stay unquoted around ${...} in the
    // manifests, or the CRD/chart would receive strings.
    it.each([
      ['KafkaNodePool', 'broker', (o: any) => o.spec.replicas, 3],
      [
        'Kafka',
        'mlops-kafka',
        (o: any) => o.spec.kafka.config['min.insync.replicas'],
        2,
      ],
      ['KafkaTopic', 'raw-events', (o: any) => o.spec.replicas, 3],
      ['Tenant', 'mlops-minio', (o: any) => o.spec.pools[0].servers, 4],
      [
        'SparkApplication',
        'feature-engineering',
        (o: any) => o.spec.executor.instances,
        3,
      ],
      [
        'SparkApplication',
        'feature-engineering',
        (o: any) => o.spec.dynamicAllocation.enabled,
        true,
      ],
      [
        'ScheduledSparkApplication',
        'nightly-training-data',
        (o: any) => o.spec.template.executor.instances,
        3,
      ],
      [
        'HelmRelease',
        'kube-prometheus-stack',
        (o: any) => o.spec.values.prometheus.enabled,
        true,
      ],
      [
        'HelmRelease',
        'kube-prometheus-stack',
        (o: any) => o.spec.values.prometheus.prometheusSpec.retention,
        '30d',
      ],
      [
        'HelmRelease',
        'spark-operator',
        (o: any) => o.spec.values.prometheus.metrics.enable,
        true,
      ],
      [
        'HelmRelease',
        'airflow-postgresql',
        (o: any) => o.spec.values.backup.enabled,
        true,
      ],
      [
        'HelmRelease',
        'airflow-postgresql',
        (o: any) => o.spec.values.backup.cronjob.schedule,
        '0 2 * * *',
      ],
      [
        'HelmRelease',
        'mlflow',
        (o: any) => o.spec.values.ingress.hosts[0].host,
        'mlflow.mlops.example.com',
      ],
      // flinkConfiguration values are strings by the CRD's schema.
      [
        'FlinkDeployment',
        'event-enrichment',
        (o: any) => o.spec.flinkConfiguration['job.autoscaler.enabled'],
        'true',
      ],
    ])('%s %s gets %#: %p', (kind, name, field, expected) => {
      const obj = find(kind, name);
      expect(obj).toBeDefined();
      expect(field(obj)).toStrictEqual(expected);
    });
  },
);
