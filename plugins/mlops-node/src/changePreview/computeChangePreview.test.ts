import { computeChangePreview } from './computeChangePreview';
import { renderChangePreviewMarkdown } from './renderChangePreviewMarkdown';

const ks = (name: string, path: string, dependsOn: Array<{ name: string; namespace?: string }> = []) => `
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${name}
  namespace: flux-system
spec:
  path: ${path}
  sourceRef: { kind: GitRepository, name: platform }
${dependsOn.length ? `  dependsOn:\n${dependsOn.map(d => `    - name: ${d.name}${d.namespace ? `\n      namespace: ${d.namespace}` : ''}`).join('\n')}` : ''}
`;
const hr = (name: string, version: string, extra = '') => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ${name}
  namespace: platform-operators
spec:
  interval: 10m
  chart:
    spec:
      chart: ${name}
      version: ${version}
${extra}`;

const layers = [
  { path: 'clusters/dev/operators.yaml', text: ks('operators', './platform/operators') },
  { path: 'clusters/dev/data.yaml', text: ks('data', './platform/data', [{ name: 'operators' }]) },
  { path: 'clusters/dev/ml.yaml', text: ks('ml', './platform/ml', [{ name: 'data', namespace: 'flux-system' }]) },
  { path: 'clusters/dev/other.yaml', text: ks('other', './platform/other', [{ name: 'operators', namespace: 'elsewhere' }]) },
];
const base = [
  ...layers,
  { path: 'platform/operators/strimzi.yaml', text: hr('strimzi', '0.44.0') },
  { path: 'platform/operators/spark.yaml', text: hr('spark', '2.0.0') },
  { path: 'platform/other/README.md', text: 'hello' },
];
const replace = (path: string, text: string) => base.map(f => (f.path === path ? { path, text } : f));

describe('computeChangePreview', () => {
  it('reports nothing for identical trees', () => {
    const p = computeChangePreview(base, base);
    expect(p).toEqual({ filesChanged: [], added: [], changed: [], removed: [], affectedLayers: [], warnings: [] });
    expect(renderChangePreviewMarkdown(p)).toContain('No file changes.');
  });

  it('lists changed fields with old and new values, and the layers affected transitively', () => {
    const after = replace(
      'platform/operators/strimzi.yaml',
      hr('strimzi', '0.45.0', '  suspend: true\n'),
    );
    const p = computeChangePreview(base, after);
    expect(p.filesChanged).toEqual(['platform/operators/strimzi.yaml']);
    expect(p.added).toEqual([]);
    expect(p.removed).toEqual([]);
    expect(p.changed).toEqual([
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        name: 'strimzi',
        namespace: 'platform-operators',
        path: 'platform/operators/strimzi.yaml',
        fields: [
          { field: 'spec.chart.spec.version', op: 'changed', from: '0.44.0', to: '0.45.0' },
          { field: 'spec.suspend', op: 'added', to: 'true' },
        ],
        moreFields: 0,
      },
    ]);
    // operators holds the file; data depends on operators (same namespace by
    // default); ml on data (transitively); other names another namespace.
    expect(p.affectedLayers).toEqual([
      { name: 'data', namespace: 'flux-system', path: './platform/data', reason: 'dependsOn', via: ['flux-system/operators'] },
      { name: 'ml', namespace: 'flux-system', path: './platform/ml', reason: 'dependsOn', via: ['flux-system/data'] },
      { name: 'operators', namespace: 'flux-system', path: './platform/operators', reason: 'files', via: ['platform/operators/strimzi.yaml'] },
    ]);
    const md = renderChangePreviewMarkdown(p);
    expect(md).toContain('`spec.chart.spec.version`: `0.44.0` → `0.45.0`');
    expect(md).toContain('`spec.suspend`: added: `true`');
    expect(md).toContain('Kustomization `flux-system/ml`: depends on `flux-system/data`');
  });

  it('lists added and removed objects, and an object moved between files as unchanged', () => {
    const after = [
      ...base.filter(f => f.path !== 'platform/operators/spark.yaml' && f.path !== 'platform/operators/strimzi.yaml'),
      { path: 'platform/operators/flink.yaml', text: `${hr('flink', '1.0.0')}---\n${hr('strimzi', '0.44.0')}` },
    ];
    const p = computeChangePreview(base, after);
    expect(p.added.map(o => `${o.kind}/${o.name}@${o.path}`)).toEqual(['HelmRelease/flink@platform/operators/flink.yaml']);
    expect(p.removed.map(o => `${o.kind}/${o.name}@${o.path}`)).toEqual(['HelmRelease/spark@platform/operators/spark.yaml']);
    expect(p.changed).toEqual([]);
    expect(p.affectedLayers.map(l => `${l.name}:${l.reason}`)).toEqual(['data:dependsOn', 'ml:dependsOn', 'operators:files']);
    const md = renderChangePreviewMarkdown(p);
    expect(md).toContain('**Added (1)**');
    expect(md).toContain('**Removed (1)**');
  });

  it('a removed Kustomization still names its dependents', () => {
    const after = base.filter(f => f.path !== 'clusters/dev/data.yaml');
    const p = computeChangePreview(base, after);
    expect(p.removed.map(o => o.name)).toEqual(['data']);
    // The removed layer is affected itself, and so is the one that depends on it.
    expect(p.affectedLayers.map(l => `${l.name}:${l.reason}:${l.via.join(',')}`)).toEqual([
      'ml:dependsOn:flux-system/data',
      'data:object:clusters/dev/data.yaml',
    ]);
    const root = [{ path: 'clusters/dev/root.yaml', text: ks('root', './clusters/dev') }];
    const p2 = computeChangePreview([...base, ...root], [...after, ...root]);
    expect(p2.affectedLayers.map(l => `${l.name}:${l.reason}:${l.via.join(',')}`)).toEqual([
      'ml:dependsOn:flux-system/data',
      'root:files:clusters/dev/data.yaml',
      'data:object:clusters/dev/data.yaml',
    ]);
  });

  it('gives a warning line for broken YAML instead of failing, and leaves its objects out', () => {
    const after = [
      ...replace('platform/operators/spark.yaml', 'apiVersion: v1\nkind: [unclosed\n'),
      { path: 'platform/operators/bad.yml', text: 'a: b: c\n  - x' },
    ];
    const p = computeChangePreview(base, after);
    expect(p.removed).toEqual([]);
    expect(p.added).toEqual([]);
    expect(p.warnings).toHaveLength(2);
    expect(p.warnings[0]).toMatch(/^platform\/operators\/bad\.yml \(after the change\) is not valid YAML/);
    expect(p.warnings[1]).toMatch(/^platform\/operators\/spark\.yaml \(after the change\) is not valid YAML/);
    expect(p.affectedLayers.map(l => l.name)).toEqual(['data', 'ml', 'operators']);
    expect(renderChangePreviewMarkdown(p)).toContain('**Warnings (2)**');
  });

  it('never shows Secret data values and leaves long values out', () => {
    const secret = (v: string) => `apiVersion: v1\nkind: Secret\nmetadata: { name: s, namespace: ml }\nstringData:\n  password: ${v}\n`;
    const long = (v: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: ml }\ndata:\n  big: ${v.repeat(100)}\n  small: ${v}\n`;
    const p = computeChangePreview(
      [{ path: 's.yaml', text: secret('old-secret') }, { path: 'c.yaml', text: long('a') }],
      [{ path: 's.yaml', text: secret('new-secret') }, { path: 'c.yaml', text: long('b') }],
    );
    expect(p.changed.map(o => o.fields)).toEqual([
      [
        { field: 'data.big', op: 'changed' },
        { field: 'data.small', op: 'changed', from: 'a', to: 'b' },
      ],
      [{ field: 'stringData.password', op: 'changed' }],
    ]);
    expect(JSON.stringify(p)).not.toContain('secret');
    expect(renderChangePreviewMarkdown(p)).not.toContain('new-secret');
  });

  it('keeps repository text inside inline code in Markdown', () => {
    const evil = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: "x`<img src=x>\\n# Heading", namespace: ml }\n';
    const md = renderChangePreviewMarkdown(computeChangePreview([], [{ path: 'e.yaml', text: evil }]));
    expect(md).toContain('ConfigMap `ml/x <img src=x> # Heading` (`e.yaml`)');
    expect(md).not.toMatch(/^# Heading/m);
  });
});
