import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { describeZodError } from './faults';
import { KubeSim, StartKubeSimOptions, startKubeSim } from './index';

const USAGE = `Usage: kube-sim [options]

Starts simulated Kubernetes API servers on 127.0.0.1 serving a Flux GitOps
repository with realistic statuses. Runs until interrupted (Ctrl-C).

Options:
  --gitops <dir>            Flux repository to serve (default: the monorepo's gitops/)
  --no-gitops               Serve no repository (scenario and fleet objects only)
  --gitops-repo <dir>       Follow a Git repository instead, as Flux does: serve its
                            branch's gitops/ folder and apply every new commit
  --gitops-branch <name>    Branch to follow (default main)
  --gitops-path <folder>    GitOps folder in the repository (default gitops)
  --scenario <name|file>    healthy (default), degraded, fleet, or a scenario YAML file
  --clusters <n>            Number of clusters, each on its own port and context (default 1)
  --objects-per-cluster <n> Generated objects per cluster (fleet)
  --port <n>                Port of the first cluster, others +1, +2... (default 0: free ports)
  --kubeconfig <file>       Write a kubeconfig (read-write token), one context per cluster
  --read-only-kubeconfig <file>  Write a kubeconfig with the read-only token
  --ca-file <file>          Write the generated CA certificate (PEM)
  --info <file>             Write URLs, tokens and CA of every cluster as JSON
  --token <t>               Fixed read-write token (default: random)
  --read-only-token <t>     Fixed read-only token (default: random)
  --admin-token <t>         Fixed admin token for /_sim (default: random)
  --no-tls                  Serve plain HTTP (kubectl will not send tokens over it)
  --reconcile-delay-ms <n>  Delay before reconcile requests are handled (default 300)
  --step-ms <n>             Interval of time-driven changes (default 5000; 0: never)
  --bookmark-interval-ms <n>  BOOKMARK interval of watches that allow them (default 60000)
  -h, --help                Show this help
`;

const intArg = (name: string) =>
  z
    .string()
    .regex(/^\d+$/, `--${name} must be a non-negative integer`)
    .transform(Number)
    .optional();

const argsSchema = z.object({
  gitops: z.string().optional(),
  'no-gitops': z.boolean().optional(),
  'gitops-repo': z.string().optional(),
  'gitops-branch': z.string().optional(),
  'gitops-path': z.string().optional(),
  scenario: z.string().optional(),
  clusters: intArg('clusters'),
  'objects-per-cluster': intArg('objects-per-cluster'),
  port: intArg('port'),
  kubeconfig: z.string().optional(),
  'read-only-kubeconfig': z.string().optional(),
  'ca-file': z.string().optional(),
  info: z.string().optional(),
  token: z.string().optional(),
  'read-only-token': z.string().optional(),
  'admin-token': z.string().optional(),
  'no-tls': z.boolean().optional(),
  'reconcile-delay-ms': intArg('reconcile-delay-ms'),
  'step-ms': intArg('step-ms'),
  'bookmark-interval-ms': intArg('bookmark-interval-ms'),
  help: z.boolean().optional(),
});

function write(file: string, content: string) {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, content, { mode: 0o600 });
}

/**
 * The `kube-sim` command. Returns the running simulator (for tests), or
 * undefined after `--help`.
 * @public
 */
export async function main(argv: string[], log: (line: string) => void = console.log): Promise<KubeSim | undefined> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      gitops: { type: 'string' },
      'no-gitops': { type: 'boolean' },
      'gitops-repo': { type: 'string' },
      'gitops-branch': { type: 'string' },
      'gitops-path': { type: 'string' },
      scenario: { type: 'string' },
      clusters: { type: 'string' },
      'objects-per-cluster': { type: 'string' },
      port: { type: 'string' },
      kubeconfig: { type: 'string' },
      'read-only-kubeconfig': { type: 'string' },
      'ca-file': { type: 'string' },
      info: { type: 'string' },
      token: { type: 'string' },
      'read-only-token': { type: 'string' },
      'admin-token': { type: 'string' },
      'no-tls': { type: 'boolean' },
      'reconcile-delay-ms': { type: 'string' },
      'step-ms': { type: 'string' },
      'bookmark-interval-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) throw new Error(`kube-sim: ${describeZodError(parsed.error)}\n\n${USAGE}`);
  const a = parsed.data;
  if (a.help) {
    log(USAGE);
    return undefined;
  }
  if (a['gitops-repo'] && (a.gitops || a['no-gitops'])) {
    throw new Error(`kube-sim: --gitops-repo excludes --gitops and --no-gitops\n\n${USAGE}`);
  }
  let gitopsDir: string | false | undefined = a['no-gitops'] ? false : a.gitops;
  if (a['gitops-repo']) gitopsDir = undefined;
  const options: StartKubeSimOptions = {
    gitopsDir,
    gitopsRepo: a['gitops-repo'] ? { dir: a['gitops-repo'], branch: a['gitops-branch'], path: a['gitops-path'] } : undefined,
    log: a['gitops-repo'] ? line => log(`kube-sim: ${line}`) : undefined,
    scenario: a.scenario,
    clusters: a.clusters,
    objectsPerCluster: a['objects-per-cluster'],
    port: a.port,
    tls: !a['no-tls'],
    token: a.token,
    readOnlyToken: a['read-only-token'],
    adminToken: a['admin-token'],
    reconcileDelayMs: a['reconcile-delay-ms'],
    stepMs: a['step-ms'],
    bookmarkIntervalMs: a['bookmark-interval-ms'],
  };
  const sim = await startKubeSim(options);
  if (a.kubeconfig) write(a.kubeconfig, sim.kubeconfig);
  if (a['read-only-kubeconfig']) write(a['read-only-kubeconfig'], sim.readOnlyKubeconfig);
  if (a['ca-file'] && sim.clusters[0].caCert) write(a['ca-file'], sim.clusters[0].caCert);
  if (a.info) {
    write(a.info, `${JSON.stringify({
      scenario: sim.scenario.name,
      clusters: sim.clusters.map(c => ({ name: c.name, url: c.url, token: c.token, readOnlyToken: c.readOnlyToken, adminToken: c.adminToken, caData: c.caData })),
    }, null, 2)}\n`);
  }
  log(`kube-sim: scenario '${sim.scenario.name}', ${sim.clusters.length} simulated cluster(s)`);
  if (a['gitops-repo']) log(`  following ${a['gitops-branch'] ?? 'main'} of ${path.resolve(a['gitops-repo'])}`);
  for (const c of sim.clusters) log(`  ${c.name}  ${c.url}  (${c.store.size()} objects)`);
  if (a.kubeconfig) log(`  kubeconfig: ${path.resolve(a.kubeconfig)} (e.g. kubectl --kubeconfig ${a.kubeconfig} get kustomizations -A)`);
  log('  admin: POST <url>/_sim/faults with the admin token (see packages/kube-sim/README.md)');
  return sim;
}
