import { createClusterFluxObjectLister } from './createClusterFluxObjectLister';

describe('createClusterFluxObjectLister', () => {
  it('lists Flux objects of in-sync kinds only', async () => {
    const objects = [
      { cluster: 'a', kind: 'HelmRelease', namespace: 'ns', name: 'hr' },
      {
        cluster: 'a',
        kind: 'Kustomization',
        namespace: 'flux-system',
        name: 'ks',
      },
      { cluster: 'b', kind: 'HelmRelease', namespace: 'ns', name: 'other' },
    ];
    const lister = createClusterFluxObjectLister({
      getClusterStates: () =>
        [
          {
            name: 'a',
            kinds: [
              { kind: 'HelmRelease', state: 'watching', count: 1 },
              { kind: 'Kustomization', state: 'listing', count: 0 },
            ],
          },
          {
            name: 'b',
            kinds: [{ kind: 'HelmRelease', state: 'error', count: 0 }],
          },
        ] as any,
      listObjects: (filter: any) =>
        objects.filter(
          o => o.cluster === filter.cluster && o.kind === filter.kind,
        ) as any,
    });
    expect(await lister.listFluxObjects()).toEqual([
      { cluster: 'a', kind: 'HelmRelease', namespace: 'ns', name: 'hr' },
    ]);
  });
});
