// Flux post-build variable syntax (kustomize-controller, drone/envsubst):
// https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution
// `$${VAR}` is an escape that yields a literal `${VAR}`.
const VARIABLE = /\$(\$?)\{([_a-zA-Z][_a-zA-Z0-9]*)(?:(:?[=-])([^}]*))?\}/g;

/** Options of {@link substituteFluxVariables}. @public */
export interface SubstituteFluxVariablesOptions {
  /**
   * Leave `${VAR}` without a value and without a default as written, instead
   * of replacing it with an empty string as Flux's non-strict mode does
   * (for showing what Git says). Default: false.
   */
  keepUnset?: boolean;
}

/**
 * Applies Flux's post-build substitution to a text: `${VAR}`,
 * `${VAR:=default}` / `${VAR:-default}` (default when unset or empty),
 * `${VAR=default}` / `${VAR-default}` (default when unset); `$${VAR}` escapes.
 * One implementation for the catalog module, the simulator and the GitOps
 * checks, so all three read a repository the way kustomize-controller does.
 * @public
 */
export function substituteFluxVariables(
  text: string,
  vars: Record<string, string>,
  options: SubstituteFluxVariablesOptions = {},
): string {
  if (!text.includes('${')) return text;
  return text.replace(
    VARIABLE,
    (
      whole: string,
      escape: string,
      name: string,
      op: string | undefined,
      fallback: string | undefined,
    ) => {
      if (escape) return whole.slice(1);
      const value = vars[name];
      if (op === ':=' || op === ':-') {
        return value === undefined || value === '' ? fallback ?? '' : value;
      }
      if (op === '=' || op === '-') return value ?? fallback ?? '';
      if (value !== undefined) return value;
      return options.keepUnset ? whole : '';
    },
  );
}
