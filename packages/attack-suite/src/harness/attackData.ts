import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { UserName } from './Portal';
import { USERS } from './Portal';

/** The attacks are data: ../../attacks/*.yaml. */
// eslint-disable-next-line no-restricted-syntax
export const ATTACKS_DIR = path.resolve(__dirname, '..', '..', 'attacks');

export interface Expectation {
  status: number | number[];
  mentions?: string;
  unchanged?: string;
}

export interface HttpAttack {
  id: string;
  what: string;
  as: UserName | null;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  expect: Expectation;
}

export interface GitStep {
  id: string;
  action: string;
  input: Record<string, unknown>;
  mentions: string;
}

export interface GitVariant {
  id: string;
  files?: Record<string, string>;
  gitDirAt?: string;
}

export interface TemplateAttack {
  id: string;
  what: string;
  as: UserName;
  template: string;
  values: Record<string, unknown>;
  /** `refused` (default): the run is refused naming `mentions`; `inert-python`: `payload` is never code. */
  outcome?: 'refused' | 'inert-python';
  mentions?: string;
  payload?: string;
}

export interface CatalogAttack {
  id: string;
  what: string;
  as: UserName;
  file: string;
  sentinel: string;
  indexed?: string;
  forbidden?: string[];
  then?: { method: string; path: string; body?: unknown };
  expect?: Expectation;
}

function load<T>(file: string): T {
  return parse(fs.readFileSync(path.join(ATTACKS_DIR, file), 'utf8')) as T;
}

/** A malformed entry stops the suite with the file, the entry and the field. */
function check(ok: unknown, file: string, id: string | undefined, what: string): void {
  if (!ok) throw new Error(`attacks/${file}: entry '${id ?? '?'}': ${what}`);
}

function checkUser(as: unknown, file: string, id: string, allowNull: boolean): void {
  check(
    (allowNull && as === null) || (USERS as readonly unknown[]).includes(as),
    file,
    id,
    `as must be one of ${USERS.join(', ')}${allowNull ? ' or null' : ''}`,
  );
}

function unique(ids: string[], file: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    check(!seen.has(id), file, id, 'id is used twice');
    seen.add(id);
  }
}

/** A template that is harmless in itself (for "may this user dry-run at all"). */
const HARMLESS_TEMPLATE = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'attack-harmless' },
  spec: {
    owner: 'group:default/ml-team',
    type: 'attack',
    parameters: [],
    steps: [{ id: 'log', name: 'Log', action: 'debug:log', input: { message: 'hello' } }],
  },
};

/** Placeholders in request bodies, filled in here so the data stays short. */
function fill(body: unknown): unknown {
  if (body === '{dryRunTemplate}') return HARMLESS_TEMPLATE;
  if (body === '{dryRunTemplateYaml}') return JSON.stringify(HARMLESS_TEMPLATE);
  if (body === '{hugeBody}') return JSON.stringify({ reason: 'x'.repeat(8 * 1024 * 1024) });
  if (Array.isArray(body)) return body.map(fill);
  if (body && typeof body === 'object') {
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, fill(v)]));
  }
  return body;
}

export function loadHttpAttacks(): HttpAttack[] {
  const file = 'http.yaml';
  const list = load<HttpAttack[]>(file);
  for (const a of list) {
    check(a.id && a.what, file, a.id, 'id and what are required');
    checkUser(a.as, file, a.id, true);
    check(/^(GET|POST|PUT|PATCH|DELETE|HEAD)$/.test(a.method), file, a.id, 'method must be an HTTP method');
    check(a.path?.startsWith('/'), file, a.id, 'path must start with /');
    check(a.expect?.status, file, a.id, 'expect.status is required');
    a.body = fill(a.body);
  }
  unique(list.map(a => a.id), file);
  return list;
}

export function loadGitWorkspaceAttacks(): { steps: GitStep[]; variants: GitVariant[] } {
  const file = 'git-workspace.yaml';
  const data = load<{ steps: GitStep[]; variants: GitVariant[] }>(file);
  for (const s of data.steps) check(s.id && s.action && s.input && s.mentions, file, s.id, 'id, action, input and mentions are required');
  for (const v of data.variants) {
    check(v.id && (v.files || v.gitDirAt), file, v.id, 'id and files are required');
    check(
      Object.values(v.files ?? {}).some(c => c.includes('{marker}')) || v.id === 'alternates-outside',
      file,
      v.id,
      'a variant must leave a {marker} when it works',
    );
  }
  unique(data.steps.map(s => s.id), file);
  unique(data.variants.map(v => v.id), file);
  return data;
}

export function loadTemplateAttacks(): TemplateAttack[] {
  const file = 'templates.yaml';
  const list = load<TemplateAttack[]>(file);
  for (const a of list) {
    check(a.id && a.what && a.template && a.values, file, a.id, 'id, what, template and values are required');
    check(
      (a.outcome ?? 'refused') === 'refused' ? a.mentions : a.outcome === 'inert-python' && a.payload,
      file,
      a.id,
      'outcome refused needs mentions; outcome inert-python needs payload',
    );
    checkUser(a.as, file, a.id, false);
  }
  unique(list.map(a => a.id), file);
  return list;
}

export function loadCatalogAttacks(): CatalogAttack[] {
  const file = 'catalog.yaml';
  const list = load<CatalogAttack[]>(file);
  for (const a of list) {
    check(a.id && a.what && a.file && a.sentinel, file, a.id, 'id, what, file and sentinel are required');
    checkUser(a.as, file, a.id, false);
    check(fs.existsSync(path.join(ATTACKS_DIR, 'catalog', a.file)), file, a.id, `catalog/${a.file} does not exist`);
    check(a.forbidden || a.then, file, a.id, 'either forbidden or then is required (otherwise nothing is checked)');
    check(!a.then || a.expect?.status, file, a.id, 'then needs expect.status');
  }
  unique(list.map(a => a.id), file);
  return list;
}
