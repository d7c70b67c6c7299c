import { mockServices } from '@backstage/backend-test-utils';
import { NotModifiedError } from '@backstage/errors';
import { resolve } from 'path';
import {
  createCachedUrlRepositoryReader,
  readLocalRepository,
} from './readRepository';

describe('readLocalRepository', () => {
  it('reads manifests and kustomization files with repo-relative paths', async () => {
    const files = await readLocalRepository(
      resolve(__dirname, '../__fixtures__/flux-example-repo'),
    );
    const paths = files.map(f => f.path);
    expect(paths).toContain('apps/base/podinfo/release.yaml');
    expect(paths).toContain(
      'clusters/production/flux-system/kustomization.yaml',
    );
    expect(paths).toEqual([...paths].sort());
  });
});

describe('createCachedUrlRepositoryReader', () => {
  const tree = (etag: string, content: string) => ({
    etag,
    files: async () => [
      { path: 'a.yaml', content: async () => Buffer.from(content) },
    ],
    archive: async () => {
      throw new Error('unused');
    },
    dir: async () => {
      throw new Error('unused');
    },
  });

  it('sends the last ETag and reuses the files when the tree is not modified', async () => {
    const readTree = jest
      .fn()
      .mockResolvedValueOnce(tree('e1', 'one'))
      .mockRejectedValueOnce(new NotModifiedError('unchanged'))
      .mockResolvedValueOnce(tree('e2', 'two'));
    const read = createCachedUrlRepositoryReader(
      mockServices.urlReader.mock({ readTree }),
      'https://github.com/o/r/tree/main/gitops',
    );
    expect(await read()).toEqual([{ path: 'a.yaml', content: 'one' }]);
    expect(await read()).toEqual([{ path: 'a.yaml', content: 'one' }]);
    expect(await read()).toEqual([{ path: 'a.yaml', content: 'two' }]);
    expect(readTree.mock.calls.map(c => c[1].etag)).toEqual([
      undefined,
      'e1',
      'e1',
    ]);
    expect(readTree.mock.calls[0][1].filter('x/kustomization.yaml')).toBe(true);
    expect(readTree.mock.calls[0][1].filter('README.md')).toBe(false);
  });

  it('passes other errors on', async () => {
    const read = createCachedUrlRepositoryReader(
      mockServices.urlReader.mock({
        readTree: jest.fn().mockRejectedValue(new Error('401 Bad credentials')),
      }),
      'https://github.com/o/r',
    );
    await expect(read()).rejects.toThrow('401 Bad credentials');
  });
});
