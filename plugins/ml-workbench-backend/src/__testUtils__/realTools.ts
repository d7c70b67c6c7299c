/**
 * Where the real MLflow, Airflow and Kafka of `scripts/ml-tools` answer, from
 * the environment that `scripts/ml-tools/test-ml.mjs` (the CI step) sets after
 * starting them. Without it the real-tools tests are skipped, and say so.
 */
export interface RealTools {
  mlflowUrl: string;
  airflowUrl: string;
  airflowUsername: string;
  airflowPassword: string;
  kafkaBrokers: string[];
}

export function realTools(): RealTools | undefined {
  const e = process.env;
  if (!e.ML_MLFLOW_URL || !e.ML_AIRFLOW_URL || !e.ML_AIRFLOW_PASSWORD || !e.ML_KAFKA_BROKERS) return undefined;
  return {
    mlflowUrl: e.ML_MLFLOW_URL,
    airflowUrl: e.ML_AIRFLOW_URL,
    airflowUsername: e.ML_AIRFLOW_USERNAME ?? 'portal',
    airflowPassword: e.ML_AIRFLOW_PASSWORD,
    kafkaBrokers: e.ML_KAFKA_BROKERS.split(','),
  };
}

/** `describe`, or a loud skip naming what is missing and how to run it. */
export function describeWithRealTools(name: string, fn: (tools: RealTools) => void): void {
  const tools = realTools();
  if (tools) {
    // A wrapper: the title is the caller's string, the callback registers tests.
    // eslint-disable-next-line jest/valid-title, jest/valid-describe-callback
    describe(name, () => fn(tools));
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(
    `SKIPPED "${name}": the real MLflow, Airflow and Kafka are not running here (ML_MLFLOW_URL, ML_AIRFLOW_URL, ` +
      'ML_AIRFLOW_PASSWORD, ML_KAFKA_BROKERS unset). Run them with `node scripts/ml-tools/test-ml.mjs` (CI step ml-workbench).',
  );
  // Skipped on purpose and loudly (warning above); scripts/ml-tools/test-ml.mjs fails when they skip there.
  // eslint-disable-next-line jest/no-disabled-tests, jest/valid-describe-callback
  describe.skip(`${name} (SKIPPED: real ML tools not running; see scripts/ml-tools/test-ml.mjs)`, () => fn(undefined as any));
}
