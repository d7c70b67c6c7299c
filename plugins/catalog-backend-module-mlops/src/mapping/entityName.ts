import { createHash } from 'crypto';

const MAX_LENGTH = 63;
// Backstage entity names: https://backstage.io/docs/features/software-catalog/descriptor-format#name-required
const VALID = /^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/;

/** Whether a string is a valid Backstage entity name. @public */
export function isValidEntityName(name: string): boolean {
  return name.length >= 1 && name.length <= MAX_LENGTH && VALID.test(name);
}

/** A short, stable hash of a string (hex). @public */
export function shortHash(text: string, length = 8): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/**
 * Makes a valid entity name from any string, deterministically: a valid name
 * is returned as is; otherwise characters outside `[a-zA-Z0-9-_.]` become
 * `-`, and if anything had to change or the result is longer than 63
 * characters, it is cut and a hash of the original is appended, so two
 * different originals never end up with the same name.
 * @public
 */
export function toEntityName(original: string): string {
  if (isValidEntityName(original)) return original;
  const hash = shortHash(original);
  const cleaned = original
    .replace(/[^a-zA-Z0-9\-_.]+/g, '-')
    .replace(/[-_.]{2,}/g, '-')
    .replace(/^[-_.]+|[-_.]+$/g, '');
  const prefix = cleaned
    .slice(0, MAX_LENGTH - hash.length - 1)
    .replace(/[-_.]+$/, '');
  return prefix ? `${prefix}-${hash}` : `x-${hash}`;
}
