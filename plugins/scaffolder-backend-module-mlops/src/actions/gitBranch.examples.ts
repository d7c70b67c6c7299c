import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `mlops:git:branch`; each also runs as a test. */
export const examples: TemplateExample[] = [
  {
    description: 'Commit the edited clone on a deterministic branch in the local GitOps repository',
    example: yaml.stringify({
      steps: [
        {
          id: 'branch',
          action: 'mlops:git:branch',
          name: 'Open the change as a branch',
          input: {
            gitRoot: 'gitops',
            branchName: 'mlops/helmrelease-add/redis-operator',
            commitMessage: 'Add redis-operator to platform-operators\n\nRequested through the MLOps Portal.',
          },
        },
      ],
    }),
  },
];
