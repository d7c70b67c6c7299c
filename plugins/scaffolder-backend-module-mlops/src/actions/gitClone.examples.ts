import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `mlops:git:clone`; each also runs as a test. */
export const examples: TemplateExample[] = [
  {
    description: 'Clone the local GitOps repository into ./gitops',
    example: yaml.stringify({
      steps: [{ id: 'fetch-local', action: 'mlops:git:clone', name: 'Fetch the GitOps repo', input: { targetPath: 'gitops' } }],
    }),
  },
];
