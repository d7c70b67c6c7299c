import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `mlops:revert`; each also runs as a test. */
export const examples: TemplateExample[] = [
  {
    description: "Roll back the Strimzi operator's last change (the guide's git revert, scoped to one component)",
    example: yaml.stringify({
      steps: [
        { id: 'revert', action: 'mlops:revert', name: 'Revert strimzi-operator', input: { repoPath: 'gitops', name: 'strimzi-operator', namespace: 'platform-operators' } },
      ],
    }),
  },
];
