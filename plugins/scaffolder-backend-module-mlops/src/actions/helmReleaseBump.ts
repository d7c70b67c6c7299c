import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { InputError, NotFoundError } from '@backstage/errors';
import { isScalar, Scalar } from 'yaml';
import { z } from 'zod/v3';
import {
  actionInputSchema,
  dnsName,
  repoPathField,
  resolveRepoRoot,
  objectsAnnotationField,
  resolveReleaseRef,
} from '../gitops/common';
import { escapeRegExp, readRepoYamlFiles } from '../gitops/repoFiles';
import { findObjects } from '../gitops/repoObjects';
import {
  isChartVersion,
  parseInput,
  platformNamespaces,
} from '../gitops/validation';
import {
  detectStringifyOptions,
  stringifyYamlDocuments,
} from '../gitops/yamlDocuments';
import { WorkspaceTransaction } from '../gitops/WorkspaceTransaction';
import { examples } from './helmReleaseBump.examples';

const ACTION_ID = 'mlops:helmrelease:bump';

/** Input of `mlops:helmrelease:bump`. */
export const helmReleaseBumpInputSchema = z.object({
  repoPath: repoPathField(),
  name: dnsName(53).describe('Name of the HelmRelease'),
  namespace: z
    .string()
    .refine(v => platformNamespaces().includes(v), {
      message: `must be one of the platform's namespaces: ${platformNamespaces().join(
        ', ',
      )}`,
    })
    .optional()
    .describe(
      'Namespace of the HelmRelease (needed only when the name is not unique)',
    ),
  objects: objectsAnnotationField(),
  version: z
    .string()
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
      const nameRe = new RegExp(
        `name:\\s*["']?${escapeRegExp(release.name)}["']?\\s*(#.*)?$`,
        'm',
      );
      const matches = findObjects(files, 'HelmRelease', f =>
        nameRe.test(f.text),
      ).filter(
        o =>
          o.name === release.name &&
          (!release.namespace || o.namespace === release.namespace),
      );
      if (matches.length === 0) {
        throw new NotFoundError(
          `name: no HelmRelease '${release.name}'${
            release.namespace ? ` in namespace '${release.namespace}'` : ''
          } in the repository`,
        );
      }
      if (matches.length > 1) {
        throw new InputError(
          `namespace: HelmRelease '${
            release.name
          }' exists in several namespaces (${matches
            .map(m => m.namespace)
            .join(', ')}); give the namespace`,
        );
      }
      const found = matches[0];
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
        await tx.write(
          found.file.abs,
          stringifyYamlDocuments(
            found.docs,
            detectStringifyOptions(found.file.text),
          ),
        );
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
    },
  });
}
