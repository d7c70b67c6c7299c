import { substituteFluxVariables } from '@mlops-portal/plugin-mlops-common';
import { ManifestObject } from './types';

/**
 * Replaces `${VAR}`, `${VAR:=default}`, `${VAR:-default}` (and the `=`/`-`
 * forms) in a string, with Flux's rules (mlops-common). A variable with a
 * value in `vars` gets that value; one without gets its default; one with
 * neither is left as written so the catalog shows what Git says rather than
 * an empty string.
 * @public
 */
export function substituteString(
  text: string,
  vars: Record<string, string>,
): string {
  return substituteFluxVariables(text, vars, { keepUnset: true });
}

function walk(value: unknown, vars: Record<string, string>): unknown {
  if (typeof value === 'string') return substituteString(value, vars);
  if (Array.isArray(value)) return value.map(v => walk(v, vars));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, vars);
    return out;
  }
  return value;
}

/**
 * Applies Flux post-build substitution to an object (all string values, keys
 * untouched). Objects with the annotation
 * `kustomize.toolkit.fluxcd.io/substitute: disabled` are returned unchanged,
 * as Flux does.
 * @public
 */
export function substituteObject(
  obj: ManifestObject,
  vars: Record<string, string>,
): ManifestObject {
  if (
    obj.metadata.annotations?.['kustomize.toolkit.fluxcd.io/substitute'] ===
    'disabled'
  ) {
    return obj;
  }
  const { source, ...rest } = obj;
  return { ...(walk(rest, vars) as Omit<ManifestObject, 'source'>), source };
}

/**
 * The variables a Flux Kustomization substitutes: its `substituteFrom`
 * ConfigMaps (looked up among the objects found in the repository; Secrets
 * and ConfigMaps not in Git are skipped, defaults then apply), overridden by
 * its inline `substitute` map, as Flux orders them.
 * @public
 */
export function substitutionVariables(
  kustomization: ManifestObject,
  findConfigMap: (
    namespace: string,
    name: string,
  ) => ManifestObject | undefined,
): Record<string, string> {
  const postBuild = kustomization.spec?.postBuild;
  const vars: Record<string, string> = {};
  if (!postBuild || typeof postBuild !== 'object') return vars;
  const ns = kustomization.metadata.namespace ?? 'flux-system';
  for (const ref of Array.isArray(postBuild.substituteFrom)
    ? postBuild.substituteFrom
    : []) {
    if (ref?.kind !== 'ConfigMap' || typeof ref.name !== 'string') continue;
    const cm = findConfigMap(ns, ref.name);
    for (const [k, v] of Object.entries(cm?.data ?? {})) vars[k] = String(v);
  }
  if (postBuild.substitute && typeof postBuild.substitute === 'object') {
    for (const [k, v] of Object.entries(postBuild.substitute)) {
      vars[k] = String(v);
    }
  }
  return vars;
}
