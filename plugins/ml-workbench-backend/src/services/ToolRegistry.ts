import type { MlInstanceConfig, MlWorkbenchConfig } from '../config/readMlWorkbenchConfig';
import { AirflowConnector } from '../connectors/AirflowConnector';
import { KafkaConnector } from '../connectors/KafkaConnector';
import { MlflowConnector } from '../connectors/MlflowConnector';

/** The connectors of one platform instance; a tool not configured is absent. */
export interface MlInstance {
  name: string;
  config: MlInstanceConfig;
  mlflow?: MlflowConnector;
  airflow?: AirflowConnector;
  kafka?: KafkaConnector;
  /** Set when the entity's instance is not configured: every view shows it, no tool is asked. */
  problem?: string;
}

/** Connectors per configured instance, built once from config. */
export class ToolRegistry {
  private readonly instances = new Map<string, MlInstance>();

  constructor(private readonly config: MlWorkbenchConfig) {
    for (const c of config.instances) {
      this.instances.set(c.name, {
        name: c.name,
        config: c,
        mlflow: c.mlflow && new MlflowConnector(c.mlflow, config.requestTimeoutMs),
        airflow: c.airflow && new AirflowConnector(c.airflow, config.requestTimeoutMs),
        kafka: c.kafka && new KafkaConnector(c.kafka, config.requestTimeoutMs),
      });
    }
  }

  /**
   * The instance an entity's annotation names, or the default one. An
   * instance that is not configured comes back without connectors and with a
   * problem, so the entity's views say so instead of failing.
   */
  resolve(name: string | undefined, entityRef: string): MlInstance {
    const wanted = name ?? this.config.defaultInstance;
    const instance = wanted ? this.instances.get(wanted) : undefined;
    if (instance) return instance;
    const problem = wanted
      ? `${entityRef} names the ML platform instance '${wanted}', which is not configured (mlWorkbench.instances: ${[...this.instances.keys()].join(', ') || 'none'})`
      : 'no ML platform instance is configured (mlWorkbench.instances)';
    return { name: wanted ?? 'none', config: { name: wanted ?? 'none' }, problem };
  }

  async close(): Promise<void> {
    await Promise.all([...this.instances.values()].map(i => i.kafka?.close()));
  }
}
