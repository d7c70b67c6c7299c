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
  {
    description:
      'Parameters only the GitHub mode uses (a new source repository): optional in the form, required here in GitHub mode',
    example: yaml.stringify({
      steps: [
        {
          id: 'target',
          action: 'mlops:gitops:target',
          name: 'Where do changes go?',
          input: {
            githubModeRequires: [
              { parameter: 'sourceOwner', value: '${{ parameters.sourceOwner }}' },
              { parameter: 'sourceRepo', value: '${{ parameters.sourceRepo }}' },
            ],
          },
        },
        {
          id: 'publish-source',
          if: "${{ steps.target.output.mode === 'github' }}",
          action: 'publish:github',
          input: {
            repoUrl: 'github.com?owner=${{ parameters.sourceOwner }}&repo=${{ parameters.sourceRepo }}',
            sourcePath: 'project',
          },
        },
      ],
    }),
  },
];
