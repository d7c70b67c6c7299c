import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { InputError } from '@backstage/errors';
import { isScalar, Scalar } from 'yaml';
import { z } from 'zod/v3';
import {
  actionInputSchema,
  dnsName,
  repoPathField,
  platformNamespaceField,
  resolveRepoRoot,
  objectsAnnotationField,
  resolveReleaseRef,
} from '../gitops/common';
import { escapeRegExp, readRepoYamlFiles } from '../gitops/repoFiles';
import { findHelmRelease, findObjects, FoundObject } from '../gitops/repoObjects';
import { RepoFile } from '../gitops/repoFiles';
import semver from 'semver';
import {
  isChartVersion,
  parseInput,
} from '../gitops/validation';
import {
  detectStringifyOptions,
  objectIdentity,
  stringifyYamlDocuments,
} from '../gitops/yamlDocuments';
import { WorkspaceTransaction } from '../gitops/WorkspaceTransaction';
import { examples } from './helmReleaseBump.examples';

const ACTION_ID = 'mlops:helmrelease:bump';

/** Input of `mlops:helmrelease:bump`. */
export const helmReleaseBumpInputSchema = z.object({
  repoPath: repoPathField(),
  name: dnsName(53).describe('Name of the HelmRelease'),
  namespace: platformNamespaceField(
    'Namespace of the HelmRelease (needed only when the name is not unique)',
  ),
  objects: objectsAnnotationField(),
  version: z
    .string()
    .max(100)
    .refine(isChartVersion, {
      message:
        'must be a semver version (1.2.3) or a semver range (>=1.2.0 <2.0.0, ~1.2, 1.x)',
    })
    .describe('New chart version or range'),
});

/**
 * `mlops:helmrelease:bump`: sets `spec.chart.spec.version` of a HelmRelease,
 * found by name (and namespace) anywhere in the checkout. Only that scalar
 * changes: its quoting and comments stay. Already at that version →
 * `changed: false`, so the template can skip the pull request.
 * @public
 */
export function createHelmReleaseBumpAction() {
  return createTemplateAction({
    id: ACTION_ID,
    description:
      "Changes a HelmRelease's chart version in a GitOps checkout; outputs a unified diff",
    examples,
    supportsDryRun: true,
    schema: {
      input: actionInputSchema(helmReleaseBumpInputSchema),
      output: {
        diff: zs => zs.string(),
        filesChanged: zs => zs.array(zs.string()),
        changed: zs =>
          zs
            .boolean()
            .describe('False when the release was already at that version'),
        previousVersion: zs => zs.string(),
        releasePath: zs => zs.string(),
        namespace: zs => zs.string(),
        helmRepositoryUrl: zs =>
          zs
            .string()
            .describe('New URL of a per-version HelmRepository (empty when it did not change)'),
      },
    },
    async handler(ctx) {
      const input = parseInput(
        helmReleaseBumpInputSchema,
        ctx.input,
        ACTION_ID,
      );
      const release = resolveReleaseRef(input);
      const root = resolveRepoRoot(ctx.workspacePath, input.repoPath);
      const files = await readRepoYamlFiles(root);
      const found = findHelmRelease(files, release);
      const doc = found.docs[found.index];
      const node = doc.getIn(['spec', 'chart', 'spec', 'version'], true);
      if (!isScalar(node)) {
        if (doc.getIn(['spec', 'chartRef'])) {
          throw new InputError(
            `name: HelmRelease '${release.name}' uses spec.chartRef; its version is set on the referenced OCIRepository, which this action does not edit`,
          );
        }
        throw new InputError(
          `name: HelmRelease '${release.name}' has no spec.chart.spec.version to change`,
        );
      }
      const scalar = node as Scalar;
      const previousVersion = String(scalar.value);
      const tx = new WorkspaceTransaction(root);
      let sourceUrl = '';
      if (previousVersion !== input.version) {
        // Change the value of the existing node: its quote style and its
        // trailing comment are kept.
        scalar.value = input.version;
        if (
          scalar.type === Scalar.PLAIN &&
          /^[0-9.]+$/.test(input.version) &&
          (input.version.match(/\./g) ?? []).length < 2
        ) {
          // "1.10" plain would read back as the number 1.1.
          scalar.type = Scalar.QUOTE_DOUBLE;
        }
        // Some chart repositories are per release (Apache Flink publishes one
        // Helm repository per operator version): when the HelmRepository URL
        // of this release carries the old version as a path segment, it moves
        // with the chart, or Flux would look for the new chart in the old repo.
        const other = bumpVersionedRepositoryUrl(
          files,
          found,
          previousVersion,
          input.version,
        );
        if (other) sourceUrl = other.url;
        await tx.write(
          found.file.abs,
          stringifyYamlDocuments(
            found.docs,
            detectStringifyOptions(found.file.text),
          ),
        );
        if (other && other.file.abs !== found.file.abs) {
          await tx.write(
            other.file.abs,
            stringifyYamlDocuments(other.docs, detectStringifyOptions(other.file.text)),
          );
        }
      }
      const filesChanged = tx.filesChanged();
      if (!ctx.isDryRun && filesChanged.length) {
        await ctx.checkpoint({
          key: `mlops.helmrelease.bump.${found.namespace}.${release.name}.${input.version}`,
          fn: async () => {
            await tx.commit();
          },
        });
      }
      ctx.output('diff', tx.diff());
      ctx.output('filesChanged', filesChanged);
      ctx.output('changed', filesChanged.length > 0);
      ctx.output('previousVersion', previousVersion);
      ctx.output('releasePath', found.file.rel);
      ctx.output('namespace', found.namespace ?? '');
      ctx.output('helmRepositoryUrl', sourceUrl);
    },
  });
}

/**
 * When the release's HelmRepository URL holds `from` as a whole path segment
 * (or a `-<version>` suffix of one) and `to` is an exact version, rewrites it
 * in place (the document object is shared with the file's other documents)
 * and returns the changed repository.
 */
function bumpVersionedRepositoryUrl(
  files: RepoFile[],
  release: FoundObject,
  from: string,
  to: string,
) {
  if (!semver.valid(from) || !semver.valid(to)) return undefined;
  const doc = release.docs[release.index];
  const ref = doc.getIn(['spec', 'chart', 'spec', 'sourceRef']) as any;
  if (!ref || ref.get?.('kind') !== 'HelmRepository') return undefined;
  const name = String(ref.get('name'));
  const namespace = String(ref.get('namespace') ?? release.namespace ?? '');
  // Same file first (the reference repo's layout), then anywhere.
  const candidates: FoundObject[] = release.docs
    .map((d, index) => ({ ...release, index, ...objectIdentity(d), kind: String(objectIdentity(d).kind) }))
    .filter(o => o.kind === 'HelmRepository');
  const nameRe = new RegExp(`name:[ \\t]*["']?${escapeRegExp(name)}["']?[ \\t\\r]*$`, 'm');
  candidates.push(...findObjects(files, 'HelmRepository', f => f.abs !== release.file.abs && nameRe.test(f.text)));
  const repo = candidates.find(o => o.name === name && (o.namespace ?? namespace) === namespace);
  if (!repo) return undefined;
  const urlNode = repo.docs[repo.index].getIn(['spec', 'url'], true);
  if (!isScalar(urlNode) || typeof urlNode.value !== 'string') return undefined;
  const segment = new RegExp(`([/-])${escapeRegExp(from)}(?=/|$)`);
  if (!segment.test(urlNode.value)) return undefined;
  const url: string = urlNode.value.replace(segment, `$1${to}`);
  urlNode.value = url;
  return { ...repo, url };
}
