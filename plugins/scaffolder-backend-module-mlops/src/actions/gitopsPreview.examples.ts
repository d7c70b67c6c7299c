import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `mlops:gitops:preview`; each also runs as a test (after a snapshot and a change). */
export const examples: TemplateExample[] = [
  {
    description: 'Preview what the edited GitOps checkout does to the platform, before it is committed or published',
    example: yaml.stringify({
      steps: [
        {
          id: 'preview',
          action: 'mlops:gitops:preview',
          name: 'Preview the change',
          input: { repoPath: 'gitops', pathInRepo: '' },
        },
      ],
    }),
  },
];
