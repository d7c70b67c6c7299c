import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createModelPromoteAction } from './modelPromote';
import { examples } from './modelPromote.examples';

const SERVING = 'infrastructure/processing/churn-prediction/serving';
const OVERLAY = `${SERVING}/overlays/production`;
const PATCH = `# The model production serves; changed by "promote to production" pull requests.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: churn-prediction-serving
spec:
  template:
    spec:
      containers:
        - name: model
          env:
            - name: MODEL_URI
              value: models:/churn-prediction/2 # v2 since the spring release
            - name: WORKERS
              value: "2"
`;

// An admin-configured catalog location (trusted to decide ownership), and one any user registered.
const TRUSTED_ORIGIN = 'file:/srv/portal/catalog-info.yaml';
const REGISTERED_ORIGIN = 'url:https://github.com/someone/anything/blob/main/catalog-info.yaml';
const ownership = { trustedLocations: [TRUSTED_ORIGIN] };
const FRAUD_SERVING = 'infrastructure/processing/fraud/serving';

const entity = (name: string, owner: string, annotations: Record<string, string>, origin = TRUSTED_ORIGIN): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations: { 'backstage.io/managed-by-origin-location': origin, ...annotations } },
  spec: { type: 'ml-pipeline', owner, lifecycle: 'experimental' },
});
const entities = [
  // The data team's project and its serving folder.
  entity('fraud', 'group:default/data-team', {
    'mlops-portal.io/mlflow-models': 'fraud',
    'mlops-portal.io/serving-path': FRAUD_SERVING,
  }),
  // Registered by an ML team member, owned by the ML team, naming the data team's folder.
  entity(
    'registered',
    'group:default/ml-team',
    { 'mlops-portal.io/mlflow-models': 'churn-prediction', 'mlops-portal.io/serving-path': FRAUD_SERVING },
    REGISTERED_ORIGIN,
  ),
  // From a trusted location, but claiming (a folder inside) the data team's folder too.
  entity('claims-fraud', 'group:default/ml-team', {
    'mlops-portal.io/mlflow-models': 'churn-prediction',
    'mlops-portal.io/serving-path': `${FRAUD_SERVING}/`,
  }),
  entity('no-origin', 'group:default/ml-team', {
    'mlops-portal.io/mlflow-models': 'churn-prediction',
    'mlops-portal.io/serving-path': 'infrastructure/processing/other/serving',
  }, ''),
  entity('churn-prediction', 'group:default/ml-team', {
    'mlops-portal.io/mlflow-models': 'churn-prediction',
    'mlops-portal.io/serving-path': SERVING,
  }),
  entity('no-serving', 'group:default/ml-team', { 'mlops-portal.io/mlflow-models': 'churn-prediction' }),
  entity('escape', 'group:default/ml-team', {
    'mlops-portal.io/mlflow-models': 'churn-prediction',
    'mlops-portal.io/serving-path': '../../../etc',
  }),
  entity('linked', 'group:default/ml-team', {
    'mlops-portal.io/mlflow-models': 'churn-prediction',
    'mlops-portal.io/serving-path': 'linked',
  }),
];

// Owners of the entity may promote (the portal's policy: IS_ENTITY_OWNER).
const MEMBERS: Record<string, string> = { 'user:default/sam': 'group:default/ml-team', 'user:default/dana': 'group:default/data-team' };
const permissions = {
  async authorize(requests: any[], { credentials }: any) {
    return requests.map(r => {
      const e = entities.find(x => `component:default/${x.metadata.name}` === r.resourceRef);
      const group = MEMBERS[credentials.principal.userEntityRef];
      return { result: e && (e.spec as any).owner === group ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    });
  },
  async authorizeConditional() {
    throw new Error('not used');
  },
};
const action = createModelPromoteAction({
  catalog: catalogServiceMock({ entities }),
  permissions: permissions as any,
  auth: mockServices.auth(),
  ownership,
});

const FRAUD_PATCH = PATCH.replace(/churn-prediction/g, 'fraud');

function workspace() {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'promote-'));
  for (const [serving, patch] of [
    [SERVING, PATCH],
    [FRAUD_SERVING, FRAUD_PATCH],
  ]) {
    const overlay = path.join(ws, 'gitops', serving, 'overlays/production');
    fs.mkdirSync(overlay, { recursive: true });
    fs.writeFileSync(path.join(overlay, 'kustomization.yaml'), 'resources: [../../base]\npatches:\n  - path: model.yaml\n');
    fs.writeFileSync(path.join(overlay, 'model.yaml'), patch);
  }
  return ws;
}

async function run(ws: string, input: Record<string, unknown>, opts: { user?: string; dryRun?: boolean } = {}) {
  const credentials = mockCredentials.user(opts.user ?? 'user:default/sam');
  // createMockActionContext ignores a getInitiatorCredentials option: set it after.
  const ctx = { ...createMockActionContext({ workspacePath: ws, input: input as any }), getInitiatorCredentials: async () => credentials };
  const outputs: Record<string, any> = {};
  (ctx.output as jest.Mock).mockImplementation((k: string, v: unknown) => {
    outputs[k] = v;
  });
  await action.handler({ ...ctx, isDryRun: opts.dryRun ?? false } as any);
  return outputs;
}

const input = (over: Record<string, unknown> = {}) => ({ ...yaml.parse(examples[0].example).steps[0].input, ...over });
const read = (ws: string) => fs.readFileSync(path.join(ws, 'gitops', OVERLAY, 'model.yaml'), 'utf8');
const readFraud = (ws: string) => fs.readFileSync(path.join(ws, 'gitops', FRAUD_SERVING, 'overlays/production/model.yaml'), 'utf8');

describe('mlops:model:promote', () => {
  let ws: string;
  beforeEach(() => {
    ws = workspace();
  });
  afterEach(() => fs.rmSync(ws, { recursive: true, force: true }));

  it.each(examples.map(e => [e.description, e]))('runs the documented example: %s', async (_d, example) => {
    const out = await run(ws, yaml.parse(example.example).steps[0].input);
    expect(out.changed).toBe(true);
  });

  it('changes only the MODEL_URI value, keeping comments and the rest of the file', async () => {
    const out = await run(ws, input());
    expect(read(ws)).toBe(PATCH.replace('models:/churn-prediction/2', 'models:/churn-prediction/3'));
    expect(out).toMatchObject({
      changed: true,
      filesChanged: [`${OVERLAY}/model.yaml`],
      previousModelUri: 'models:/churn-prediction/2',
      modelUri: 'models:/churn-prediction/3',
      overlayPath: OVERLAY,
    });
    expect(out.diff).toContain('-              value: models:/churn-prediction/2 # v2 since the spring release\n');
    expect(out.diff).toContain('+              value: models:/churn-prediction/3 # v2 since the spring release\n');
  });

  it('in a dry run shows the diff and writes nothing; at the same version changes nothing', async () => {
    const dry = await run(ws, input(), { dryRun: true });
    expect(dry.diff).toContain('+              value: models:/churn-prediction/3');
    expect(read(ws)).toBe(PATCH);
    const same = await run(ws, input({ version: '2' }));
    expect(same).toMatchObject({ changed: false, filesChanged: [], diff: '' });
  });

  it("refuses another team: only the model's owners may promote it, and nothing is written", async () => {
    await expect(run(ws, input(), { user: 'user:default/dana' })).rejects.toThrow(
      "not allowed to promote 'churn-prediction': mlops.mlflow.model.promote on component:default/churn-prediction was denied",
    );
    expect(read(ws)).toBe(PATCH);
  });

  it('takes the model and serving folder from the entity, never from the form', async () => {
    await expect(run(ws, input({ model: 'fraud-model' }))).rejects.toThrow(
      "model: 'fraud-model' is not one of component:default/churn-prediction's models (annotation mlops-portal.io/mlflow-models)",
    );
    await expect(run(ws, input({ entityRef: 'component:default/no-serving' }))).rejects.toThrow(
      /entityRef: component:default\/no-serving has no valid mlops-portal.io\/serving-path annotation/,
    );
    // A serving path that climbs out of the repository is not valid at all.
    await expect(run(ws, input({ entityRef: 'component:default/escape' }))).rejects.toThrow(/has no valid mlops-portal.io\/serving-path/);
    await expect(run(ws, input({ servingPath: 'elsewhere' }))).rejects.toThrow(/servingPath/);
  });

  it("refuses a serving path from an entity anyone may register: the owner's team cannot point the change at another team's folder", async () => {
    await expect(run(ws, input({ entityRef: 'component:default/registered' }))).rejects.toThrow(
      `entityRef: component:default/registered comes from '${REGISTERED_ORIGIN}', which is not trusted to decide ownership ` +
        "(only the GitOps repository, the portal's ML projects and the admin-configured catalog locations are), " +
        `so its mlops-portal.io/serving-path '${FRAUD_SERVING}' cannot decide which GitOps folder a promotion changes`,
    );
    await expect(run(ws, input({ entityRef: 'component:default/no-origin' }))).rejects.toThrow(
      /entityRef: component:default\/no-origin comes from no known location, which is not trusted/,
    );
    expect(readFraud(ws)).toBe(FRAUD_PATCH);
  });

  it('refuses a serving folder that another trusted entity claims too (also when written differently)', async () => {
    await expect(run(ws, input({ entityRef: 'component:default/claims-fraud' }))).rejects.toThrow(
      `entityRef: component:default/claims-fraud's mlops-portal.io/serving-path '${FRAUD_SERVING}/' is also claimed by component:default/fraud; ` +
        'a serving folder claimed by two trusted entities belongs to neither (an admin must resolve it)',
    );
    expect(readFraud(ws)).toBe(FRAUD_PATCH);
  });

  it('trusts the portal\'s own origins without configuration, and no location by default', async () => {
    const make = (origin: string, ownershipConfig?: { trustedLocations: string[] }) =>
      createModelPromoteAction({
        catalog: catalogServiceMock({
          entities: [entity('churn-prediction', 'group:default/ml-team', { 'mlops-portal.io/mlflow-models': 'churn-prediction', 'mlops-portal.io/serving-path': SERVING }, origin)],
        }),
        permissions: permissions as any,
        auth: mockServices.auth(),
        ownership: ownershipConfig,
      });
    const runWith = async (a: ReturnType<typeof make>) => {
      const ctx = { ...createMockActionContext({ workspacePath: ws, input: input() as any }), getInitiatorCredentials: async () => mockCredentials.user('user:default/sam') };
      await a.handler({ ...ctx, isDryRun: true } as any);
    };
    await expect(runWith(make('mlops-ml-project:/srv/ml-projects/churn-prediction/catalog-info.yaml'))).resolves.toBeUndefined();
    await expect(runWith(make('mlops-provider:gitops/main'))).resolves.toBeUndefined();
    await expect(runWith(make(TRUSTED_ORIGIN))).rejects.toThrow(/is not trusted to decide ownership/);
  });

  it('refuses a symlinked serving folder that leads out of the checkout', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'outside-'));
    fs.mkdirSync(path.join(outside, 'overlays/production'), { recursive: true });
    fs.writeFileSync(path.join(outside, 'overlays/production/kustomization.yaml'), 'resources: []\n');
    fs.writeFileSync(path.join(outside, 'overlays/production/model.yaml'), PATCH);
    fs.symlinkSync(outside, path.join(ws, 'gitops/linked'));
    await expect(run(ws, input({ entityRef: 'component:default/linked' }))).rejects.toThrow(/symbolic link to outside the workspace/);
    expect(fs.readFileSync(path.join(outside, 'overlays/production/model.yaml'), 'utf8')).toBe(PATCH);
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('does not follow a symlinked patch file in the overlay', async () => {
    const outside = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'outside-')), 'model.yaml');
    fs.writeFileSync(outside, PATCH);
    fs.rmSync(path.join(ws, 'gitops', OVERLAY, 'model.yaml'));
    fs.symlinkSync(outside, path.join(ws, 'gitops', OVERLAY, 'model.yaml'));
    await expect(run(ws, input())).rejects.toThrow(/has no container env MODEL_URI to set/);
    expect(fs.readFileSync(outside, 'utf8')).toBe(PATCH);
  });

  it('refuses to switch the serving component to another model', async () => {
    fs.writeFileSync(path.join(ws, 'gitops', OVERLAY, 'model.yaml'), PATCH.replace('models:/churn-prediction/2', 'models:/fraud/7'));
    await expect(run(ws, input())).rejects.toThrow(
      `environment: ${OVERLAY}/model.yaml spec.template.spec.containers[0].env[0].value serves 'models:/fraud/7', not model 'churn-prediction'; refusing to switch models`,
    );
  });

  it('names the field of bad input', async () => {
    await expect(run(ws, input({ version: 'latest' }))).rejects.toThrow('version: must be a model version number (1, 2, …)');
    await expect(run(ws, input({ environment: '../prod' }))).rejects.toThrow('environment: must be a DNS-1123 label');
    await expect(run(ws, input({ environment: 'staging' }))).rejects.toThrow(
      `environment: ${SERVING}/overlays/staging has no kustomization.yaml`,
    );
  });
});
