import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { z } from 'zod/v3';
import {
  actionInputSchema,
  dnsName,
  findKustomizationFile,
  repoPathField,
  platformNamespaceField,
  resolveRepoRoot,
  objectsAnnotationField,
  resolveReleaseRef,
} from '../gitops/common';
import { findCloneTop, WorkspaceClone } from '../gitops/WorkspaceClone';
import { readRepoYamlFiles } from '../gitops/repoFiles';
import { findHelmRelease } from '../gitops/repoObjects';
import { parseInput } from '../gitops/validation';
import { WorkspaceTransaction } from '../gitops/WorkspaceTransaction';
import { removeKustomizationResource } from '../gitops/yamlDocuments';
import { toPosixRelative } from '../gitops/workspacePaths';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import type { GitopsTargetConfig } from '../config';
import { GithubHistory } from '../gitops/githubHistory';
import { examples } from './revert.examples';

const ACTION_ID = 'mlops:revert';

/** Input of `mlops:revert`. */
export const revertInputSchema = z.object({
  repoPath: repoPathField(),
  name: dnsName(53).describe('HelmRelease whose last change is reverted'),
  namespace: platformNamespaceField(
    'Namespace of the HelmRelease (needed only when the name is not unique)',
  ),
  objects: objectsAnnotationField(),
});

/**
 * Options of `mlops:revert`.
 * @public
 */
export interface RevertActionOptions {
  /** mlops.gitops: in GitHub mode a checkout without history reads it from GitHub. */
  target?: GitopsTargetConfig;
  /** integrations.* (needed for the GitHub mode). */
  integrations?: ScmIntegrationRegistry;
  /** Defaults to DefaultGithubCredentialsProvider over `integrations`. */
  githubCredentialsProvider?: GithubCredentialsProvider;
}

/**
 * `mlops:revert`: the reverse of the last commit that changed a component's
 * file, as a new change in the working tree (not a commit): the template
 * then opens it as a pull request or branch like any other change. Only the
 * component's file and its folder's kustomization.yaml are reverted, so
 * unrelated changes made in the same commit stay.
 *
 * History comes from the checkout when it is a Git clone in the workspace
 * (mlops:git:clone), else, when mlops.gitops is in GitHub mode (fetch:plain
 * gives no history), from GitHub's REST API with the GitHub integration's
 * credentials.
 * @public
 */
export function createRevertAction(options: RevertActionOptions = {}) {
  return createTemplateAction({
    id: ACTION_ID,
    description:
      "Reverts the last Git change to a component's files in a clone of the GitOps repo (as a working-tree change)",
    examples,
    supportsDryRun: true,
    schema: {
      input: actionInputSchema(revertInputSchema),
      output: {
        diff: zs => zs.string(),
        filesChanged: zs => zs.array(zs.string()),
        changed: zs => zs.boolean(),
        revertedCommit: zs => zs.string(),
        revertedSubject: zs => zs.string(),
      },
    },
    async handler(ctx) {
      const input = parseInput(revertInputSchema, ctx.input, ACTION_ID);
      const release = resolveReleaseRef(input);
      const root = resolveRepoRoot(ctx.workspacePath, input.repoPath);
      const realRoot = await fs.realpath(root);
      // A `.git` above the Flux tree, found without running git; checked
      // (and refused unless it is this task's mlops:git:clone) before any
      // git runs. GitHub mode without one reads history from GitHub.
      const cloneTop = findCloneTop(ctx.workspacePath, root);
      if (!cloneTop && options.target?.mode !== 'github') {
        throw new InputError(
          `repoPath: '${input.repoPath}' is not inside a Git clone in the workspace (fetch it with mlops:git:clone)`,
        );
      }
      async function revertInClone(
        clone: WorkspaceClone,
        componentFile: string,
        kustomization: string | undefined,
      ) {
        const top = clone.top;
        const git = (args: string[]) => clone.git(args);
        const rel = (p: string) =>
          path.relative(top, p).split(path.sep).join('/');
        const componentRel = rel(componentFile);

        // Against the commit the clone was made at, with the clone's private
        // index: the workspace's own HEAD and index are never read.
        const status = (
          await git([
            'status',
            '--porcelain',
            '--ignore-submodules=all',
            '--',
            componentRel,
          ])
        ).trim();
        if (status) {
          throw new ConflictError(
            `name: ${componentRel} has uncommitted changes in the clone; revert runs on a clean checkout`,
          );
        }
        const commit = (
          await git([
            'log',
            '-1',
            '--format=%H',
            clone.base,
            '--',
            componentRel,
          ])
        ).trim();
        if (!commit)
          throw new NotFoundError(
            `name: ${componentRel} has no history to revert`,
          );
        const subject = (
          await git(['log', '-1', '--format=%s', commit, '--'])
        ).trim();
        const parents = (
          await git(['rev-list', '--parents', '-n', '1', commit, '--'])
        )
          .trim()
          .split(' ')
          .slice(1);
        // The root commit has no parent: diff against the empty tree.
        const parent =
          parents[0] ??
          (await git(['hash-object', '-t', 'tree', '/dev/null'])).trim();
        const paths = [componentRel];
        // The commit may have touched the folder's kustomization.yaml for other
        // components too, so its diff is not reverted wholesale: when the
        // commit added the component's file, only its entry is removed.
        const tx = new WorkspaceTransaction(top);
        let existedBefore = true;
        try {
          await git(['cat-file', '-e', `${parent}:${componentRel}`]);
        } catch {
          existedBefore = false;
        }
        if (!existedBefore && kustomization) {
          const text = await fs.readFile(kustomization, 'utf8');
          const entry = path
            .relative(path.dirname(kustomization), componentFile)
            .split(path.sep)
            .join('/');
          const next = removeKustomizationResource(
            text,
            entry,
            rel(kustomization),
          );
          if (next !== text) await tx.write(kustomization, next);
        }

        // The reverse patch: from the commit back to its parent, for these files.
        const patch = await git([
          'diff',
          '--no-color',
          '--no-ext-diff',
          '--no-textconv',
          '--binary',
          commit,
          parent,
          '--',
          ...paths,
        ]);
        if (!patch) {
          ctx.output('diff', '');
          ctx.output('filesChanged', []);
          ctx.output('changed', false);
          ctx.output('revertedCommit', commit);
          ctx.output('revertedSubject', subject);
          return;
        }
        // The patch file lives outside the workspace, so it never ends up in the change.
        const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'mlops-revert-'));
        const patchFile = path.join(tmp, 'revert.patch');
        await fs.writeFile(patchFile, patch);
        try {
          await applyRevert();
        } finally {
          await fs.rm(tmp, { recursive: true, force: true });
        }

        async function applyRevert() {
          try {
            // --check first: git apply is all-or-nothing, and later changes to the
            // same lines make the revert conflict rather than half-apply.
            await git(['apply', '--check', patchFile]);
          } catch (e) {
            throw new ConflictError(
              `name: the last change to ${componentRel} (${commit.slice(
                0,
                12,
              )} "${subject}") no longer reverts cleanly: ${
                (e as Error).message
              }`,
            );
          }
          if (!ctx.isDryRun) {
            await ctx.checkpoint({
              key: `mlops.revert.${commit}.${componentRel}`,
              fn: async () => {
                await git(['apply', patchFile]);
                try {
                  await tx.commit();
                } catch (e) {
                  // Leave the clone as it was.
                  await git(['apply', '-R', patchFile]);
                  throw e;
                }
              },
            });
          }
          const repoRel = path
            .relative(top, realRoot)
            .split(path.sep)
            .join('/');
          const strip = (p: string) =>
            repoRel ? p.slice(repoRel.length + 1) : p;
          const changedFiles = [
            ...(await git(['apply', '--numstat', patchFile]))
              .split('\n')
              .filter(Boolean)
              .map(l => l.split('\t')[2]),
            ...tx.filesChanged(),
          ]
            .map(strip)
            .sort();
          ctx.logger.info(
            `Reverting ${commit.slice(
              0,
              12,
            )} "${subject}" for ${changedFiles.join(', ')}`,
          );
          ctx.output('diff', patch + tx.diff());
          ctx.output('filesChanged', changedFiles);
          ctx.output('changed', true);
          ctx.output('revertedCommit', commit);
          ctx.output('revertedSubject', subject);
        }
      }

      const clone = cloneTop
        ? await WorkspaceClone.open(
            cloneTop,
            'repoPath',
            toPosixRelative(await fs.realpath(ctx.workspacePath), cloneTop) ||
              '.',
          )
        : undefined;
      try {
        await run();
      } finally {
        await clone?.close();
      }

      async function run() {
        /**
         * GitHub mode without a clone: the same revert from GitHub's REST API.
         * The component's file at the branch head is what the checkout has
         * (checked, so a branch that moved since the fetch is a conflict, not a
         * wrong revert); the reverse of its last commit is then simply the
         * file as it was at that commit's parent, or, when the commit added
         * it (404 at the parent), its removal with its kustomization entry.
         */
        async function revertFromGithub(args: {
          componentFile: string;
          kustomization?: string;
        }) {
          const target = options.target!;
          if (!options.integrations) {
            throw new InputError(
              'mlops:revert needs the GitHub integration (integrations.github) to read history in GitHub mode',
            );
          }
          const history = await GithubHistory.create({
            repoUrl: target.repoUrl!,
            integrations: options.integrations,
            credentialsProvider:
              options.githubCredentialsProvider ??
              DefaultGithubCredentialsProvider.fromIntegrations(
                options.integrations,
              ),
          });
          // fetch:plain put the Flux tree (mlops.gitops.github.path) at repoPath.
          const inCheckout = path
            .relative(realRoot, args.componentFile)
            .split(path.sep)
            .join('/');
          const repoFile = [target.path, inCheckout].filter(Boolean).join('/');
          const last = await history.lastCommit(repoFile, target.branch);
          if (!last) {
            throw new NotFoundError(
              `name: ${repoFile} has no history on branch '${target.branch}' of ${history.slug} to revert`,
            );
          }
          const current = await fs.readFile(args.componentFile, 'utf8');
          const atCommit = await history.fileAt(repoFile, last.sha);
          if (atCommit !== current) {
            throw new ConflictError(
              `name: the checkout's ${repoFile} is not the file of its last commit ${last.sha.slice(
                0,
                12,
              )} (the branch moved, or the checkout was edited); run the template again`,
            );
          }
          const before = last.parent
            ? await history.fileAt(repoFile, last.parent)
            : undefined;
          const tx = new WorkspaceTransaction(realRoot);
          if (before === undefined) {
            await tx.remove(args.componentFile);
            if (args.kustomization) {
              const text = await fs.readFile(args.kustomization, 'utf8');
              const entry = path
                .relative(path.dirname(args.kustomization), args.componentFile)
                .split(path.sep)
                .join('/');
              const next = removeKustomizationResource(
                text,
                entry,
                path.relative(realRoot, args.kustomization),
              );
              if (next !== text) await tx.write(args.kustomization, next);
            }
          } else {
            await tx.write(args.componentFile, before);
          }
          const filesChanged = tx.filesChanged();
          if (filesChanged.length > 0 && !ctx.isDryRun) {
            await ctx.checkpoint({
              key: `mlops.revert.${last.sha}.${repoFile}`,
              fn: async () => {
                await tx.commit();
              },
            });
          }
          ctx.logger.info(
            `Reverting ${last.sha.slice(0, 12)} "${last.subject}" of ${
              history.slug
            } for ${filesChanged.join(', ') || 'nothing'}`,
          );
          ctx.output('diff', tx.diff());
          ctx.output('filesChanged', filesChanged);
          ctx.output('changed', filesChanged.length > 0);
          ctx.output('revertedCommit', last.sha);
          ctx.output('revertedSubject', last.subject);
        }

        const files = await readRepoYamlFiles(realRoot);
        const componentFile = findHelmRelease(files, release).file.abs;
        const kustomization = findKustomizationFile(
          path.dirname(componentFile),
        );
        if (!clone) {
          await revertFromGithub({
            componentFile,
            kustomization,
          });
          return;
        }
        await revertInClone(clone, componentFile, kustomization);
      }

    },
  });
}
