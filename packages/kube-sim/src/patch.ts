/**
 * The three patch types the API server accepts
 * (https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/):
 * JSON merge patch (RFC 7386), JSON patch (RFC 6902) and a strategic merge
 * patch. The strategic one honours the merge keys of the lists the
 * simulator's objects carry (containers, env, ports, volumes by `name`;
 * conditions by `type`) and the `$patch: delete|replace` directive; other
 * lists are replaced, which is also what the real server does for lists
 * without a patch strategy (all CRD lists).
 */

/** A patch document that cannot be applied (the server answers 422/400). @public */
export class PatchError extends Error {
  constructor(message: string, readonly code: 400 | 422 = 422) {
    super(message);
    this.name = 'PatchError';
  }
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** RFC 7386 JSON merge patch. Returns a new value. @public */
export function applyMergePatch(target: any, patch: any): any {
  if (!isObject(patch)) return structuredClone(patch);
  const result: Record<string, any> = isObject(target)
    ? { ...target }
    : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete result[k];
    else result[k] = applyMergePatch(result[k], v);
  }
  return result;
}

function unescapePointer(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function parsePointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) {
    throw new PatchError(`invalid JSON pointer '${path}'`, 400);
  }
  return path.slice(1).split('/').map(unescapePointer);
}

function getAt(doc: any, tokens: string[]): any {
  let cur = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isObject(cur)) cur = cur[t];
    else return undefined;
  }
  return cur;
}

/** RFC 6902 JSON patch. Returns a new value. @public */
export function applyJsonPatch(target: any, ops: any): any {
  if (!Array.isArray(ops)) {
    throw new PatchError('json patch must be an array of operations', 400);
  }
  let doc = structuredClone(target);
  for (const op of ops) {
    if (!isObject(op) || typeof op.op !== 'string' || typeof op.path !== 'string') {
      throw new PatchError(`invalid JSON patch operation ${JSON.stringify(op)}`, 400);
    }
    const tokens = parsePointer(op.path);
    const parentTokens = tokens.slice(0, -1);
    const last = tokens[tokens.length - 1];
    const parent = tokens.length ? getAt(doc, parentTokens) : undefined;
    const requireParent = () => {
      if (parent === undefined || parent === null || typeof parent !== 'object') {
        throw new PatchError(
          `doc is missing path: "${op.path}": missing value`,
        );
      }
    };
    switch (op.op) {
      case 'add':
      case 'replace': {
        if (!tokens.length) {
          doc = structuredClone(op.value);
          break;
        }
        requireParent();
        if (Array.isArray(parent)) {
          const idx = last === '-' ? parent.length : Number(last);
          if (!Number.isInteger(idx) || idx < 0 || idx > parent.length) {
            throw new PatchError(`invalid array index in "${op.path}"`);
          }
          if (op.op === 'add') parent.splice(idx, 0, structuredClone(op.value));
          else {
            if (idx >= parent.length) {
              throw new PatchError(`doc is missing path: "${op.path}"`);
            }
            parent[idx] = structuredClone(op.value);
          }
        } else {
          if (op.op === 'replace' && !(last in parent)) {
            throw new PatchError(
              `replace operation does not apply: doc is missing key: ${op.path}: missing value`,
            );
          }
          parent[last] = structuredClone(op.value);
        }
        break;
      }
      case 'remove': {
        requireParent();
        if (Array.isArray(parent)) {
          const idx = Number(last);
          if (!(idx >= 0 && idx < parent.length)) {
            throw new PatchError(`doc is missing path: "${op.path}"`);
          }
          parent.splice(idx, 1);
        } else {
          if (!(last in parent)) {
            throw new PatchError(
              `remove operation does not apply: doc is missing path: "${op.path}": missing value`,
            );
          }
          delete parent[last];
        }
        break;
      }
      case 'test': {
        const v = getAt(doc, tokens);
        if (JSON.stringify(v) !== JSON.stringify(op.value)) {
          throw new PatchError(
            `testing value ${op.path} failed: test failed`,
          );
        }
        break;
      }
      case 'move':
      case 'copy': {
        if (typeof op.from !== 'string') {
          throw new PatchError(`"from" is required for ${op.op}`, 400);
        }
        const fromTokens = parsePointer(op.from);
        const value = getAt(doc, fromTokens);
        if (value === undefined) {
          throw new PatchError(`doc is missing from path: "${op.from}"`);
        }
        if (op.op === 'move') {
          doc = applyJsonPatch(doc, [{ op: 'remove', path: op.from }]);
        }
        doc = applyJsonPatch(doc, [
          { op: 'add', path: op.path, value: structuredClone(value) },
        ]);
        break;
      }
      default:
        throw new PatchError(`unknown JSON patch operation '${op.op}'`, 400);
    }
  }
  return doc;
}

/** Merge keys of the lists with a `merge` patch strategy in core/apps types. */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  ports: 'containerPort',
  conditions: 'type',
  imagePullSecrets: 'name',
  tolerations: 'key',
};

function strategicMerge(target: any, patch: any, fieldName?: string): any {
  if (Array.isArray(patch)) {
    const key = fieldName ? MERGE_KEYS[fieldName] : undefined;
    if (!key || !Array.isArray(target)) {
      return patch.filter(p => !(isObject(p) && p.$patch));
    }
    if (patch.some(p => isObject(p) && p.$patch === 'replace')) {
      return patch.filter(p => !(isObject(p) && p.$patch));
    }
    const result = target.map(t => structuredClone(t));
    for (const item of patch) {
      if (!isObject(item)) continue;
      const idx = result.findIndex(r => isObject(r) && r[key] === item[key]);
      if (item.$patch === 'delete') {
        if (idx >= 0) result.splice(idx, 1);
        continue;
      }
      if (idx >= 0) result[idx] = strategicMerge(result[idx], item);
      else result.push(strategicMerge(undefined, item));
    }
    return result;
  }
  if (!isObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return structuredClone(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const result: Record<string, any> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    if (v === null) delete result[k];
    else {
      const merged = strategicMerge(result[k], v, k);
      if (merged === undefined) delete result[k];
      else result[k] = merged;
    }
  }
  return result;
}

/** Strategic merge patch (see the module comment for what is honoured). @public */
export function applyStrategicMergePatch(target: any, patch: any): any {
  if (!isObject(patch)) {
    throw new PatchError('strategic merge patch must be a JSON object', 400);
  }
  return strategicMerge(target, patch);
}

/** The patch content types the server accepts. @public */
export const PATCH_CONTENT_TYPES = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

/** Applies a patch of the given content type. @public */
export function applyPatch(target: any, contentType: string, patch: any): any {
  const ct = contentType.split(';')[0].trim();
  switch (ct) {
    case PATCH_CONTENT_TYPES.merge:
      if (!isObject(patch)) {
        throw new PatchError('merge patch must be a JSON object', 400);
      }
      return applyMergePatch(target, patch);
    case PATCH_CONTENT_TYPES.json:
      return applyJsonPatch(target, patch);
    case PATCH_CONTENT_TYPES.strategic:
      return applyStrategicMergePatch(target, patch);
    default:
      throw new PatchError(`unsupported patch content type ${ct}`, 400);
  }
}
