import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `mlops:helmrelease:add`; each also runs as a test. */
export const examples: TemplateExample[] = [
  {
    description:
      "The guide's \"add a Redis operator\": a HelmRelease in the platform-operators layer from a new HTTP chart repository",
    example: yaml.stringify({
      steps: [
        {
          id: 'add-release',
          action: 'mlops:helmrelease:add',
          name: 'Add the Redis operator',
          input: {
            repoPath: 'gitops',
            name: 'redis-operator',
            layer: 'platform-operators',
            chart: 'redis-operator',
            version: '0.18.0',
            helmRepoUrl: 'https://ot-container-kit.github.io/helm-charts/',
            owner: 'group:default/platform-team',
            description: 'Redis operator for caching: "fast" # not a comment',
            values: 'replicas: 1 # one is enough for the demo\n',
          },
        },
      ],
    }),
  },
  {
    description:
      'A chart from an OCI registry (a HelmRepository with spec.type oci), with values checked against the chart schema',
    example: yaml.stringify({
      steps: [
        {
          id: 'add-release',
          action: 'mlops:helmrelease:add',
          name: 'Add Grafana Loki',
          input: {
            repoPath: 'gitops',
            name: 'loki',
            namespace: 'observability',
            chart: 'loki',
            version: '>=6.0.0 <7.0.0',
            helmRepoUrl: 'oci://ghcr.io/grafana/helm-charts',
            values: 'deploymentMode: SingleBinary\nsingleBinary:\n  replicas: 1\n',
            valuesSchema: JSON.stringify({
              type: 'object',
              properties: {
                deploymentMode: { enum: ['SingleBinary', 'SimpleScalable', 'Distributed'] },
              },
            }),
          },
        },
      ],
    }),
  },
  {
    description: 'Add a release next to one whose chart repository already exists (reused, not duplicated)',
    example: yaml.stringify({
      steps: [
        {
          id: 'add-release',
          action: 'mlops:helmrelease:add',
          name: 'Add a second Strimzi-hosted chart',
          input: {
            repoPath: 'gitops',
            name: 'strimzi-drain-cleaner',
            layer: 'platform-operators',
            chart: 'strimzi-drain-cleaner',
            version: '1.2.0',
            helmRepoUrl: 'https://strimzi.io/charts/',
            dependsOn: ['platform-operators/strimzi-operator'],
          },
        },
      ],
    }),
  },
];
