import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { signIn } from './mlops/helpers';
import { chooseTemplate, createAndWait, field, fillNewPlatformComponent, input, pickEntity, toReview } from './templateForm';

// Issue 7: the GitOps software templates run from the browser on the local
// defaults (mlops.gitops.mode local), each pushing a branch into the local
// GitOps repository whose files must build with `kubectl kustomize`, as Flux's
// kustomize-controller would build them after the merge.

const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';
const SCREENSHOTS = 'docs/screenshots';
// Unique per run: the templates push deterministic branches
// (mlops/helmrelease-add/<name>), so a fixed name would only update the
// previous run's branch and prove nothing.
const RUN = Date.now().toString(36);

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: any;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Clones the pushed branch with real git into a temp dir; returns the dir and the files it changes against main. */
function cloneBranch(repo: string, branch: string) {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-templates-'));
  git(tmpdir(), 'clone', '--quiet', '--no-single-branch', '--branch', branch, repo, dir);
  const changed = git(dir, 'diff', '--name-only', 'origin/main...HEAD').split('\n').filter(Boolean);
  return { dir, changed };
}

/** `kubectl kustomize <folder>`: throws (failing the test) when the folder does not build. */
function kustomize(folder: string): K8sObject[] {
  const out = execFileSync(KUBECTL, ['kustomize', folder], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return parseAllDocuments(out)
    .map(d => d.toJS() as K8sObject)
    .filter(Boolean);
}

/** Builds every folder whose kustomization.yaml the branch changed or added. */
function buildChangedFolders(dir: string, changed: string[]) {
  const folders = [...new Set(changed.filter(f => /(^|\/)kustomization\.ya?ml$/.test(f)).map(f => dirname(f)))];
  expect(folders.length, `the branch changes a kustomization.yaml (changed: ${changed.join(', ')})`).toBeGreaterThan(0);
  return folders.map(folder => ({ folder, objects: kustomize(join(dir, folder)) }));
}

test.describe('GitOps software templates (local repository mode)', () => {
  // Each test runs a scaffolder task (clone, edit, validate, push) and then
  // reads the result with real git and kubectl; the New ML project test also
  // waits for the catalog to process the new location. All of it is waiting
  // on conditions, but on a loaded two-core machine it takes longer than the
  // suite's default two minutes.
  test.describe.configure({ timeout: 300_000 });

  test.beforeAll(() => {
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  test.beforeEach(async ({ page }) => {
    await signIn(page);
  });

  test('New platform component: form → task → branch whose layer folder builds with the new HelmRelease', async ({ page }) => {
    const name = `redis-operator-${RUN}`;
    const branch = `mlops/helmrelease-add/${name}`;
    await fillNewPlatformComponent(page, {
      name,
      description: 'Redis operator for feature caches (end-to-end test)',
      values: 'resources:\n  limits:\n    memory: 256Mi\n',
    });

    // Review shows what was filled in, including the picked layer and owner.
    await expect(page.getByText(name).first()).toBeVisible();
    await expect(page.getByText(/platform-operators/).first()).toBeVisible();
    await expect(page.getByText(/platform-team/).first()).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/template-new-component-form.png`, fullPage: true });

    const repo = await createAndWait(page, branch);
    await expect(page.getByRole('link', { name: 'Layer in the catalog' })).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/template-new-component.png`, fullPage: true });

    const { dir, changed } = cloneBranch(repo, branch);
    try {
      expect(changed).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^gitops/components/platform-operators/.*${name}.*\\.ya?ml$`))]));
      const builds = buildChangedFolders(dir, changed);
      const objects = builds.flatMap(b => b.objects);
      const release = objects.find(o => o.kind === 'HelmRelease' && o.metadata.name === name);
      expect(release, `HelmRelease ${name} in the kustomize output of ${builds.map(b => b.folder).join(', ')}`).toBeDefined();
      expect(release!.apiVersion).toBe('helm.toolkit.fluxcd.io/v2');
      expect(release!.metadata.namespace).toBe('platform-operators');
      expect(release!.spec.chart.spec).toMatchObject({ chart: 'redis-operator', version: '0.22.0' });
      expect(release!.spec.values).toEqual({ resources: { limits: { memory: '256Mi' } } });
      const sourceRef = release!.spec.chart.spec.sourceRef;
      const source = objects.find(o => o.kind === 'HelmRepository' && o.metadata.name === sourceRef.name);
      expect(source, `HelmRepository ${sourceRef.name} the release refers to`).toBeDefined();
      expect(source!.spec.url).toBe('https://ot-container-kit.github.io/helm-charts/');
      // The existing operators are still there: the entry was added, not swapped.
      expect(objects.some(o => o.kind === 'HelmRelease' && o.metadata.name === 'strimzi-operator')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('Bump component version: the task page previews the change (object, field old → new, layers affected) and the branch carries it', async ({ page }) => {
    // Unique per run (a prerelease of a version the reference repo does not
    // use), so the branch really changes and the preview is not empty.
    const version = `0.45.0-e2e.${RUN}`;
    const branch = 'mlops/helmrelease-bump/strimzi-operator';
    await chooseTemplate(page, 'Bump component version');
    const box = input(page, /^Component/);
    await box.click();
    await box.fill('strimzi');
    const option = page.getByRole('option', { name: /strimzi/i }).first();
    await expect(option).toBeVisible({ timeout: 60_000 });
    await option.click();
    await field(page, /^New chart version/).fill(version);
    await toReview(page);

    const repo = await createAndWait(page, branch);
    // The task page shows one output text at a time: Change (the diff) first, then Preview.
    await page.getByTestId('output-box').getByRole('button', { name: 'Preview', exact: true }).click();
    await expect(page.getByText('What this change does to the platform')).toBeVisible();
    const versionLine = page.locator('li', { hasText: 'spec.chart.spec.version' }).first();
    await expect(versionLine).toContainText('→');
    await expect(versionLine).toContainText(version);
    await expect(page.locator('li', { hasText: 'platform-operators/strimzi-operator' }).first()).toContainText('HelmRelease');
    await expect(page.locator('li', { hasText: /^Kustomization flux-system\/platform-operators: path/ })).toContainText('holds 1 changed file');
    await expect(page.locator('li', { hasText: 'depends on' }).first()).toBeVisible();
    await page.locator('li', { hasText: 'spec.chart.spec.version' }).first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}/change-preview.png`, fullPage: true });

    // The change branch carries the same preview in its commit message.
    const message = git(tmpdir(), `--git-dir=${repo}`, 'log', '-1', '--format=%B', branch);
    expect(message).toContain('### What this change does to the platform');
    expect(message).toContain(`→ \`${version}\``);
  });

  test('New ML project: form → task → its own repository, registered and visible in the catalog; platform resources on a branch that builds', async ({ page }) => {
    const name = `churn-${RUN}`;
    const branch = `mlops/ml-project/${name}`;
    await chooseTemplate(page, 'New ML project');

    await field(page, /^Name/).fill(name);
    await field(page, /^Description/).fill('Churn prediction (end-to-end test)');
    await pickEntity(page, /^Owner/, 'Platform team');
    await field(page, /^Airflow schedule/).fill('0 2 * * *');
    await page.getByRole('button', { name: 'Next' }).click();
    // Source repository step ("GitHub mode only"): optional in the form, the
    // local mode does not use it (in GitHub mode the run's first step refuses
    // an empty one, naming the field). Left empty here, as a local-mode user
    // would: Review must not be blocked.
    await expect(input(page, /^GitHub owner/)).toHaveValue('');
    await expect(input(page, /^GitHub repository/)).toHaveValue('');
    await toReview(page);

    await expect(page.getByText(name).first()).toBeVisible();
    await expect(page.getByText('0 2 * * *').first()).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/template-new-ml-project-form.png`, fullPage: true });

    const repo = await createAndWait(page, branch);
    await expect(page.getByText(`component:default/${name}`).first()).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/template-new-ml-project.png`, fullPage: true });

    // The project source: a Git repository of its own in the portal's data dir.
    const projectHref = await page.getByRole('link', { name: 'Local project repository' }).getAttribute('href');
    expect(projectHref).toMatch(new RegExp(`^file://.+/ml-projects/${name}$`));
    const projectRepo = fileURLToPath(projectHref!);
    expect(git(projectRepo, 'log', '--format=%s', 'main').trim()).toBe(`New ML project ${name}`);
    const projectCatalogInfo = parseAllDocuments(git(projectRepo, 'show', 'main:catalog-info.yaml')).map(d => d.toJS());
    expect(projectCatalogInfo).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'Component', metadata: expect.objectContaining({ name }), spec: expect.objectContaining({ type: 'ml-pipeline' }) })]),
    );

    // Registered: the result page links the entity, and the catalog shows it
    // once it has read the new location (processing runs in the background,
    // so reload until it is there).
    await page.getByRole('link', { name: 'Project in the catalog' }).click();
    await expect(page).toHaveURL(new RegExp(`/catalog/default/component/${name}`));
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole('heading', { name, exact: true }).first()).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 120_000 });
    await expect(page.getByText('ml-pipeline').first()).toBeVisible();
    // The Overview cards load after the header: wait for them before the screenshot.
    await expect(page.getByText('About', { exact: true }).first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/template-new-ml-project-entity.png`, fullPage: true });

    const { dir, changed } = cloneBranch(repo, branch);
    try {
      // The branch holds only the platform resources (the source has its own repository).
      expect(changed.every(f => f.startsWith('gitops/')), `changed: ${changed.join(', ')}`).toBe(true);

      const builds = buildChangedFolders(dir, changed);
      const project = builds.find(b => b.folder.endsWith(`/${name}`));
      expect(project, `the project's own GitOps folder among ${builds.map(b => b.folder).join(', ')}`).toBeDefined();
      const kinds = project!.objects.map(o => `${o.kind}/${o.metadata.name}`);
      expect(kinds).toEqual(expect.arrayContaining([`KafkaTopic/${name}-events`, `KafkaTopic/${name}-predictions`, `Job/${name}-bucket`]));
      const topic = project!.objects.find(o => o.kind === 'KafkaTopic')!;
      expect(topic.apiVersion).toMatch(/^kafka\.strimzi\.io\//);
      expect(topic.metadata.labels?.['strimzi.io/cluster']).toBeTruthy();

      // The processing layer folder lists the project folder, and builds with it.
      const parent = builds.find(b => project!.folder.startsWith(`${b.folder}/`));
      expect(parent, 'the parent kustomization that lists the project folder changed too').toBeDefined();
      expect(parent!.objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual(expect.arrayContaining([`KafkaTopic/${name}-events`, `Job/${name}-bucket`]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
