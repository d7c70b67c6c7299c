import {
  addKustomizationResource,
  detectStringifyOptions,
  parseYamlInput,
  removeKustomizationResource,
} from './yamlDocuments';

describe('addKustomizationResource', () => {
  const indented = `# header
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - a.yaml # first
  # c is special
  - c.yaml
`;

  it('inserts in sorted position, keeping comments and indentation', () => {
    expect(addKustomizationResource(indented, 'b.yaml', 'k')).toBe(indented.replace('  # c is special', '  - b.yaml\n  # c is special'));
    expect(addKustomizationResource(indented, 'd.yaml', 'k')).toBe(`${indented}  - d.yaml\n`);
  });

  it('does not duplicate an entry written as ./x', () => {
    const text = 'resources:\n- ./a.yaml\n';
    expect(addKustomizationResource(text, 'a.yaml', 'k')).toBe(text);
  });

  it('creates resources when the file has none', () => {
    expect(addKustomizationResource('kind: Kustomization\n', 'a.yaml', 'k')).toBe('kind: Kustomization\nresources:\n  - a.yaml\n');
  });

  it('names the file when resources is not a list or the YAML is broken', () => {
    expect(() => addKustomizationResource('resources: x\n', 'a', 'dir/kustomization.yaml')).toThrow("dir/kustomization.yaml: 'resources' is not a list");
    expect(() => addKustomizationResource('resources: [\n', 'a', 'dir/kustomization.yaml')).toThrow('dir/kustomization.yaml is not valid YAML');
  });

  it('removes exactly one entry', () => {
    const added = addKustomizationResource(indented, 'b.yaml', 'k');
    expect(removeKustomizationResource(added, 'b.yaml', 'k')).toBe(indented);
    expect(removeKustomizationResource(indented, 'zzz.yaml', 'k')).toBe(indented);
  });
});

describe('detectStringifyOptions', () => {
  it('reads the list style of the file', () => {
    expect(detectStringifyOptions('resources:\n- a\n').indentSeq).toBe(false);
    expect(detectStringifyOptions('resources:\n  - a\n').indentSeq).toBe(true);
    expect(detectStringifyOptions('a: 1\n').indentSeq).toBe(true);
  });
});

describe('parseYamlInput', () => {
  it('accepts an empty string and mappings, refuses lists and scalars naming the field', () => {
    expect(parseYamlInput('', 'values').contents).toBeNull();
    expect(parseYamlInput('a: "b: c"', 'values').toJS()).toEqual({ a: 'b: c' });
    expect(() => parseYamlInput('just text', 'values')).toThrow('values: must be a YAML mapping');
  });
});
