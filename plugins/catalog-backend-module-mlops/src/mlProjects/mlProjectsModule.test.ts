/**
 * The catalog module against the real catalog backend (startTestBackend):
 * a location of type mlops-ml-project added through the catalog's API is
 * read (inside mlops.mlProjects.local.reposDir only), `file` stays refused.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogModuleMlopsMlProjects } from './mlProjectsModule';

jest.setTimeout(60_000);

const component = (name: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: ml-pipeline\n  lifecycle: experimental\n  owner: group:default/ml-team\n`;

describe('catalog module: local ML project locations', () => {
  let reposDir: string;
  let outside: string;
  let server: any;
  const auth = { Authorization: mockCredentials.user.header() };
  beforeAll(async () => {
    reposDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-ml-projects-'));
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-outside-'));
    fs.mkdirSync(path.join(reposDir, 'churn-model'));
    fs.writeFileSync(path.join(reposDir, 'churn-model/catalog-info.yaml'), component('churn-model'));
    fs.writeFileSync(path.join(outside, 'catalog-info.yaml'), component('sneaky'));
    // A project folder that is a symlink to elsewhere is outside too.
    fs.symlinkSync(outside, path.join(reposDir, 'linked'));
    ({ server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleMlopsMlProjects,
        mockServices.rootConfig.factory({
          data: {
            catalog: { processingInterval: { seconds: 1 } },
            mlops: { mlProjects: { local: { reposDir } } },
          },
        }),
      ],
    }));
  });
  afterAll(() => {
    fs.rmSync(reposDir, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  const addLocation = (type: string, target: string) =>
    request(server).post('/api/catalog/locations').set(auth).send({ type, target });
  const entity = (name: string) =>
    request(server).get(`/api/catalog/entities/by-name/component/default/${name}`).set(auth);
  async function waitForEntity(name: string) {
    for (let i = 0; i < 200; i++) {
      const res = await entity(name);
      if (res.status === 200) return res.body;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(`${name} never appeared in the catalog`);
  }

  it('reads a project registered through the API', async () => {
    const target = path.join(reposDir, 'churn-model/catalog-info.yaml');
    const res = await addLocation('mlops-ml-project', target);
    expect(res.status).toBe(201);
    const e = await waitForEntity('churn-model');
    expect(e.spec.type).toBe('ml-pipeline');
    expect(e.metadata.annotations['backstage.io/managed-by-location']).toBe(`mlops-ml-project:${target}`);
  });

  it('keeps `file` locations refused', async () => {
    const res = await addLocation('file', path.join(outside, 'catalog-info.yaml'));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('Registered locations must be of an allowed type');
  });

  it('never reads outside reposDir (paths or symlinks), and says why', async () => {
    // dryRun makes the catalog process the location right away and report.
    const dryRun = (target: string) =>
      request(server).post('/api/catalog/locations?dryRun=true').set(auth).send({ type: 'mlops-ml-project', target });
    const inside = await dryRun(path.join(reposDir, 'churn-model/catalog-info.yaml'));
    expect(inside.status).toBe(201);
    expect(inside.body.entities.map((e: any) => `${e.kind}:${e.metadata.name}`)).toContain('Component:churn-model');
    for (const target of [
      path.join(outside, 'catalog-info.yaml'),
      path.join(reposDir, 'linked/catalog-info.yaml'),
      path.join(reposDir, 'churn-model/../../', path.basename(outside), 'catalog-info.yaml'),
    ]) {
      const res = await dryRun(target);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        'mlops-ml-project locations must be <reposDir>/<name>/catalog-info.yaml inside mlops.mlProjects.local.reposDir',
      );
    }
    const missing = await dryRun(path.join(reposDir, 'nope/catalog-info.yaml'));
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('does not exist');
    expect((await entity('sneaky')).status).toBe(404);
  });
});
