import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `mlops:ml-project:publish-local`; each also runs as a test. */
export const examples: TemplateExample[] = [
  {
    description: 'Make the rendered project churn-model a Git repository of its own (local mode)',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish-local',
          action: 'mlops:ml-project:publish-local',
          name: 'Publish the project source locally',
          input: { name: 'churn-model', sourcePath: 'project', commitMessage: 'New ML project churn-model' },
        },
      ],
    }),
  },
];
