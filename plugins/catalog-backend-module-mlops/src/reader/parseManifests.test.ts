import { parseManifestFile } from './parseManifests';

describe('parseManifestFile', () => {
  it('reads every document of a multi-document file', () => {
    const { objects, problems } = parseManifestFile({
      path: 'a.yaml',
      content: `---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\n# only a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  namespace: a\n  labels: {x: 1}\ndata: {k: v}\n`,
    });
    expect(problems).toEqual([]);
    expect(objects.map(o => [o.kind, o.metadata.name, o.source])).toEqual([
      ['Namespace', 'a', { path: 'a.yaml', document: 0 }],
      ['ConfigMap', 'b', { path: 'a.yaml', document: 2 }],
    ]);
    expect(objects[1].metadata.labels).toEqual({ x: '1' });
  });

  it('skips a broken file as a whole, naming it', () => {
    const { objects, problems } = parseManifestFile({
      path: 'broken.yaml',
      content:
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\nkind: [unclosed\n',
    });
    expect(objects).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('broken.yaml');
    expect(problems[0].reason).toMatch(/^invalid YAML/);
  });

  it('skips SOPS-encrypted files', () => {
    const { objects, problems } = parseManifestFile({
      path: 'secret.enc.yaml',
      content:
        'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: ENC[AES256_GCM,data:abc]\nsops:\n  age: []\n  version: 3.9.0\n',
    });
    expect(objects).toEqual([]);
    expect(problems).toEqual([
      { path: 'secret.enc.yaml', reason: 'SOPS-encrypted, skipped' },
    ]);
  });

  it('skips documents that are not Kubernetes objects, keeping the others', () => {
    const { objects, problems } = parseManifestFile({
      path: 'values.yaml',
      content:
        'replicaCount: 2\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n---\napiVersion: v1\nkind: Service\nmetadata: {}\n',
    });
    expect(objects.map(o => o.metadata.name)).toEqual(['s']);
    expect(problems.map(p => p.reason)).toEqual([
      'document 1: no apiVersion/kind (not a Kubernetes object)',
      'document 3: Service without metadata.name',
    ]);
  });

  it('expands v1 Lists', () => {
    const { objects } = parseManifestFile({
      path: 'list.json',
      content: JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } },
        ],
      }),
    });
    expect(objects.map(o => o.metadata.name)).toEqual(['n']);
  });
});
