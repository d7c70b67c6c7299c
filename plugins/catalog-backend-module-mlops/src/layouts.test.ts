import { ConfigReader } from '@backstage/config';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import { readFileSync } from 'fs';
import { load } from 'js-yaml';
import { join, resolve } from 'path';
import { MlopsEntityProvider } from './provider/MlopsEntityProvider';

/*
 * The module over repositories laid out like the public Flux examples
 * (written for this project under __fixtures__/layouts/), each with the
 * provider config the README shows for it: the real provider, from config to
 * the catalog mutation.
 */

const LAYOUTS = resolve(__dirname, '__fixtures__/layouts');
const FIXTURES = resolve(__dirname, '__fixtures__');

/** The repositories the configs name, checked out here. */
const CHECKOUTS: Record<string, string> = {
  'https://github.com/example-org/fleet-monorepo/tree/main': join(LAYOUTS, 'monorepo'),
  'https://github.com/example-org/fleet-infra/tree/main': join(LAYOUTS, 'multi-tenant'),
  'https://github.com/example-org/dev-team-apps/tree/main': join(LAYOUTS, 'dev-team-repo'),
  'https://github.com/example-org/operator-fleet/tree/main': join(LAYOUTS, 'resourcesets'),
  'https://github.com/example-org/gitless-fleet/tree/main': join(LAYOUTS, 'artifact'),
};

/** A config's repository URLs become local checkouts (with the URL kept for links). */
function localized(value: any): any {
  if (Array.isArray(value)) return value.map(localized);
  if (value === null || typeof value !== 'object') return value;
  const out: any = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'target' && typeof v === 'string' && CHECKOUTS[v]) {
      out.path = CHECKOUTS[v];
      out.repoUrl = v;
    } else out[k] = localized(v);
  }
  return out;
}

function layoutConfig(name: string): Record<string, any> {
  return load(readFileSync(join(LAYOUTS, `${name}.config.yaml`), 'utf8')) as Record<string, any>;
}

interface Run {
  entities: Entity[];
  warnings: string[];
  ok: boolean;
}

/** Runs every provider of a `catalog.providers.mlops` map once. */
async function runProviders(providersConfig: Record<string, any>): Promise<Record<string, Run>> {
  const config = new ConfigReader({ catalog: { providers: { mlops: localized(providersConfig) } } });
  const out: Record<string, Run> = {};
  const warnings: Record<string, string[]> = {};
  const logger = (id: string) => {
    const base = mockServices.logger.mock();
    base.warn.mockImplementation((m: string) => {
      (warnings[id] ??= []).push(m);
    });
    return base;
  };
  const providers = MlopsEntityProvider.fromConfig(config, {
    logger: {
      ...mockServices.logger.mock(),
      child: (meta: any) => logger(String(meta.target).replace('mlops-provider:', '')),
    } as any,
    urlReader: mockServices.urlReader.mock(),
  });
  for (const p of providers) {
    const id = p.getProviderName().replace('mlops-provider:', '');
    let entities: Entity[] = [];
    await p.connect({
      applyMutation: async m => {
        if (m.type === 'full') entities = m.entities.map(e => e.entity);
      },
      refresh: async () => {},
    });
    const report = await p.run();
    out[id] = { entities, warnings: warnings[id] ?? [], ok: report.ok };
  }
  return out;
}

const refs = (entities: Entity[], kind?: string) =>
  entities
    .filter(e => !kind || e.kind === kind)
    .map(e => stringifyEntityRef(e))
    .sort();

function get(entities: Entity[], ref: string): Entity {
  const e = entities.find(x => stringifyEntityRef(x) === ref);
  if (!e) throw new Error(`no ${ref} among ${refs(entities).join(', ')}`);
  return e;
}

describe('layout: monorepo with clusters/ infrastructure/ apps/ (flux2-kustomize-helm-example)', () => {
  let runs: Record<string, Run>;
  beforeAll(async () => {
    runs = await runProviders(layoutConfig('monorepo'));
  });

  it('maps each cluster without warnings, into a namespace of its own', () => {
    expect(runs.production.ok).toBe(true);
    expect(runs.production.warnings).toEqual([]);
    expect(runs.staging.warnings).toEqual([]);
    expect(refs(runs.production.entities, 'Component')).toEqual([
      'component:production/cert-manager',
      'component:production/ingress-nginx',
      'component:production/podinfo',
    ]);
    expect(refs(runs.staging.entities, 'Component')).toEqual([
      'component:staging/cert-manager',
      'component:staging/ingress-nginx',
      'component:staging/podinfo',
    ]);
  });

  it('has the configured Domain and layers by Kustomization, plus one for what flux-system applies; no MLOps layers', () => {
    const { entities } = runs.production;
    expect(refs(entities, 'Domain')).toEqual(['domain:production/fleet']);
    expect(refs(entities, 'System')).toEqual([
      'system:production/apps',
      'system:production/flux-system',
      'system:production/infrastructure',
    ]);
    expect(get(entities, 'component:production/podinfo').spec).toMatchObject({
      system: 'system:production/apps',
      owner: 'group:default/platform-team',
      type: 'service',
    });
    expect(get(entities, 'component:production/cert-manager').spec?.system).toBe(
      'system:production/infrastructure',
    );
    // The Kustomization named in a layer belongs to it too.
    expect(get(entities, 'resource:production/apps').spec?.system).toBe('system:production/apps');
    expect(get(entities, 'resource:production/infra-configs').spec?.system).toBe(
      'system:production/infrastructure',
    );
    expect(get(entities, 'system:production/apps').spec?.domain).toBe('domain:production/fleet');
  });

  it("reads each cluster's own overlay: chart version and source in annotations", () => {
    const chart = (run: Run) => {
      const a = get(run.entities, `component:${run === runs.production ? 'production' : 'staging'}/podinfo`)
        .metadata.annotations!;
      return [a['mlops-portal.io/helm-chart'], a['mlops-portal.io/helm-chart-version'], a['mlops-portal.io/helm-chart-source'], a['mlops-portal.io/helm-chart-url']];
    };
    expect(chart(runs.production)).toEqual([
      'podinfo',
      '>=6.0.0',
      'HelmRepository:podinfo/podinfo',
      'https://stefanprodan.github.io/podinfo',
    ]);
    expect(chart(runs.staging)[1]).toBe('>=6.0.0-0');
  });
});

describe('layout: multi-tenant (flux2-multi-tenancy), the tenant in its own repository', () => {
  it('follows the tenant Kustomization into the configured tenant repository', async () => {
    const { fleet } = await runProviders(layoutConfig('multi-tenant'));
    expect(fleet.warnings).toEqual([]);
    expect(refs(fleet.entities, 'Component')).toEqual([
      'component:fleet/ingress-nginx',
      'component:fleet/podinfo',
    ]);
    const podinfo = get(fleet.entities, 'component:fleet/podinfo');
    expect(podinfo.spec).toMatchObject({
      system: 'system:fleet/tenants',
      owner: 'group:default/dev-team',
    });
    expect(podinfo.metadata.annotations).toMatchObject({
      'mlops-portal.io/objects': 'HelmRelease:apps/podinfo',
      // A chartRef: the chart and version come from the OCIRepository.
      'mlops-portal.io/helm-chart': 'podinfo',
      'mlops-portal.io/helm-chart-version': '6.x',
      'mlops-portal.io/helm-chart-source': 'OCIRepository:apps/podinfo',
      'mlops-portal.io/helm-chart-url': 'oci://ghcr.io/stefanprodan/charts/podinfo',
      // Links into the tenant's repository, not the platform's.
      'backstage.io/view-url':
        'https://github.com/example-org/dev-team-apps/blob/main/deploy/base/podinfo.yaml',
      'backstage.io/managed-by-origin-location': 'mlops-provider:fleet',
    });
    expect(get(fleet.entities, 'component:fleet/ingress-nginx').spec?.system).toBe('system:fleet/platform');
    expect(refs(fleet.entities, 'System')).toEqual(['system:fleet/platform', 'system:fleet/tenants']);
  });

  it('does not log the same problem again on the next run', async () => {
    const config = layoutConfig('multi-tenant');
    delete config.fleet.sources;
    const warn = jest.fn();
    const logger = { ...mockServices.logger.mock(), child: () => ({ ...mockServices.logger.mock(), warn }) } as any;
    const [provider] = MlopsEntityProvider.fromConfig(
      new ConfigReader({ catalog: { providers: { mlops: localized(config) } } }),
      { logger, urlReader: mockServices.urlReader.mock() },
    );
    await provider.connect({ applyMutation: async () => {}, refresh: async () => {} });
    await provider.run();
    await provider.run();
    await provider.run();
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('reports an unmapped tenant repository once, and never reads it from the platform repository', async () => {
    const config = layoutConfig('multi-tenant');
    delete config.fleet.sources;
    const { fleet } = await runProviders(config);
    expect(fleet.warnings).toEqual([
      "tenants/base/dev-team/sync.yaml: GitRepository apps/dev-team (https://github.com/example-org/dev-team-apps) is not this repository nor one configured; the Kustomizations that use it are not followed. Map it under sources (name, folder, provider) in this provider's config if its files are in a configured repository (Kustomization apps/dev-team)",
    ]);
    expect(refs(fleet.entities, 'Component')).toEqual(['component:fleet/ingress-nginx']);
  });
});

describe('layout: Flux Operator ResourceSets', () => {
  let run: Run;
  beforeAll(async () => {
    run = (await runProviders(layoutConfig('resourcesets')))['operator-fleet'];
  });

  it('expands the HelmReleases of ResourceSets with their inputs, as the operator does', () => {
    expect(refs(run.entities, 'Component')).toEqual([
      'component:operator-fleet/kube-prometheus-stack',
      'component:operator-fleet/podinfo-team1',
      'component:operator-fleet/podinfo-team2',
    ]);
    const team2 = get(run.entities, 'component:operator-fleet/podinfo-team2');
    expect(team2.metadata.annotations).toMatchObject({
      'mlops-portal.io/objects': 'HelmRelease:flux-system/podinfo-team2',
      'backstage.io/kubernetes-namespace': 'team2',
      'mlops-portal.io/helm-chart': 'podinfo',
      'mlops-portal.io/helm-chart-version': '6.6.x',
      'mlops-portal.io/helm-chart-source': 'OCIRepository:flux-system/podinfo-team2',
    });
    expect(team2.metadata.description).toMatch(/from ResourceSet flux-system\/apps in clusters\/production\/apps\.yaml/);
    // One System per ResourceSet that generates objects, owned as it says.
    expect(refs(run.entities, 'System')).toEqual([
      'system:operator-fleet/apps',
      'system:operator-fleet/monitoring',
    ]);
    expect(get(run.entities, 'system:operator-fleet/apps').spec?.owner).toBe('group:default/app-team');
    expect(team2.spec?.system).toBe('system:operator-fleet/apps');
  });

  it('reports what it cannot expand, once each, and drops nothing silently', () => {
    expect(run.warnings).toEqual([
      "clusters/production/addons.yaml: ResourceSet flux-system/addons: resourcesTemplate not expanded: it uses the template action 'range', which the catalog does not evaluate",
      'clusters/production/previews.yaml: ResourceSet flux-system/previews: its inputs come from ResourceSetInputProvider objects, known only on the cluster; nothing of it is shown',
    ]);
  });
});

describe('layout: artifact-based (OCIRepository sources)', () => {
  it('maps each artifact to the folder it is built from, and places objects by label and folder', async () => {
    const { gitless } = await runProviders(layoutConfig('artifact'));
    expect(gitless.warnings).toEqual([]);
    expect(refs(gitless.entities, 'Component')).toEqual([
      'component:gitless/cert-manager',
      'component:gitless/podinfo',
    ]);
    expect(get(gitless.entities, 'component:gitless/podinfo').spec?.system).toBe('system:gitless/shop');
    expect(get(gitless.entities, 'component:gitless/cert-manager').spec?.system).toBe(
      'system:gitless/controllers',
    );
    // autoLayers: none — what no layer matches belongs to no System.
    expect(get(gitless.entities, 'resource:gitless/apps-kustomization').spec?.system).toBeUndefined();
    expect(refs(gitless.entities, 'System')).toEqual(['system:gitless/controllers', 'system:gitless/shop']);
    expect(refs(gitless.entities, 'Domain')).toEqual([]);
  });

  it('without the mapping: one warning per artifact, nothing guessed, no other cluster pulled in', async () => {
    const config = layoutConfig('artifact');
    delete config.gitless.sources;
    const { gitless } = await runProviders(config);
    expect(gitless.warnings).toEqual([
      "clusters/production/artifacts.yaml: OCIRepository flux-system/apps (oci://ghcr.io/example-org/manifests/apps) is an artifact built outside the files the catalog reads; the Kustomizations that use it are not followed. Map it under sources (name, folder, provider) in this provider's config if its files are in a configured repository (Kustomization flux-system/apps)",
      "clusters/production/artifacts.yaml: OCIRepository flux-system/infra (oci://ghcr.io/example-org/manifests/infra) is an artifact built outside the files the catalog reads; the Kustomizations that use it are not followed. Map it under sources (name, folder, provider) in this provider's config if its files are in a configured repository (Kustomization flux-system/infra)",
    ]);
    expect(refs(gitless.entities, 'Component')).toEqual([]);
    const files = gitless.entities.map(e => e.metadata.annotations?.['backstage.io/source-location'] ?? '');
    expect(files.filter(f => /clusters\/staging|deploy\//.test(f))).toEqual([]);
  });
});

describe('a HelmRelease reached by a folder walk and through a Kustomization', () => {
  it('is one Component, in the Kustomization targetNamespace', async () => {
    const { dedup } = await runProviders({
      dedup: { path: join(FIXTURES, 'dedup-repo'), defaultOwner: 'group:default/web-team' },
    });
    expect(dedup.warnings).toEqual([]);
    expect(refs(dedup.entities, 'Component')).toEqual(['component:dedup/web']);
    expect(get(dedup.entities, 'component:dedup/web').metadata.annotations?.['mlops-portal.io/objects']).toBe(
      'HelmRelease:shop/web',
    );
  });
});
