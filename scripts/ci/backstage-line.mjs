#!/usr/bin/env node
// The Backstage release this repository states it supports is the one it is
// built and tested against: backstage.json, the root README and
// docs/adopting.md name the same release, and the @backstage/* versions
// yarn.lock resolves for our own package.json files are that release's (its
// anchor packages below) and one version per package, never two.
// Exits non-zero with every mismatch listed.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

// Versions that identify a release (from its manifest: the packages every app
// has). 1.55.0 is what @backstage/create-app 0.9.2 bundles; 1.57.0 is the
// release of 2026-11-17 these packages were bumped to.
const RELEASE_ANCHORS = {
  '1.55.0': {
    '@backstage/cli': '0.36.6',
    '@backstage/backend-defaults': '0.18.0',
    '@backstage/frontend-plugin-api': '0.18.1',
    '@backstage/core-components': '0.18.14',
  },
  '1.57.0': {
    '@backstage/cli': '0.36.8',
    '@backstage/backend-defaults': '0.19.0',
    '@backstage/frontend-plugin-api': '1.0.0',
    '@backstage/core-components': '0.18.16',
  },
};

const problems = [];
const release = JSON.parse(
  readFileSync(join(root, 'backstage.json'), 'utf8'),
).version;
const line = release.split('.').slice(0, 2).join('.');

for (const doc of ['README.md', 'docs/adopting.md']) {
  const text = readFileSync(join(root, doc), 'utf8');
  const m = text.match(/Supported Backstage release:\s*([0-9.]+)/);
  if (!m)
    problems.push(`${doc} states no "Supported Backstage release: <line>"`);
  else if (m[1] !== line)
    problems.push(`${doc} says Backstage ${m[1]}, backstage.json ${release}`);
}

// yarn.lock: "descriptor, descriptor":\n  version: x
const lock = readFileSync(join(root, 'yarn.lock'), 'utf8');
const resolved = new Map();
for (const m of lock.matchAll(/^"([^\n]+)":\n\s+version: ([^\n]+)/gm)) {
  for (const d of m[1].split(', '))
    resolved.set(d.replace(/^"|"$/g, ''), m[2].trim());
}

const manifests = ['package.json'];
for (const dir of ['packages', 'plugins']) {
  for (const name of readdirSync(join(root, dir))) {
    if (existsSync(join(root, dir, name, 'package.json')))
      manifests.push(join(dir, name, 'package.json'));
  }
}
const versionsByName = new Map();
for (const file of manifests) {
  const pkg = JSON.parse(readFileSync(join(root, file), 'utf8'));
  for (const field of ['dependencies', 'devDependencies']) {
    for (const [name, range] of Object.entries(pkg[field] ?? {})) {
      if (!name.startsWith('@backstage/')) continue;
      const version = resolved.get(`${name}@npm:${range}`);
      if (!version) {
        problems.push(
          `${file}: ${name}@${range} is not in yarn.lock (run yarn install)`,
        );
        continue;
      }
      if (!versionsByName.has(name)) versionsByName.set(name, new Map());
      versionsByName
        .get(name)
        .set(version, [...(versionsByName.get(name).get(version) ?? []), file]);
    }
  }
}
for (const [name, versions] of versionsByName) {
  if (versions.size > 1) {
    problems.push(
      `${name} resolves to ${[...versions]
        .map(([v, f]) => `${v} (${f.join(', ')})`)
        .join(' and ')}`,
    );
  }
}

const anchors = RELEASE_ANCHORS[release];
if (!anchors)
  problems.push(
    `backstage.json names ${release}, which has no anchor versions in ${fileURLToPath(
      import.meta.url,
    )}`,
  );
for (const [name, expected] of Object.entries(anchors ?? {})) {
  const got = [...(versionsByName.get(name)?.keys() ?? [])];
  if (got.length !== 1 || got[0] !== expected) {
    problems.push(
      `Backstage ${release} has ${name} ${expected}; this repository resolves ${
        got.join(', ') || 'none'
      }`,
    );
  }
}

if (problems.length) {
  console.error(
    `Backstage release line check failed:\n  ${problems.join('\n  ')}`,
  );
  process.exit(1);
}
console.log(
  `Backstage ${release}: backstage.json, README.md, docs/adopting.md and yarn.lock agree (${versionsByName.size} @backstage/* packages, one version each).`,
);
