import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `mlops:model:promote`; each also runs as a test. */
export const examples: TemplateExample[] = [
  {
    description: 'Serve version 3 of churn-prediction in production (a pull request on the GitOps repo follows)',
    example: yaml.stringify({
      steps: [
        {
          id: 'promote',
          action: 'mlops:model:promote',
          name: 'Promote the model',
          input: {
            repoPath: 'gitops',
            entityRef: 'component:default/churn-prediction',
            model: 'churn-prediction',
            version: '3',
            environment: 'production',
          },
        },
      ],
    }),
  },
];
