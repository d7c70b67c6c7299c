import fs from 'node:fs';
import path from 'node:path';
import { capMarkdown, createGitopsPreviewAction } from './gitopsPreview';
import { createGitopsSnapshotAction } from './gitopsSnapshot';
import { createHelmReleaseBumpAction } from './helmReleaseBump';
import { examples } from './gitopsPreview.examples';
import { examples as snapshotExamples } from './gitopsSnapshot.examples';
import { makeWorkspace, REFERENCE_GITOPS } from '../__testUtils__/fixtureRepos';
import { exampleInput, runAction } from '../__testUtils__/runAction';

const snapshot = createGitopsSnapshotAction();
const preview = createGitopsPreviewAction();
const bump = createHelmReleaseBumpAction();

describe('mlops:gitops:snapshot and mlops:gitops:preview', () => {
  let ws: ReturnType<typeof makeWorkspace>;
  beforeEach(() => {
    ws = makeWorkspace(REFERENCE_GITOPS);
  });
  afterEach(() => ws.cleanup());

  it('shows a chart bump with old → new version and the layers it reaches (reference gitops/)', async () => {
    // The reference repository is the folder gitops/ of this monorepo: its
    // Kustomization paths start with ./gitops/.
    const kept = await runAction(snapshot, ws.workspacePath, { ...exampleInput(snapshotExamples[0].example), pathInRepo: 'gitops' });
    expect(kept.files).toBeGreaterThan(10);
    await runAction(bump, ws.workspacePath, { repoPath: 'gitops', name: 'strimzi-operator', version: '0.99.0' });
    const out = await runAction(preview, ws.workspacePath, { ...exampleInput(examples[0].example), pathInRepo: 'gitops' });
    const release = out.preview.changed.find((o: any) => o.kind === 'HelmRelease');
    expect(release).toMatchObject({ name: 'strimzi-operator', namespace: 'platform-operators' });
    expect(release.fields).toContainEqual(
      expect.objectContaining({ field: 'spec.chart.spec.version', op: 'changed', to: '0.99.0' }),
    );
    expect(out.preview.added).toEqual([]);
    expect(out.preview.removed).toEqual([]);
    // The operators layer holds the file (the root Kustomization's path is
    // ./gitops/clusters/mlops, which does not); every layer that depends on
    // platform-operators, directly or not, follows.
    const layers = Object.fromEntries(out.preview.affectedLayers.map((l: any) => [l.name, l]));
    expect(layers['platform-operators']).toEqual({
      name: 'platform-operators',
      namespace: 'flux-system',
      path: './gitops/components/platform-operators',
      reason: 'files',
      via: ['gitops/components/platform-operators/strimzi-operator.yaml'],
    });
    expect(layers.base).toBeUndefined();
    expect(layers['mlops-platform']).toBeUndefined();
    expect(layers['data-storage']).toMatchObject({ reason: 'dependsOn', via: ['flux-system/platform-operators'] });
    const dependents = (Object.values(layers) as any[]).filter(l => l.reason === 'dependsOn');
    expect(dependents.length).toBeGreaterThan(0);
    expect(dependents.filter(l => !l.via.every((v: string) => layers[v.split('/')[1]]))).toEqual([]);
    expect(out.markdown).toContain('`spec.chart.spec.version`: `');
    expect(out.markdown).toContain('→ `0.99.0`');
    expect(out.summary).toMatch(/^0 added, \d+ changed, 0 removed; \d+ layers affected$/);
  });

  it('an untouched checkout previews as no change; broken YAML is a warning line', async () => {
    await runAction(snapshot, ws.workspacePath, { repoPath: 'gitops' });
    let out = await runAction(preview, ws.workspacePath, { repoPath: 'gitops' });
    expect(out.preview).toMatchObject({ filesChanged: [], added: [], changed: [], removed: [], affectedLayers: [] });
    expect(out.markdown).toContain('No file changes.');
    expect(out.markdown).not.toContain('Dry run');
    const dry = await runAction(preview, ws.workspacePath, { repoPath: 'gitops' }, { dryRun: true });
    expect(dry.markdown).toMatch(/^_Dry run: the change step wrote nothing/);
    fs.writeFileSync(path.join(ws.repo, 'broken.yaml'), 'kind: [oops\n');
    out = await runAction(preview, ws.workspacePath, { repoPath: 'gitops' });
    expect(out.preview.filesChanged).toEqual(['broken.yaml']);
    expect(out.preview.warnings).toEqual([expect.stringMatching(/^broken\.yaml \(after the change\) is not valid YAML/)]);
  });

  it('prefixes paths with pathInRepo so Kustomization paths of the whole repository match', async () => {
    await runAction(snapshot, ws.workspacePath, { repoPath: 'gitops', pathInRepo: 'sub' });
    await runAction(bump, ws.workspacePath, { repoPath: 'gitops', name: 'strimzi-operator', version: '0.99.0' });
    const out = await runAction(preview, ws.workspacePath, { repoPath: 'gitops', pathInRepo: 'sub' });
    expect(out.preview.filesChanged.every((f: string) => f.startsWith('sub/'))).toBe(true);
  });

  it.each([
    ['a path outside the workspace', { repoPath: '../etc' }, /repoPath: must not contain '\.\.'/],
    ['an absolute path', { repoPath: '/etc' }, /repoPath: must be a path relative to the workspace/],
    ['a pathInRepo with ..', { repoPath: 'gitops', pathInRepo: 'a/../..' }, /pathInRepo: must be relative, without '\.\.'/],
    ['a pathInRepo with odd characters', { repoPath: 'gitops', pathInRepo: 'a b' }, /pathInRepo: must be a relative folder/],
    ['a repoPath that is not a string', { repoPath: 3 }, /repoPath: Expected string/],
  ])('rejects %s, naming the field', async (_l, input, message) => {
    await expect(runAction(preview, ws.workspacePath, input)).rejects.toThrow(message);
    await expect(runAction(snapshot, ws.workspacePath, input)).rejects.toThrow(message);
  });

  it('without a snapshot, or with one of another checkout, says what to do', async () => {
    await expect(runAction(preview, ws.workspacePath, { repoPath: 'gitops' })).rejects.toThrow(
      /repoPath: no snapshot of 'gitops' in the workspace; run mlops:gitops:snapshot/,
    );
    fs.mkdirSync(path.join(ws.workspacePath, 'other'));
    await runAction(snapshot, ws.workspacePath, { repoPath: 'other' });
    await expect(runAction(preview, ws.workspacePath, { repoPath: 'gitops' })).rejects.toThrow(
      /repoPath: the snapshot is of 'other', not 'gitops'/,
    );
  });

  it('does not follow a symlinked checkout out of the workspace', async () => {
    fs.symlinkSync('/etc', path.join(ws.workspacePath, 'link'));
    await expect(runAction(snapshot, ws.workspacePath, { repoPath: 'link' })).rejects.toThrow(/repoPath:/);
  });

  it('caps the Markdown at a line end and says so', () => {
    const md = Array.from({ length: 100 }, (_, i) => `- line ${i}`).join('\n');
    expect(capMarkdown(md, 10000)).toBe(md);
    const cut = capMarkdown(md, 200);
    expect(cut.length).toBeLessThanOrEqual(200);
    expect(cut).toMatch(/- line \d+\n\n… \(preview cut here/);
  });
});
