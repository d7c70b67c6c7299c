import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { InputError, NotFoundError } from '@backstage/errors';
import { isMap, isScalar, Scalar } from 'yaml';
import { z } from 'zod/v3';
import { actionInputSchema, dnsName, repoPathField, resolveRepoRoot } from '../gitops/common';
import { escapeRegExp, readRepoYamlFiles } from '../gitops/repoFiles';
import { findObjects } from '../gitops/repoObjects';
import { ANNOTATION_SETTINGS_SCHEMA, checkSettingValue, parseSettingsSchema } from '../gitops/settings';
import { parseInput } from '../gitops/validation';
import { detectStringifyOptions, stringifyYamlDocuments } from '../gitops/yamlDocuments';
import { WorkspaceTransaction } from '../gitops/WorkspaceTransaction';
import { examples } from './settingsSet.examples';

const ACTION_ID = 'mlops:settings:set';

/** Input of `mlops:settings:set`. */
export const settingsSetInputSchema = z.object({
  repoPath: repoPathField(),
  key: z
    .string()
    .max(100)
    .regex(/^[A-Z][A-Z0-9_]*$/, { message: 'must be an upper-case setting name such as KAFKA_REPLICAS' })
    .describe('Setting to change'),
  value: z.string().max(1000).describe('New value (ConfigMap data are strings)'),
  configMapName: dnsName(253).default('platform-settings').describe('Name of the settings ConfigMap'),
  configMapNamespace: dnsName().default('flux-system').describe('Namespace of the settings ConfigMap'),
});

/**
 * `mlops:settings:set`: changes one platform setting in the settings
 * ConfigMap (the one Flux substitutes into every layer), checked against the
 * types declared in its `mlops-portal.io/settings-schema` annotation.
 * @public
 */
export function createSettingsSetAction() {
  return createTemplateAction({
    id: ACTION_ID,
    description: 'Changes one platform setting in the settings ConfigMap, validated against its declared type',
    examples,
    supportsDryRun: true,
    schema: {
      input: actionInputSchema(settingsSetInputSchema),
      output: {
        diff: zs => zs.string(),
        filesChanged: zs => zs.array(zs.string()),
        changed: zs => zs.boolean(),
        previousValue: zs => zs.string().describe('Value before (empty if unset)'),
        settingsPath: zs => zs.string(),
      },
    },
    async handler(ctx) {
      const input = parseInput(settingsSetInputSchema, ctx.input, ACTION_ID);
      const root = resolveRepoRoot(ctx.workspacePath, input.repoPath);
      const files = await readRepoYamlFiles(root);
      const nameRe = new RegExp(`name:[ \\t]*["']?${escapeRegExp(input.configMapName)}["']?[ \\t\\r]*$`, 'm');
      const found = findObjects(files, 'ConfigMap', f => nameRe.test(f.text)).find(
        o => o.name === input.configMapName && o.namespace === input.configMapNamespace,
      );
      if (!found) {
        throw new NotFoundError(
          `configMapName: no ConfigMap '${input.configMapName}' in namespace '${input.configMapNamespace}' in the repository`,
        );
      }
      const doc = found.docs[found.index];
      const where = `ConfigMap ${input.configMapNamespace}/${input.configMapName} (${found.file.rel})`;
      const schema = parseSettingsSchema(
        doc.getIn(['metadata', 'annotations', ANNOTATION_SETTINGS_SCHEMA]) as string | undefined,
        where,
      );
      const decl = schema[input.key];
      if (!decl) {
        throw new InputError(`key: '${input.key}' is not a declared setting; known: ${Object.keys(schema).join(', ')}`);
      }
      const problem = checkSettingValue(input.key, decl, input.value);
      if (problem) throw new InputError(problem);

      let data = doc.get('data', true);
      if (!data) {
        doc.set('data', doc.createNode({}));
        data = doc.get('data', true);
      }
      if (!isMap(data)) throw new InputError(`${where}: data is not a mapping`);
      const node = data.get(input.key, true);
      const previousValue = isScalar(node) ? String(node.value) : '';
      const tx = new WorkspaceTransaction(root);
      if (!isScalar(node) || String(node.value) !== input.value) {
        if (isScalar(node)) {
          // Keep the node (quotes, comment); only the value changes.
          node.value = input.value;
          if (node.type === Scalar.PLAIN) node.type = Scalar.QUOTE_DOUBLE;
        } else {
          const scalar = doc.createNode(input.value) as Scalar;
          // ConfigMap data must be strings: quote, so "3" or "true" stay strings.
          scalar.type = Scalar.QUOTE_DOUBLE;
          data.set(input.key, scalar);
        }
        await tx.write(found.file.abs, stringifyYamlDocuments(found.docs, detectStringifyOptions(found.file.text)));
      }
      const filesChanged = tx.filesChanged();
      if (!ctx.isDryRun && filesChanged.length) {
        await ctx.checkpoint({
          key: `mlops.settings.set.${input.key}.${input.value}`,
          fn: async () => {
            await tx.commit();
          },
        });
      }
      ctx.output('diff', tx.diff());
      ctx.output('filesChanged', filesChanged);
      ctx.output('changed', filesChanged.length > 0);
      ctx.output('previousValue', previousValue);
      ctx.output('settingsPath', found.file.rel);
    },
  });
}
