import { InputError } from '@backstage/errors';
import semver from 'semver';
import { DEFAULT_LAYERS } from '@mlops-portal/plugin-mlops-common';
import type { ZodError, ZodTypeAny, infer as ZodInfer } from 'zod/v3';

/**
 * RFC 1123 label, as Kubernetes checks `metadata.name` of most objects:
 * lower case alphanumerics and `-`, starting and ending alphanumeric.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names
 */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Human explanation used in every error about a DNS-1123 name. */
export const DNS1123_RULE =
  'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';

/** True when `value` is a valid DNS-1123 label of at most `max` characters. */
export function isDns1123Label(value: string, max = 63): boolean {
  return value.length <= max && DNS1123_LABEL.test(value);
}

/**
 * A chart version as Flux's `spec.chart.spec.version` accepts it: an exact
 * semver or a semver range (Masterminds/semver constraints, the common subset
 * of which `semver` understands).
 * https://fluxcd.io/flux/components/helm/helmreleases/#chart-template
 */
export function isChartVersion(value: string): boolean {
  // Bounded before semver's own (backtracking) patterns see it.
  if (value.length > 100 || value.trim() !== value || value === '' || value.includes('\n')) return false;
  return semver.valid(value) !== null || semver.validRange(value) !== null;
}

/** The namespaces the platform's layers live in. */
export function platformNamespaces(): string[] {
  return DEFAULT_LAYERS.map(l => l.namespace);
}

/** Finds the layer for a layer id or a namespace. */
export function findLayer(opts: { layer?: string; namespace?: string }) {
  if (opts.layer) return DEFAULT_LAYERS.find(l => l.id === opts.layer);
  return DEFAULT_LAYERS.find(l => l.namespace === opts.namespace);
}

/**
 * Bidirectional-override and invisible formatting characters: text that
 * reads differently from what it is ("Trojan Source").
 * https://trojansource.codes/
 */
// eslint-disable-next-line no-misleading-character-class
const BIDI_OR_INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

/**
 * Why a free text written into the GitOps repository is refused, or
 * undefined: control characters (newlines included), bidi overrides, and
 * `${` (Flux post-build substitution would replace it with a variable when
 * the layer is applied, or fail the whole layer when strict).
 * https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution
 */
export function freeTextProblem(value: string): string | undefined {
  if (!isSingleLine(value)) return 'must be a single line (no newlines or control characters)';
  if (BIDI_OR_INVISIBLE.test(value)) return 'must not contain bidirectional-override or invisible formatting characters';
  if (value.includes('${')) return 'must not contain "${" (Flux would substitute it when applying the layer)';
  return undefined;
}

/** A one-line text: no newline or other control characters. */
export function isSingleLine(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u001f\u007f]/.test(value);
}

/**
 * Formats a zod error so that it names every failing field and its rule, e.g.
 * `name: must be a DNS-1123 label ...`.
 */
export function formatZodError(error: ZodError): string {
  return error.issues
    .map(i => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`)
    .join('; ');
}

/**
 * Re-validates action input with the action's own zod schema. The scaffolder
 * already checks the JSON schema derived from it, but refinements (semver,
 * namespaces, YAML) are lost in that conversion, and the handler must not
 * trust callers that bypass the task runner.
 */
export function parseInput<S extends ZodTypeAny>(
  schema: S,
  input: unknown,
  actionId: string,
): ZodInfer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new InputError(
      `Invalid input to ${actionId}: ${formatZodError(result.error)}`,
    );
  }
  return result.data;
}
