import type { MlopsApi } from '@mlops-portal/plugin-mlops-common';

/** A test double of MlopsApi: every method a jest.fn, rejecting unless set. */
export function createFakeMlopsApi(impl: Partial<MlopsApi> = {}): jest.Mocked<MlopsApi> {
  const notSet = (name: string) =>
    jest.fn(async () => {
      throw new Error(`fake MlopsApi.${name} was called but not set up`);
    });
  return {
    getOverview: notSet('getOverview'),
    getClusters: notSet('getClusters'),
    getEntityObjects: notSet('getEntityObjects'),
    getObject: notSet('getObject'),
    getObjectEvents: notSet('getObjectEvents'),
    reconcile: notSet('reconcile'),
    suspend: notSet('suspend'),
    resume: notSet('resume'),
    ...Object.fromEntries(
      Object.entries(impl).map(([k, v]) => [k, jest.fn(v as any)]),
    ),
  } as unknown as jest.Mocked<MlopsApi>;
}
