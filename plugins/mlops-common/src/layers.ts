/** A platform layer: one namespace, shown as one System. @public */
export interface LayerDefinition {
  /** Stable id, also the System entity's name. */
  id: string;
  title: string;
  namespace: string;
  description: string;
  /** Ids of the layers this one is deployed after (Flux `dependsOn`). */
  dependsOn: string[];
}

/**
 * The platform's layers in dependency order (see the platform guide). The
 * catalog module can be configured with a different namespace → layer map;
 * this is the default.
 * @public
 */
export const DEFAULT_LAYERS: LayerDefinition[] = [
  {
    id: 'gitops-control-plane',
    title: 'GitOps control plane',
    namespace: 'flux-system',
    description:
      'Flux controllers, the GitRepository of the platform repo and one Kustomization per layer.',
    dependsOn: [],
  },
  {
    id: 'platform-operators',
    title: 'Platform operators',
    namespace: 'platform-operators',
    description: 'Strimzi Kafka, MinIO, Spark and Flink Kubernetes operators.',
    dependsOn: ['gitops-control-plane'],
  },
  {
    id: 'data-storage',
    title: 'Data & storage',
    namespace: 'data-plane',
    description: 'Kafka cluster, node pools and topics; MinIO object storage.',
    dependsOn: ['platform-operators'],
  },
  {
    id: 'orchestration',
    title: 'Orchestration',
    namespace: 'orchestration',
    description: 'Apache Airflow with its PostgreSQL and Redis.',
    dependsOn: ['data-storage'],
  },
  {
    id: 'ml-lifecycle',
    title: 'ML lifecycle',
    namespace: 'ml-lifecycle',
    description: 'MLflow tracking server and model registry, its database.',
    dependsOn: ['data-storage'],
  },
  {
    id: 'processing',
    title: 'Processing',
    namespace: 'processing-jobs',
    description: 'Spark and Flink applications, training and feature jobs.',
    dependsOn: ['orchestration', 'ml-lifecycle'],
  },
  {
    id: 'observability',
    title: 'Observability',
    namespace: 'observability',
    description: 'Prometheus, Alertmanager and Grafana (kube-prometheus-stack).',
    dependsOn: ['gitops-control-plane'],
  },
];

/** The domain every layer System belongs to. @public */
export const PLATFORM_DOMAIN = 'mlops-platform';
