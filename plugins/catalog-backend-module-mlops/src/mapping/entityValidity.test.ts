/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "expectValid"] }] */
import {
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  domainEntityV1alpha1Validator,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  systemEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { resolve } from 'path';
import { testConfig } from '../__testUtils__/testConfig';
import { mapDriftEntities } from '../drift/mapDriftEntities';
import { ingestRepository } from '../provider/ingest';
import { readLocalRepository } from '../reader/readRepository';
import { createLocalRepoLinks, createUrlRepoLinks } from './repoLinks';

// The same policies and kind validators the catalog applies while processing
// (plugin-catalog-backend's default processors), so an entity that passes
// here is not rejected there.
const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);
const validators: Record<string, { check(e: Entity): Promise<boolean> }> = {
  Component: componentEntityV1alpha1Validator,
  Resource: resourceEntityV1alpha1Validator,
  System: systemEntityV1alpha1Validator,
  Domain: domainEntityV1alpha1Validator,
};

async function expectValid(entities: Entity[]) {
  expect(entities.length).toBeGreaterThan(0);
  for (const entity of entities) {
    await expect(policy.enforce(entity)).resolves.toBeDefined();
    await expect(validators[entity.kind].check(entity)).resolves.toBe(true);
  }
}

describe('generated entities pass the catalog validation', () => {
  it.each([
    ['gitops', resolve(__dirname, '../../../../gitops'), ['.']],
    [
      'flux-example-repo',
      resolve(__dirname, '../__fixtures__/flux-example-repo'),
      ['clusters/staging'],
    ],
    ['mlops-repo', resolve(__dirname, '../__fixtures__/mlops-repo'), ['.']],
  ])('%s', async (_name, root, paths) => {
    const files = await readLocalRepository(root);
    const { entities } = ingestRepository(
      files,
      testConfig({ paths, clusters: ['a', 'b'] }),
      createLocalRepoLinks(root),
    );
    await expectValid(entities);
  });

  it('with odd and long names, URL links and drift entities', async () => {
    const long = `x${'-very-long-name'.repeat(6)}`;
    const { entities } = ingestRepository(
      [
        {
          path: 'a.yaml',
          content: `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: ${long}, namespace: apps}\nspec: {chart: {spec: {chart: x}}}\n---\napiVersion: kafka.strimzi.io/v1\nkind: KafkaTopic\nmetadata: {name: events.v1..raw, namespace: data, labels: {strimzi.io/cluster: k}}\n`,
        },
      ],
      testConfig(),
      createUrlRepoLinks('https://gitlab.com/g/p/-/tree/main/ops', 'main'),
    );
    await expectValid([
      ...entities,
      ...mapDriftEntities(
        [{ cluster: 'prod', kind: 'HelmRelease', namespace: 'x', name: long }],
        [],
        {
          providerId: 'p',
          defaultOwner: 'group:default/a',
          controlPlaneLayer: 'gitops-control-plane',
        },
      ),
    ]);
  });
});
