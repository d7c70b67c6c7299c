/**
 * A Python literal for a JSON-compatible value. JSON string syntax
 * (double quotes; `\"`, `\\`, `\n`, `\uXXXX` escapes) is valid Python string
 * syntax, so `JSON.stringify` gives a safe literal for any string; booleans
 * and null map to Python's names. No value is ever spliced into code as raw
 * text.
 */
export function pyLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('not a finite number');
    return String(value);
  }
  if (typeof value === 'string') {
    // U+2028/2029 are fine in JSON and Python 3 source; escape them anyway so
    // editors do not show a line break inside the literal.
    return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  }
  if (Array.isArray(value)) return `[${value.map(pyLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${pyLiteral(k)}: ${pyLiteral(v)}`)
      .join(', ')}}`;
  }
  throw new Error(`no Python literal for ${typeof value}`);
}

/** Escapes text for Markdown prose (HTML and Markdown specials). */
export function mdText(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~-])/g, '\\$1');
}
