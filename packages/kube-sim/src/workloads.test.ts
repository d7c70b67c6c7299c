import { helmReleaseName, workloadsForChart } from './workloads';

describe('workloadsForChart', () => {
  it('gives the Strimzi operator pod template only the labels the chart sets', () => {
    const [op] = workloadsForChart('strimzi-kafka-operator', 'strimzi-operator', {});
    expect(op.name).toBe('strimzi-cluster-operator');
    expect(op.podLabels).toEqual({ name: 'strimzi-cluster-operator', 'strimzi.io/kind': 'cluster-operator' });
    expect(op.labels).toMatchObject({ app: 'strimzi', release: 'strimzi-operator' });
    expect(op.labels.name).toBeUndefined();
  });

  it('adds the Strimzi chart values deploymentLabels to the Deployment and labels to the pods', () => {
    const [op] = workloadsForChart('strimzi-kafka-operator', 's', { deploymentLabels: { name: 'strimzi-cluster-operator' }, labels: { team: 'data' } });
    expect(op.labels).toMatchObject({ name: 'strimzi-cluster-operator', release: 's' });
    expect(op.podLabels).toEqual({ name: 'strimzi-cluster-operator', 'strimzi.io/kind': 'cluster-operator', team: 'data' });
    expect(op.selector).toEqual({ name: 'strimzi-cluster-operator', 'strimzi.io/kind': 'cluster-operator' });
  });

  it('labels charts following Helm conventions with app.kubernetes.io/instance = release', () => {
    for (const [chart, release] of [['mlflow', 'mlflow'], ['operator', 'minio-operator'], ['spark-operator', 'spark-operator'], ['flink-kubernetes-operator', 'flink-operator'], ['postgresql', 'mlflow-postgresql']]) {
      for (const w of workloadsForChart(chart, release, {})) {
        expect((w.podLabels ?? w.labels)['app.kubernetes.io/instance']).toBe(release);
      }
    }
  });

  it('never puts helm-controller or Backstage labels into chart labels', () => {
    for (const chart of ['strimzi-kafka-operator', 'operator', 'spark-operator', 'flink-kubernetes-operator', 'airflow', 'postgresql', 'redis', 'mlflow', 'kube-prometheus-stack', 'other']) {
      for (const w of workloadsForChart(chart, 'rel', {})) {
        const keys = [...Object.keys(w.labels), ...Object.keys(w.podLabels ?? {})];
        expect(keys.filter(k => k.startsWith('helm.toolkit.fluxcd.io/') || k.startsWith('backstage.io/'))).toEqual([]);
      }
    }
  });
});

describe('helmReleaseName', () => {
  it('follows helm-controller: releaseName, else targetNamespace-name, else name', () => {
    expect(helmReleaseName({ metadata: { name: 'a' }, spec: { releaseName: 'r', targetNamespace: 't' } })).toBe('r');
    expect(helmReleaseName({ metadata: { name: 'a' }, spec: { targetNamespace: 't' } })).toBe('t-a');
    expect(helmReleaseName({ metadata: { name: 'a' }, spec: {} })).toBe('a');
  });
});
