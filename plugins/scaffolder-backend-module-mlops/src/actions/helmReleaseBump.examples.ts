import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `mlops:helmrelease:bump`; each also runs as a test. */
export const examples: TemplateExample[] = [
  {
    description: "The guide's \"update the Strimzi operator\" without sed",
    example: yaml.stringify({
      steps: [
        {
          id: 'bump',
          action: 'mlops:helmrelease:bump',
          name: 'Bump Strimzi',
          input: { repoPath: 'gitops', name: 'strimzi-operator', namespace: 'platform-operators', version: '0.49.0' },
        },
      ],
    }),
  },
  {
    description: 'Move a release to a semver range (Flux picks the newest match)',
    example: yaml.stringify({
      steps: [
        {
          id: 'bump',
          action: 'mlops:helmrelease:bump',
          name: 'Follow MinIO operator 7.x',
          input: { repoPath: 'gitops', name: 'minio-operator', version: '>=7.1.0 <8.0.0' },
        },
      ],
    }),
  },
];
