import { load } from 'js-yaml';
import { expandResourceSet, isResourceSet } from './resourceSets';
import { ManifestObject } from './types';

const rset = (spec: string, name = 'rs'): ManifestObject => ({
  apiVersion: 'fluxcd.controlplane.io/v1',
  kind: 'ResourceSet',
  metadata: { name, namespace: 'flux-system' },
  spec: load(spec) as any,
  source: { path: 'clusters/prod/rs.yaml', document: 0 },
});

const ids = (objects: ManifestObject[]) =>
  objects.map(o => `${o.kind}:${o.metadata.namespace ?? ''}/${o.metadata.name}`);

describe('expandResourceSet', () => {
  it('renders each resource once per input set, with the types the operator gets', () => {
    const { objects, problems } = expandResourceSet(
      rset(`
inputs:
  - tenant: team1
    version: "1.10"
    replicas: 2
  - tenant: team2
    version: "6.6.x"
    replicas: 3
resources:
  - apiVersion: helm.toolkit.fluxcd.io/v2
    kind: HelmRelease
    metadata:
      name: app-<< inputs.tenant >>
      namespace: << inputs.tenant | upper | lower >>
    spec:
      releaseName: << inputs.provider.name >>-<< inputs.tenant >>
      values:
        replicaCount: << inputs.replicas | int >>
        version: << inputs.version | quote >>
        unquoted: << inputs.version >>
        fallback: << inputs.missing_ok | default "x" >>
`),
    );
    expect(problems).toEqual([
      // `inputs.missing_ok` is a missing key: the operator fails the whole build.
      "ResourceSet flux-system/rs: the Flux Operator cannot build it (resources[0]: map has no entry for key \"missing_ok\" (inputs.missing_ok)); none of its objects is shown",
    ]);
    expect(objects).toEqual([]);
  });

  it('renders quote, int and the built-in provider fields; reads scalars back as YAML', () => {
    const { objects, problems } = expandResourceSet(
      rset(`
inputs:
  - tenant: team1
    version: "1.10"
    replicas: 2
resources:
  - apiVersion: helm.toolkit.fluxcd.io/v2
    kind: HelmRelease
    metadata:
      name: app-<< inputs.tenant >>
      namespace: << inputs.tenant | upper | lower >>
    spec:
      releaseName: << inputs.provider.name >>-<< inputs.tenant >>
      values:
        replicaCount: << inputs.replicas | int >>
        version: << inputs.version | quote >>
        unquoted: << inputs.version >>
        slug: << "Ünïcode Tenant" | slugify >>
`),
    );
    expect(problems).toEqual([]);
    expect(objects).toHaveLength(1);
    const [hr] = objects;
    expect(hr.metadata).toMatchObject({
      name: 'app-team1',
      namespace: 'team1',
      labels: {
        'resourceset.fluxcd.controlplane.io/name': 'rs',
        'resourceset.fluxcd.controlplane.io/namespace': 'flux-system',
      },
    });
    expect(hr.spec).toEqual({
      releaseName: 'rs-team1',
      values: { replicaCount: 2, version: '1.10', unquoted: 1.1, slug: 'unicode-tenant' },
    });
    expect(hr.generatedBy).toEqual({ namespace: 'flux-system', name: 'rs' });
    expect(hr.source).toEqual({ path: 'clusters/prod/rs.yaml', document: 0 });
  });

  it('de-duplicates shared resources and leaves out disabled ones', () => {
    const { objects } = expandResourceSet(
      rset(`
inputs: [{tenant: a, on: enabled}, {tenant: b, on: disabled}]
resources:
  - apiVersion: source.toolkit.fluxcd.io/v1
    kind: OCIRepository
    metadata: {name: shared, namespace: flux-system}
  - apiVersion: v1
    kind: Namespace
    metadata:
      name: << inputs.tenant >>
      annotations: {fluxcd.controlplane.io/reconcile: << inputs.on >>}
`),
    );
    expect(ids(objects)).toEqual(['OCIRepository:flux-system/shared', 'Namespace:/a']);
  });

  it('applies a ResourceSet without inputs as written', () => {
    const { objects } = expandResourceSet(
      rset(`
resources:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: plain, namespace: x}
`),
    );
    expect(ids(objects)).toEqual(['ConfigMap:x/plain']);
  });

  it('renders a multi-document resourcesTemplate without control actions', () => {
    const { objects, problems } = expandResourceSet(
      rset(`
inputs: [{app: web}, {app: api}]
resourcesTemplate: |
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: << inputs.app >>-a
  ---
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: << inputs.app >>-b
`),
    );
    expect(problems).toEqual([]);
    expect(ids(objects)).toEqual(['ConfigMap:/web-a', 'ConfigMap:/web-b', 'ConfigMap:/api-a', 'ConfigMap:/api-b']);
  });

  it.each([
    ['<< if eq inputs.a "x" >>y<< end >>', "the template action 'if'"],
    ['<< inputs.a | sha256sum >>', "'sha256sum'"],
    ['<< inputs.obj >>', 'prints a list or map'],
    ['<< env "HOME" >>', "'env'"],
    ['<< template "x" >>', "the template action 'template'"],
  ])('reports %s instead of guessing (%s)', (value, reason) => {
    const { objects, problems } = expandResourceSet(
      rset(`
inputs: [{a: x, obj: {k: v}}]
resources:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: cm}
    data: {v: '${value}'}
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: other}
`),
    );
    expect(ids(objects)).toEqual(['ConfigMap:/other']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('resources[0] not expanded');
    expect(problems[0]).toContain(reason);
  });

  it('reports inputs only the cluster knows and the Permute strategy', () => {
    expect(
      expandResourceSet(rset(`
inputsFrom: [{kind: ResourceSetInputProvider, name: prs}]
resources: [{apiVersion: v1, kind: ConfigMap, metadata: {name: "pr-<< inputs.id >>"}}]
`)).problems,
    ).toEqual([
      'ResourceSet flux-system/rs: its inputs come from ResourceSetInputProvider objects, known only on the cluster; nothing of it is shown',
    ]);
    expect(
      expandResourceSet(rset(`
inputStrategy: {name: Permute}
inputs: [{a: b}]
resources: [{apiVersion: v1, kind: ConfigMap, metadata: {name: x}}]
`)),
    ).toEqual({
      objects: [],
      problems: ['ResourceSet flux-system/rs: the Permute input strategy is not expanded by the catalog; nothing of it is shown'],
    });
  });

  it('expands steps and reports templates that do not render to objects', () => {
    const { objects, problems } = expandResourceSet(
      rset(`
inputs: [{a: b}]
steps:
  - name: first
    resources:
      - {apiVersion: v1, kind: ConfigMap, metadata: {name: one}}
  - name: second
    resources:
      - {kind: ConfigMap, metadata: {name: no-api-version}}
`),
    );
    expect(ids(objects)).toEqual(['ConfigMap:/one']);
    expect(problems).toEqual([
      'ResourceSet flux-system/rs: steps[1].resources[0] not expanded: it does not render to a Kubernetes object (apiVersion, kind, metadata.name)',
    ]);
  });

  it('is hostile-input safe: template text is data, nothing runs, prototype keys are plain keys', () => {
    const { objects } = expandResourceSet(
      rset(`
inputs:
  - name: "x"
    __proto__: {polluted: true}
resources:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: "<< inputs.name >>"}
    data:
      a: "<< inputs.constructor >>"
`),
    );
    expect(objects).toEqual([]);
    expect(({} as any).polluted).toBeUndefined();
  });

  it('knows a ResourceSet by API group and kind', () => {
    expect(isResourceSet(rset('{}'))).toBe(true);
    expect(isResourceSet({ ...rset('{}'), apiVersion: 'example.com/v1' })).toBe(false);
  });
});
