import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `mlops:ml-project:create`; each also runs as a test. */
export const examples: TemplateExample[] = [
  {
    description: 'A churn model: project source in ./project, platform resources in the GitOps checkout',
    example: yaml.stringify({
      steps: [
        {
          id: 'project',
          action: 'mlops:ml-project:create',
          name: 'Render the ML project',
          input: {
            name: 'churn-model',
            description: 'Predicts churn: "weekly" # retrained nightly',
            owner: 'group:default/ml-team',
            targetPath: 'project',
            gitopsRepoPath: 'gitops',
          },
        },
      ],
    }),
  },
  {
    description: 'Only the project source (no GitOps change), trained hourly',
    example: yaml.stringify({
      steps: [
        {
          id: 'project',
          action: 'mlops:ml-project:create',
          name: 'Render the ML project',
          input: { name: 'fraud-scoring', description: 'Scores card payments', owner: 'group:default/ml-team', schedule: '0 * * * *' },
        },
      ],
    }),
  },
];
