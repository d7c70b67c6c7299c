import {
  findForbiddenTextCharacter,
  freeTextSchema,
} from './text';
import { parseOrThrow, suspendRequestSchema } from './schemas';

describe('free text', () => {
  it.each([
    ['bidi override (Trojan Source)', 'ok \u202Eevil', 'U+202E at position 3'],
    ['left-to-right embedding', '\u202Ax', 'U+202A at position 0'],
    ['pop directional formatting', 'x\u202C', 'U+202C at position 1'],
    ['right-to-left isolate', 'a\u2067b', 'U+2067 at position 1'],
    ['pop directional isolate', 'a\u2069', 'U+2069 at position 1'],
    ['newline', 'line one\nline two', 'U+000A at position 8'],
    ['carriage return', 'a\rb', 'U+000D at position 1'],
    ['tab', 'a\tb', 'U+0009 at position 1'],
    ['NUL', 'a\u0000b', 'U+0000 at position 1'],
    ['escape (terminal colours)', '\u001b[31mred', 'U+001B at position 0'],
    ['C1 control', 'a\u0085b', 'U+0085 at position 1'],
    ['zero-width space', 'a\u200Bb', 'U+200B at position 1'],
    ['zero-width joiner', 'a\u200Db', 'U+200D at position 1'],
    ['byte order mark inside the text', 'a\uFEFFb', 'U+FEFF at position 1'],
    ['line separator', 'a\u2028b', 'U+2028 at position 1'],
    ['paragraph separator', 'a\u2029b', 'U+2029 at position 1'],
    ['lone surrogate', 'a\uD800b', 'U+D800 at position 1'],
  ])('refuses a reason with a %s, naming the field and the character', (_what, reason, where) => {
    expect(() => parseOrThrow(suspendRequestSchema, { reason }, 'body')).toThrow(
      `body.reason: must not contain control, format or line-break characters (${where})`,
    );
  });

  it.each([
    ['plain ASCII', 'maintenance window 14:00-15:00 (ticket #42)'],
    ['accents and CJK', 'Wartung – 維護 – mantenimiento'],
    ['emoji (astral plane, surrogate pair)', 'upgrade 🚀 later'],
    ['Arabic script, no controls', 'صيانة'],
  ])('keeps %s', (_what, reason) => {
    expect(parseOrThrow(suspendRequestSchema, { reason }, 'body')).toEqual({ reason });
  });

  it('trims, then bounds the length', () => {
    expect(parseOrThrow(suspendRequestSchema, { reason: '  why  ' }, 'body')).toEqual({ reason: 'why' });
    expect(() => parseOrThrow(suspendRequestSchema, { reason: 'x'.repeat(501) }, 'body')).toThrow(
      'body.reason: must be at most 500 characters',
    );
    expect(() => parseOrThrow(suspendRequestSchema, { reason: '   ' }, 'body')).toThrow(
      'body.reason: must not be empty',
    );
    expect(() => parseOrThrow(suspendRequestSchema, { reason: 42 }, 'body')).toThrow(
      'body.reason: must be a string',
    );
  });

  it('reports only the length for over-long text, without scanning it', () => {
    const e = freeTextSchema({ max: 10 }).safeParse(`${'x'.repeat(20)}\u202E`);
    expect(e.success).toBe(false);
    expect(e.error!.issues.map(i => i.message)).toEqual(['must be at most 10 characters']);
  });

  it('finds the first forbidden character or nothing', () => {
    expect(findForbiddenTextCharacter('fine')).toBeUndefined();
    expect(findForbiddenTextCharacter('a\u2066b\u202E')).toEqual({ codePoint: 'U+2066', index: 1 });
  });
});
