import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { ConflictError } from '@backstage/errors';
import { createMlProjectCreateAction } from './mlProjectCreate';
import { createMlProjectPublishLocalAction } from './mlProjectPublishLocal';
import { createMlProjectRegisterLocalAction } from './mlProjectRegisterLocal';
import { examples } from './mlProjectRegisterLocal.examples';
import { makeEmptyWorkspace } from '../__testUtils__/gitRepo';
import { exampleInput, runAction } from '../__testUtils__/runAction';
import { testCatalog } from '../__testUtils__/testCatalog';

jest.setTimeout(60_000);

describe('mlops:ml-project:register-local', () => {
  let ws: ReturnType<typeof makeEmptyWorkspace>;
  let reposDir: string;
  // The in-memory catalog (users and groups for the ownership check), with
  // the location calls recorded.
  const catalog = Object.assign(testCatalog(), {
    getLocationByRef: jest.fn(),
    addLocation: jest.fn(),
  });
  const register = () =>
    createMlProjectRegisterLocalAction({ mlProjects: { reposDir }, catalog: catalog as unknown as CatalogService });
  const prepare = async (publish = true) => {
    await runAction(createMlProjectCreateAction({ catalog }), ws.workspacePath, {
      name: 'churn-model',
      description: 'Churn',
      owner: 'group:default/ml-team',
      targetPath: 'project',
    });
    if (publish) {
      await runAction(createMlProjectPublishLocalAction({ mlProjects: { reposDir }, catalog }), ws.workspacePath, { name: 'churn-model' });
    }
  };
  beforeEach(() => {
    ws = makeEmptyWorkspace();
    reposDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-ml-projects-'));
    catalog.getLocationByRef.mockReset().mockResolvedValue(undefined);
    catalog.addLocation.mockReset().mockImplementation(async (loc: { type: string; target: string }) => ({
      location: { id: 'loc-1', ...loc },
      entities: [],
    }));
  });
  afterEach(() => {
    ws.cleanup();
    fs.rmSync(reposDir, { recursive: true, force: true });
  });

  it.each(examples.map(e => [e.description, e.example]))('example: %s', async (_d, example) => {
    await prepare();
    const out = await runAction(register(), ws.workspacePath, exampleInput(example));
    const target = path.join(reposDir, 'churn-model', 'catalog-info.yaml');
    expect(out).toEqual({
      entityRef: 'component:default/churn-model',
      catalogInfoUrl: `mlops-ml-project:${target}`,
      registered: true,
    });
    // Through the catalog API, on behalf of the user running the template.
    expect(catalog.getLocationByRef).toHaveBeenCalledWith(`mlops-ml-project:${target}`, { credentials: mockCredentials.user() });
    expect(catalog.addLocation).toHaveBeenCalledWith({ type: 'mlops-ml-project', target }, { credentials: mockCredentials.user() });
  });

  it('keeps a location that is already registered (rerun), also when registered concurrently', async () => {
    await prepare();
    catalog.getLocationByRef.mockResolvedValueOnce({ id: 'loc-1', type: 'mlops-ml-project', target: 'x' });
    expect(await runAction(register(), ws.workspacePath, { name: 'churn-model' })).toMatchObject({ registered: false });
    expect(catalog.addLocation).not.toHaveBeenCalled();
    catalog.addLocation.mockRejectedValueOnce(new ConflictError('Location already exists'));
    expect(await runAction(register(), ws.workspacePath, { name: 'churn-model' })).toMatchObject({ registered: false });
  });

  it('dry-run names the entity and calls nothing', async () => {
    await prepare(false);
    const out = await runAction(register(), ws.workspacePath, { name: 'churn-model' }, { dryRun: true });
    expect(out).toMatchObject({ entityRef: 'component:default/churn-model', registered: false });
    expect(catalog.getLocationByRef).not.toHaveBeenCalled();
    expect(catalog.addLocation).not.toHaveBeenCalled();
    // In a template dry-run the create step wrote nothing: no entity to name yet.
    const empty = makeEmptyWorkspace();
    try {
      expect(await runAction(register(), empty.workspacePath, { name: 'churn-model' }, { dryRun: true })).toMatchObject({ entityRef: '' });
    } finally {
      empty.cleanup();
    }
  });

  it.each([
    ['a project that was not published', { name: 'churn-model' }, false, /name: .*churn-model\/catalog-info.yaml does not exist \(run mlops:ml-project:publish-local first\)/],
    ['a name with ..', { name: '..' }, true, /name: must be lower-case letters/],
    ['a source folder without catalog-info.yaml', { name: 'churn-model', sourcePath: 'other' }, true, /sourcePath: 'other' has no catalog-info.yaml/],
  ])('rejects %s, naming the field, and registers nothing', async (_l, input, publish, message) => {
    await prepare(publish as boolean);
    await expect(runAction(register(), ws.workspacePath, input)).rejects.toThrow(message as RegExp);
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });
});
