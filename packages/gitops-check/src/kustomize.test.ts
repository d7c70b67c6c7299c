import path from 'node:path';
import {
  DEFAULT_KUBECTL,
  findKustomizationDirs,
  hasKubectl,
  kustomizeBuild,
} from './kustomize';

const fixture = (name: string) => path.join(__dirname, '__fixtures__', name);
const kubectlPresent = hasKubectl();
if (!kubectlPresent) {
  // eslint-disable-next-line no-console
  console.warn(
    `\n!!!!!!!! SKIPPING kustomize build tests: ${DEFAULT_KUBECTL} is not installed. ` +
      'Install kubectl (Debian: kubernetes-client) to check that manifests render. !!!!!!!!\n',
  );
}
// In CI a missing kubectl is a failure, not a skip: the build check is required.
const describeWithKubectl =
  kubectlPresent || process.env.CI ? describe : describe.skip;

describe('findKustomizationDirs', () => {
  it('lists every folder with a kustomization.yaml', () => {
    expect(findKustomizationDirs(fixture('valid'))).toEqual([
      'apps',
      'clusters/dev',
    ]);
  });
});

describeWithKubectl('kustomizeBuild', () => {
  it('renders a valid folder into its objects', async () => {
    const result = await kustomizeBuild(fixture('valid/clusters/dev'));
    expect(result.error).toBeUndefined();
    expect(
      result.objects.map((o: any) => `${o.kind}/${o.metadata.name}`).sort(),
    ).toEqual([
      'ConfigMap/platform-settings',
      'GitRepository/platform',
      'Kustomization/platform-operators',
    ]);
  });

  it('reports a folder that does not build', async () => {
    const result = await kustomizeBuild(fixture('broken/clusters/dev'));
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/missing\.yaml/);
  });
});
