import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `mlops:gitops:target`; each also runs as a test. */
export const examples: TemplateExample[] = [
  {
    description: 'Ask where changes go, then fetch with the matching step',
    example: yaml.stringify({
      steps: [
        { id: 'target', action: 'mlops:gitops:target', name: 'Where do changes go?', input: { checkoutPath: 'gitops' } },
        {
          id: 'fetch-github',
          if: "${{ steps.target.output.mode === 'github' }}",
          action: 'fetch:plain',
          input: { url: '${{ steps.target.output.fetchUrl }}', targetPath: 'gitops' },
        },
        {
          id: 'fetch-local',
          if: "${{ steps.target.output.mode === 'local' }}",
          action: 'mlops:git:clone',
          input: { targetPath: 'gitops' },
        },
      ],
    }),
  },
];
