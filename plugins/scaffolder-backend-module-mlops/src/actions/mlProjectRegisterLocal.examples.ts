import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `mlops:ml-project:register-local`; each also runs as a test. */
export const examples: TemplateExample[] = [
  {
    description: 'Register the local repository of churn-model in the catalog (local mode)',
    example: yaml.stringify({
      steps: [
        {
          id: 'register-local',
          action: 'mlops:ml-project:register-local',
          name: 'Register the project in the catalog',
          input: { name: 'churn-model', sourcePath: 'project' },
        },
      ],
    }),
  },
];
