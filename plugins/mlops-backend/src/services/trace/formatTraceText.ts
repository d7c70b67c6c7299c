import type { TraceText } from '@mlops-portal/plugin-mlops-common';
import { objectIndexKey, type ClusterTraceIndex, type IndexedObject } from './ClusterTraceIndex';

/*
 * Text like the Flux CLI prints it (fluxcd/flux2 cmd/flux/trace.go and
 * tree_kustomization.go + internal/tree): `Label:  value` sections separated
 * by `---`, upstream after the object, for a trace; `Kind/namespace/name`
 * lines with ├── └── │ for a tree. Unlike the CLI, every line carries the
 * portal's status, the trace follows the chain to the top (every applier and
 * source, not just the nearest), and the tree goes on into operators'
 * workloads and pods.
 */

const FLUX_GROUP = 'toolkit.fluxcd.io';

function pad(label: string): string {
  return `${label}:`.padEnd(16);
}

function statusLine(o: IndexedObject | undefined): string {
  if (!o) return 'not found on the cluster';
  if (!o.status) return 'not watched by the portal';
  const s = o.status;
  const badges = s.badges.length ? ` [${s.badges.join(', ')}]` : '';
  return `${s.status}${s.reason ? ` (${s.reason})` : ''}${s.since ? ` since ${s.since}` : ''}${badges}`;
}

function describe(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ? `${namespace}/` : ''}${name}`;
}

function section(index: ClusterTraceIndex, key: string, first: boolean, firstFailure?: string): string[] {
  const o = index.get(key);
  const [kind, namespace, name] = key.split('|');
  const lines = [`${pad(first ? 'Object' : kind)}${first ? `${kind}/${name}` : name}`];
  if (namespace) lines.push(`${pad('Namespace')}${namespace}`);
  const spec = o?.object?.spec ?? {};
  const status = o?.object?.status ?? {};
  if (kind === 'Kustomization') {
    if (spec.targetNamespace) lines.push(`${pad('Target')}${spec.targetNamespace}`);
    if (spec.path) lines.push(`${pad('Path')}${spec.path}`);
    if (status.lastAppliedRevision) lines.push(`${pad('Revision')}${status.lastAppliedRevision}`);
    if (status.lastAttemptedRevision && status.lastAttemptedRevision !== status.lastAppliedRevision) {
      lines.push(`${pad('Attempted')}${status.lastAttemptedRevision}`);
    }
  } else if (kind === 'HelmRelease') {
    if (spec.targetNamespace) lines.push(`${pad('Target')}${spec.targetNamespace}`);
    const chart = spec.chart?.spec;
    if (chart?.chart) lines.push(`${pad('Chart')}${chart.chart}${chart.version ? `@${chart.version}` : ''}`);
    if (o?.status?.revision) lines.push(`${pad('Revision')}${o.status.revision}`);
  } else if (kind === 'HelmChart') {
    if (spec.chart) lines.push(`${pad('Chart')}${spec.chart}`);
    if (spec.version) lines.push(`${pad('Version')}${spec.version}`);
    if (status.artifact?.revision) lines.push(`${pad('Revision')}${status.artifact.revision}`);
  } else if (['GitRepository', 'OCIRepository', 'HelmRepository', 'Bucket'].includes(kind)) {
    if (spec.url) lines.push(`${pad('URL')}${spec.url}`);
    const ref = spec.ref ?? {};
    if (ref.tag) lines.push(`${pad('Tag')}${ref.tag}`);
    else if (ref.semver) lines.push(`${pad('Tag')}${ref.semver}`);
    else if (ref.digest) lines.push(`${pad('Digest')}${ref.digest}`);
    else if (ref.branch) lines.push(`${pad('Branch')}${ref.branch}`);
    if (status.artifact?.revision) lines.push(`${pad('Revision')}${status.artifact.revision}`);
  } else if (o?.status?.revision) {
    lines.push(`${pad('Revision')}${o.status.revision}`);
  }
  lines.push(`${pad('Status')}${statusLine(o)}`);
  if (o?.status?.message) lines.push(`${pad('Message')}${o.status.message}`);
  if (firstFailure === key) lines.push(`${pad('First failure')}yes: the most upstream failing object of this chain`);
  return lines;
}

/**
 * The chain above one object: its owners up to what Flux applied, then each
 * applier (HelmRelease, then the Kustomizations above it) with the sources
 * it reads from. Keys in the order printed.
 */
export function traceChain(index: ClusterTraceIndex, key: string): string[] {
  const out: string[] = [key];
  const seen = new Set(out);
  const visit = (k: string) => {
    const parents = index.parents(k);
    // Sources of this object first (a HelmRelease's chart, a Kustomization's repository).
    for (const e of parents.filter(p => p.type === 'source')) {
      if (seen.has(e.from)) continue;
      seen.add(e.from);
      out.push(e.from);
      visit(e.from);
    }
    for (const e of parents.filter(p => p.type === 'owns' || p.type === 'applies')) {
      if (seen.has(e.from)) continue;
      seen.add(e.from);
      out.push(e.from);
      visit(e.from);
    }
  };
  visit(key);
  return out;
}

/** `flux trace` for one object of one cluster, or undefined when it is not in the cache. */
export function formatObjectTrace(
  index: ClusterTraceIndex,
  kind: string,
  namespace: string | undefined,
  name: string,
  visible: (key: string) => boolean = () => true,
): TraceText | undefined {
  const key = objectIndexKey(kind, namespace, name);
  if (!index.get(key)) return undefined;
  const chain = traceChain(index, key);
  // The chain runs from the object upwards: the first failure is the last Failed one.
  const failed = chain.filter(k => index.get(k)?.status?.status === 'Failed');
  const firstFailure = failed[failed.length - 1];
  const managed = chain.some(k => {
    const kk = k.slice(0, k.indexOf('|'));
    return kk === 'Kustomization' || kk === 'HelmRelease';
  }) && chain.length > 1;
  const head = section(index, key, true, firstFailure);
  head.splice(namespace ? 2 : 1, 0, `${pad('Cluster')}${index.cluster}`);
  head.push(`${pad('Managed')}${managed ? 'by Flux' : 'not managed by Flux (no applier found)'}`);
  const sections = [
    head,
    ...chain.slice(1).map(k =>
      visible(k) ? section(index, k, false, firstFailure) : [`${pad(k.slice(0, k.indexOf('|')))}(hidden: you may not read the entity it belongs to)`],
    ),
  ];
  return { text: `${sections.map(s => s.join('\n')).join('\n---\n')}\n`, failed: failed.length > 0 };
}

/**
 * `flux tree` for a Kustomization or HelmRelease (any object, in fact) of one
 * cluster: what it applies, recursively, then what owns what down to pods;
 * `compact` keeps Flux objects only, as `flux tree --compact` does.
 */
export function formatTree(
  index: ClusterTraceIndex,
  kind: string,
  namespace: string | undefined,
  name: string,
  compact: boolean,
  visible: (key: string) => boolean = () => true,
  maxLines = 20000,
): TraceText | undefined {
  const rootKey = objectIndexKey(kind, namespace, name);
  if (!index.get(rootKey)) return undefined;
  const label = (k: string) => {
    const [kk, ns, n] = k.split('|');
    const o = index.get(k);
    return `${describe(kk, ns || undefined, n)}${o?.status ? ` [${o.status.status}]` : ''}`;
  };
  let failed = index.get(rootKey)?.status?.status === 'Failed';
  const lines = [label(rootKey)];
  const seen = new Set([rootKey]);
  let cut = false;
  let hidden = 0;
  const walk = (k: string, prefix: string) => {
    const children = index
      .children(k)
      .filter(e => e.type === 'applies' || e.type === 'owns')
      .map(e => e.to)
      .filter(c => !seen.has(c))
      .filter(c => !compact || (index.get(c)?.group ?? '').endsWith(FLUX_GROUP))
      .filter(c => {
        if (visible(c)) return true;
        seen.add(c);
        hidden++;
        return false;
      });
    children.forEach((c, i) => {
      if (lines.length >= maxLines) {
        cut = true;
        return;
      }
      seen.add(c);
      const last = i === children.length - 1;
      lines.push(`${prefix}${last ? '└── ' : '├── '}${label(c)}`);
      if (index.get(c)?.status?.status === 'Failed') failed = true;
      walk(c, `${prefix}${last ? '    ' : '│   '}`);
    });
  };
  walk(rootKey, '');
  if (cut) lines.push(`… cut at ${maxLines} lines`);
  if (hidden) lines.push(`(${hidden} object${hidden === 1 ? '' : 's'} hidden: you may not read the entity they belong to)`);
  return { text: `${lines.join('\n')}\n`, failed };
}
