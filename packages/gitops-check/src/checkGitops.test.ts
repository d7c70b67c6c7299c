import path from 'node:path';
import { checkGitops, type GitopsProblem } from './checkGitops';

const fixture = (name: string) => path.join(__dirname, '__fixtures__', name);
const OWNERS = ['platform-team', 'data-team', 'ml-team'];

describe('checkGitops', () => {
  it('passes a minimal valid repository', () => {
    expect(checkGitops(fixture('valid'), { owners: OWNERS })).toEqual([]);
  });

  describe('on a repository with one fault per object', () => {
    let problems: GitopsProblem[];
    beforeAll(() => {
      problems = checkGitops(fixture('broken'), { owners: OWNERS });
    });
    const has = (rule: string, object: string | undefined, text: string) =>
      problems.some(
        p =>
          p.rule === rule &&
          (object === undefined || p.object === object) &&
          p.message.includes(text),
      );

    it.each([
      ['yaml', undefined, ''],
      ['required-fields', undefined, 'apiVersion'],
      ['namespace', 'ConfigMap no-namespace', 'metadata.namespace'],
      [
        'flux-api',
        'Kustomization flux-system/old-api',
        'kustomize.toolkit.fluxcd.io/v1',
      ],
      [
        'kustomization-path',
        'Kustomization flux-system/bad-refs',
        './no-such-folder',
      ],
      ['source-ref', 'Kustomization flux-system/bad-refs', 'elsewhere'],
      ['depends-on', 'Kustomization flux-system/bad-refs', 'ghost'],
      [
        'source-ref',
        'HelmRelease platform-operators/bad-release',
        'HelmRepository platform-operators/charts',
      ],
      [
        'chart-version',
        'HelmRelease platform-operators/bad-release',
        '>=1.0.0',
      ],
      [
        'depends-on',
        'HelmRelease platform-operators/bad-release',
        'ghost-release',
      ],
      [
        'labels',
        'HelmRelease platform-operators/unlabelled',
        'mlops-portal.io/owner is missing',
      ],
      [
        'labels',
        'HelmRelease platform-operators/unlabelled',
        'mlops-portal.io/layer is missing',
      ],
      [
        'labels',
        'HelmRelease platform-operators/bad-release',
        'not a known group',
      ],
      [
        'labels',
        'HelmRelease platform-operators/bad-release',
        "'kitchen' is not a layer id",
      ],
      [
        'layer-namespace',
        'ConfigMap platform-operators/misplaced',
        "belongs to layer 'platform-operators'",
      ],
      ['kustomize-resources', undefined, 'not sorted'],
      ['kustomize-resources', undefined, "'missing.yaml' does not exist"],
      ['orphan-file', undefined, 'not listed'],
      [
        'settings',
        'ConfigMap flux-system/platform-settings',
        "REPLICAS='two' must be an integer",
      ],
      [
        'settings',
        'ConfigMap flux-system/platform-settings',
        'UNDECLARED has no entry',
      ],
      [
        'settings',
        'ConfigMap flux-system/platform-settings',
        'SCHEDULE but data has no value',
      ],
      [
        'substitution',
        'HelmRelease platform-operators/bad-release',
        'needs a default',
      ],
      [
        'substitution',
        'HelmRelease platform-operators/bad-release',
        'NOT_A_SETTING is not a key',
      ],
      [
        'substitution',
        'HelmRelease platform-operators/bad-release',
        'kustomize drops the quotes',
      ],
    ])('reports %s on %s (%s)', (rule, object, text) => {
      expect(has(rule, object, text)).toBe(true);
    });

    it('names the file of each problem', () => {
      expect(problems.find(p => p.rule === 'orphan-file')?.file).toMatch(
        /^stray\//,
      );
      expect(problems.find(p => p.rule === 'yaml')?.file).toBe(
        'stray/syntax.yaml',
      );
    });

    it('does not blame the valid objects', () => {
      expect(
        problems.filter(p => p.object === 'GitRepository flux-system/platform'),
      ).toEqual([]);
    });
  });

  it('resolves Flux paths from sourceRoot when the checked folder is a subfolder of the repository', () => {
    const nested = fixture('nested/platform');
    expect(
      checkGitops(nested, { owners: OWNERS, sourceRoot: fixture('nested') }),
    ).toEqual([]);
    // Without it, ./platform/apps is looked for inside the folder itself.
    expect(checkGitops(nested, { owners: OWNERS })).toContainEqual(
      expect.objectContaining({
        rule: 'kustomization-path',
        object: 'Kustomization flux-system/platform-operators',
      }),
    );
  });

  it('accepts any well-formed owner when no owner list is given', () => {
    const problems = checkGitops(fixture('valid'));
    expect(problems).toEqual([]);
  });
});
