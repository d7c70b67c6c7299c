/**
 * Attacks on the portal's git calls, as data: one entry per variant, so a new
 * one is one more line. Used by src/security/gitAttacks.test.ts (every git
 * action, real git, real files) and meant to be replayed end to end by the
 * attack suite through the scaffolder's dry-run API (directoryContents +
 * fetch:plain into the workspace).
 *
 * Placeholders, replaced by the test with absolute paths outside the
 * workspace:
 * - {{MARKER}}      the file the attacker's command would create
 * - {{EVIL_GITDIR}} a working git dir whose config runs `touch {{MARKER}}` (core.fsmonitor)
 * - {{REMOTE}}      a scratch bare repository (for remotes the workspace config names)
 * - {{SECRET_OBJECTS}} / {{SECRET_SHA}} objects of another repository and a blob only it has
 * - {{OUTSIDE_TREE}} a folder outside the workspace holding `secret.txt`
 *
 * `effect` is what plain git (as the portal ran it before: cwd in the
 * workspace, the backend's environment, the repository's config) does with
 * the variant; the tests first prove that effect (so each variant is a live
 * exploit), then that the actions refuse and the effect does not happen.
 */

/** A workspace prepared by an attacker. */
export interface GitWorkspaceAttack {
  id: string;
  effect: 'exec' | 'read-outside' | 'refused-only';
  /** Paths relative to the clone's top to delete before planting (e.g. `.git`). */
  remove?: string[];
  /** Folders to create. */
  dirs?: string[];
  /** Files to write; a `.git/config` entry is appended to the existing config. */
  files?: Record<string, string>;
  /** Files to make executable. */
  executable?: string[];
  /** Symbolic links: path → target. */
  symlinks?: Record<string, string>;
  /** For 'read-outside': plain git arguments whose output shows the outside data. */
  control?: string[];
}

const TOUCH = 'touch {{MARKER}}; false';

export const GIT_WORKSPACE_ATTACKS: GitWorkspaceAttack[] = [
  { id: 'core.fsmonitor', effect: 'exec', files: { '.git/config': `[core]\n\tfsmonitor = ${TOUCH}\n` } },
  { id: 'diff.external', effect: 'exec', files: { '.git/config': '[diff]\n\texternal = touch {{MARKER}}; true\n' } },
  { id: 'filter.x.clean + .gitattributes', effect: 'exec', files: { '.git/config': '[filter "x"]\n\tclean = touch {{MARKER}}; cat\n', '.gitattributes': '* filter=x\n' } },
  { id: 'diff.x.textconv + .gitattributes', effect: 'exec', files: { '.git/config': '[diff "x"]\n\ttextconv = touch {{MARKER}}; cat\n', '.gitattributes': '*.yaml diff=x\n' } },
  { id: 'core.hooksPath to a work-tree folder', effect: 'exec', files: { '.git/config': '[core]\n\thooksPath = evil-hooks\n', 'evil-hooks/post-commit': '#!/bin/sh\ntouch {{MARKER}}\n' }, executable: ['evil-hooks/post-commit'] },
  { id: '.git/hooks/post-commit (runs despite --no-verify)', effect: 'exec', files: { '.git/hooks/post-commit': '#!/bin/sh\ntouch {{MARKER}}\n' }, executable: ['.git/hooks/post-commit'] },
  { id: '.git/hooks/reference-transaction', effect: 'exec', files: { '.git/hooks/reference-transaction': '#!/bin/sh\ntouch {{MARKER}}\n' }, executable: ['.git/hooks/reference-transaction'] },
  { id: 'include.path to a work-tree file', effect: 'exec', files: { '.git/config': '[include]\n\tpath = ../evil.gitconfig\n', 'evil.gitconfig': `[core]\n\tfsmonitor = ${TOUCH}\n` } },
  { id: 'includeIf gitdir', effect: 'exec', files: { '.git/config': '[includeIf "gitdir:/"]\n\tpath = ../evil.gitconfig\n', 'evil.gitconfig': `[core]\n\tfsmonitor = ${TOUCH}\n` } },
  { id: 'core.sshCommand with an ssh origin', effect: 'exec', files: { '.git/config': `[core]\n\tsshCommand = ${TOUCH}\n[remote "origin"]\n\turl = ssh://git@example.invalid/x.git\n` } },
  { id: 'core.gitProxy (a work-tree program) with a git:// origin', effect: 'exec', files: { '.git/config': '[core]\n\tgitProxy = ./evil-proxy\n[remote "origin"]\n\turl = git://example.invalid/x.git\n', 'evil-proxy': '#!/bin/sh\ntouch {{MARKER}}\n' }, executable: ['evil-proxy'] },
  { id: 'remote.origin.receivepack', effect: 'exec', files: { '.git/config': '[remote "origin"]\n\turl = {{REMOTE}}\n\treceivepack = touch {{MARKER}}; git-receive-pack\n' } },
  { id: 'remote.origin.uploadpack', effect: 'exec', files: { '.git/config': '[remote "origin"]\n\turl = {{REMOTE}}\n\tuploadpack = touch {{MARKER}}; git-upload-pack\n' } },
  { id: 'url.insteadOf rewriting origin to ssh', effect: 'exec', files: { '.git/config': `[core]\n\tsshCommand = ${TOUCH}\n[url "ssh://git@example.invalid/"]\n\tinsteadOf = {{REMOTE}}\n[remote "origin"]\n\turl = {{REMOTE}}\n` } },
  { id: 'extensions.worktreeConfig + config.worktree', effect: 'exec', files: { '.git/config': '[core]\n\trepositoryformatversion = 1\n[extensions]\n\tworktreeConfig = true\n', '.git/config.worktree': `[core]\n\tfsmonitor = ${TOUCH}\n` } },
  { id: 'commondir to a repository outside', effect: 'exec', files: { '.git/commondir': '{{EVIL_GITDIR}}\n' } },
  { id: '.git is a symlink to a repository outside', effect: 'exec', remove: ['.git'], symlinks: { '.git': '{{EVIL_GITDIR}}' } },
  { id: '.git is a gitfile pointing outside', effect: 'exec', remove: ['.git'], files: { '.git': 'gitdir: {{EVIL_GITDIR}}\n' } },
  { id: 'nested repository (submodule) in the work tree', effect: 'refused-only', dirs: ['nested/.git/objects', 'nested/.git/refs/heads'], files: { 'nested/.git/HEAD': 'ref: refs/heads/main\n', 'nested/.git/config': `[core]\n\trepositoryformatversion = 0\n\tfsmonitor = ${TOUCH}\n`, 'nested/file.txt': 'x\n' } },
  { id: 'objects/info/alternates to another repository', effect: 'read-outside', files: { '.git/objects/info/alternates': '{{SECRET_OBJECTS}}\n' }, control: ['cat-file', '-p', '{{SECRET_SHA}}'] },
  { id: 'core.worktree outside the workspace', effect: 'read-outside', files: { '.git/config': '[core]\n\tworktree = {{OUTSIDE_TREE}}\n' }, control: ['status', '--porcelain', '--untracked-files=all'] },
  { id: 'info/attributes with a filter', effect: 'refused-only', files: { '.git/info/attributes': '* filter=x\n' } },
  { id: 'merge driver + .gitattributes', effect: 'refused-only', files: { '.git/config': '[merge "x"]\n\tdriver = touch {{MARKER}}; false\n', '.gitattributes': '* merge=x\n' } },
  { id: 'symlink inside .git (refs to outside)', effect: 'refused-only', symlinks: { '.git/refs/evil': '{{OUTSIDE_TREE}}' } },
  { id: '.GIT (other letter case) in the work tree', effect: 'refused-only', dirs: ['.GIT'], files: { '.GIT/config': `[core]\n\tfsmonitor = ${TOUCH}\n` } },
  { id: 'marker file copied from another clone', effect: 'refused-only', files: { '.git/mlops-portal-clone.json': '{"base":"0000000000000000000000000000000000000000","branch":"main","mac":"00"}' } },
];

/**
 * The backend's own environment set by an attacker who got a variable in
 * (a misconfigured deployment, a compromised parent process): the portal's
 * git calls must ignore every one of them. Same placeholders, plus
 * {{EVIL_CONFIG_FILE}} (a config file running the marker command),
 * {{EVIL_HOME}} (a HOME with such a .gitconfig), {{EVIL_XDG}} (an
 * XDG_CONFIG_HOME with git/config), {{EVIL_TEMPLATES}} (a template folder
 * with a post-checkout hook) and {{EVIL_EXEC_PATH}} (git-upload-pack and
 * git-receive-pack that run the marker command).
 */
export interface GitEnvAttack {
  id: string;
  env: Record<string, string>;
}

export const GIT_ENV_ATTACKS: GitEnvAttack[] = [
  { id: 'GIT_CONFIG_PARAMETERS', env: { GIT_CONFIG_PARAMETERS: `'core.fsmonitor'='${TOUCH}'` } },
  { id: 'GIT_CONFIG_COUNT/KEY/VALUE', env: { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.fsmonitor', GIT_CONFIG_VALUE_0: TOUCH } },
  { id: 'GIT_DIR', env: { GIT_DIR: '{{EVIL_GITDIR}}' } },
  { id: 'GIT_CONFIG_GLOBAL', env: { GIT_CONFIG_GLOBAL: '{{EVIL_CONFIG_FILE}}' } },
  { id: 'GIT_CONFIG_SYSTEM', env: { GIT_CONFIG_SYSTEM: '{{EVIL_CONFIG_FILE}}' } },
  { id: 'HOME/.gitconfig', env: { HOME: '{{EVIL_HOME}}' } },
  { id: 'XDG_CONFIG_HOME/git/config', env: { XDG_CONFIG_HOME: '{{EVIL_XDG}}' } },
  { id: 'GIT_EXTERNAL_DIFF', env: { GIT_EXTERNAL_DIFF: 'touch {{MARKER}}; true' } },
  { id: 'GIT_TEMPLATE_DIR (post-checkout hook on clone)', env: { GIT_TEMPLATE_DIR: '{{EVIL_TEMPLATES}}' } },
  { id: 'GIT_EXEC_PATH (own git-upload-pack)', env: { GIT_EXEC_PATH: '{{EVIL_EXEC_PATH}}' } },
];
