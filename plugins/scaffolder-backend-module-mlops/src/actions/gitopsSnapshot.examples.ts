import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `mlops:gitops:snapshot`; each also runs as a test. */
export const examples: TemplateExample[] = [
  {
    description: 'Keep the fetched GitOps checkout as it is, before the change step edits it',
    example: yaml.stringify({
      steps: [
        {
          id: 'snapshot',
          action: 'mlops:gitops:snapshot',
          name: 'Keep the GitOps tree before the change',
          input: { repoPath: 'gitops', pathInRepo: '' },
        },
      ],
    }),
  },
];
