import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { ManifestObject, ReadProblem, RepoFile } from './types';

/** Result of parsing one file. @public */
export interface ParsedFile {
  objects: ManifestObject[];
  problems: ReadProblem[];
  /**
   * Why the file as a whole could not be parsed (its YAML is invalid), if so.
   * Such a file yields no objects; the provider may stand in its last good
   * version.
   */
  invalid?: string;
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== null && v !== undefined) out[k] = String(v);
  }
  return out;
}

/**
 * Turns one parsed YAML value into a {@link ManifestObject}, or explains why
 * it is not a Kubernetes object.
 */
function toObject(
  value: unknown,
  path: string,
  document: number,
): ManifestObject | string {
  if (!isRecord(value)) return 'not a mapping';
  const { apiVersion, kind, metadata } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return 'no apiVersion/kind (not a Kubernetes object)';
  }
  if (
    !isRecord(metadata) ||
    typeof metadata.name !== 'string' ||
    !metadata.name
  ) {
    return `${kind} without metadata.name`;
  }
  return {
    ...value,
    apiVersion,
    kind,
    metadata: {
      ...metadata,
      name: metadata.name,
      namespace:
        typeof metadata.namespace === 'string' ? metadata.namespace : undefined,
      labels: stringMap(metadata.labels),
      annotations: stringMap(metadata.annotations),
    },
    source: { path, document },
  } as ManifestObject;
}

/**
 * Parses a (multi-document) YAML or JSON manifest file into Kubernetes
 * objects. Never throws: broken YAML and SOPS-encrypted files are skipped as a
 * whole (a half-read file would give a half-true catalog), documents that are
 * not Kubernetes objects are skipped one by one; each skip is a problem
 * naming the file. `v1` `List` objects are expanded.
 * @public
 */
export function parseManifestFile(file: RepoFile): ParsedFile {
  const objects: ManifestObject[] = [];
  const problems: ReadProblem[] = [];
  // js-yaml rather than the `yaml` document API: about 8x faster on
  // thousands of small manifests, and nothing here needs comments kept.
  // CORE_SCHEMA (YAML 1.2 core, like Kubernetes' own parser): no timestamps
  // turned into Dates.
  let values: unknown[];
  try {
    values = loadAll(file.content, undefined, {
      schema: CORE_SCHEMA,
      filename: file.path,
    }) as unknown[];
  } catch (e) {
    const message = String((e as Error).message ?? e).split('\n')[0];
    const reason = `invalid YAML: ${message}`;
    return {
      objects,
      problems: [{ path: file.path, reason }],
      invalid: reason,
    };
  }
  // SOPS keeps its metadata in a top-level `sops` key of every encrypted
  // document (https://github.com/getsops/sops#encrypting-using-age).
  if (values.some(v => isRecord(v) && 'sops' in v)) {
    return {
      objects,
      problems: [{ path: file.path, reason: 'SOPS-encrypted, skipped' }],
    };
  }
  values.forEach((value, index) => {
    if (value === null || value === undefined) return; // empty document
    if (
      isRecord(value) &&
      value.kind === 'List' &&
      Array.isArray(value.items)
    ) {
      value.items.forEach((item: unknown, itemIndex: number) => {
        const obj = toObject(item, file.path, index);
        if (typeof obj === 'string') {
          problems.push({
            path: file.path,
            reason: `document ${index + 1} item ${itemIndex + 1}: ${obj}`,
          });
        } else objects.push(obj);
      });
      return;
    }
    const obj = toObject(value, file.path, index);
    if (typeof obj === 'string') {
      problems.push({
        path: file.path,
        reason: `document ${index + 1}: ${obj}`,
      });
    } else objects.push(obj);
  });
  return { objects, problems };
}
