import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../types';

const FIXTURES_DIR = join(__dirname, '..', '__fixtures__');

/** Test-only: the objects of one fixture file, by `metadata.name`. */
export function loadFixtures(file: string): Map<string, KubeObject> {
  const text = readFileSync(join(FIXTURES_DIR, file), 'utf8');
  const out = new Map<string, KubeObject>();
  for (const doc of parseAllDocuments(text)) {
    const o = doc.toJS() as KubeObject | null;
    if (!o?.metadata?.name) continue;
    if (out.has(o.metadata.name)) throw new Error(`${file}: duplicate ${o.metadata.name}`);
    out.set(o.metadata.name, o);
  }
  return out;
}

/** Test-only: one fixture object; throws when it does not exist. */
export function fixture(file: string, name: string): KubeObject {
  const o = loadFixtures(file).get(name);
  if (!o) throw new Error(`${file} has no object named ${name}`);
  return o;
}

/** Test-only: the fixture files, the corpus (`corpus/*.yaml`) included. */
export function fixtureFiles(): string[] {
  const top = readdirSync(FIXTURES_DIR).filter(f => f.endsWith('.yaml'));
  const corpus = readdirSync(join(FIXTURES_DIR, 'corpus'))
    .filter(f => f.endsWith('.yaml'))
    .map(f => `corpus/${f}`);
  return [...top, ...corpus].sort();
}

/** Test-only: every object of every fixture file. */
export function allFixtures(): Array<{ file: string; name: string; kind: string; obj: KubeObject }> {
  const out: Array<{ file: string; name: string; kind: string; obj: KubeObject }> = [];
  for (const file of fixtureFiles()) {
    for (const [name, obj] of loadFixtures(file)) {
      out.push({ file, name, kind: String(obj.kind), obj });
    }
  }
  return out;
}
