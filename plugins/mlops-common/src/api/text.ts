import { z } from 'zod';

/*
 * Free text that people type (a suspend reason, …) is written onto cluster
 * objects and shown to everyone. Control and format characters would let it
 * pretend to be something else: bidirectional overrides (U+202A–U+202E) and
 * isolates (U+2066–U+2069) reorder what a reader sees ("Trojan Source",
 * CVE-2021-42574), zero-width characters hide text, and newlines forge extra
 * lines in logs and `kubectl describe`. None of them has a use in a one-line
 * note, so they are refused, not stripped: the caller learns what was wrong.
 */

/**
 * Controls (Cc, incl. tab, CR, LF), format characters (Cf, incl. the bidi
 * controls and zero-width characters), lone surrogates (Cs) and the line and
 * paragraph separators (Zl, Zp). One character class: linear, no backtracking.
 */
const FORBIDDEN_TEXT_CHARACTER = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

/**
 * The first character of `text` that free text must not contain, as
 * `U+XXXX` with its position (0-based, in UTF-16 units), or undefined.
 * @public
 */
export function findForbiddenTextCharacter(
  text: string,
): { codePoint: string; index: number } | undefined {
  const m = FORBIDDEN_TEXT_CHARACTER.exec(text);
  if (!m) return undefined;
  const cp = m[0].codePointAt(0)!;
  return {
    codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`,
    index: m.index,
  };
}

/**
 * A one-line free-text field: trimmed, `min`..`max` characters, no control,
 * format or line-break characters. The error names the rule and the first
 * offending character, e.g. "must not contain control, format or line-break
 * characters (U+202E at position 4)".
 * @public
 */
export function freeTextSchema(options: { max: number; min?: number }) {
  const min = options.min ?? 1;
  return z
    .string({ required_error: 'Required', invalid_type_error: 'must be a string' })
    .trim()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(options.max, `must be at most ${options.max} characters`)
    .superRefine((value, ctx) => {
      // Over-long input was already refused by max(); do not scan it.
      if (value.length > options.max) return;
      const bad = findForbiddenTextCharacter(value);
      if (bad) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `must not contain control, format or line-break characters (${bad.codePoint} at position ${bad.index})`,
        });
      }
    });
}
