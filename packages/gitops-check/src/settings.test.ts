import {
  findSubstitutions,
  parseSettingsSchema,
  substituteVariables,
  validateSettingValue,
} from './settings';

describe('validateSettingValue', () => {
  it.each([
    ['integer', '3', true],
    ['integer', '3.5', false],
    ['integer', 'three', false],
    ['boolean', 'true', true],
    ['boolean', 'yes', false],
    ['duration', '30d', true],
    ['duration', '1h30m', true],
    ['duration', '30 days', false],
    ['cron', '0 2 * * *', true],
    ['cron', '*/15 0-6 * * MON-FRI', true],
    ['cron', '@daily', false],
    ['cron', '0 2 * *', false],
    ['string', 'anything at all', true],
  ] as const)('%s %j valid=%s', (type, value, valid) => {
    expect(
      validateSettingValue({ type, description: 'd' }, value) === undefined,
    ).toBe(valid);
  });

  it('enforces enum and minimum', () => {
    expect(
      validateSettingValue(
        { type: 'string', description: 'd', enum: ['a', 'b'] },
        'c',
      ),
    ).toMatch(/one of a, b/);
    expect(
      validateSettingValue(
        { type: 'integer', description: 'd', minimum: 4 },
        '3',
      ),
    ).toMatch(/at least 4/);
    expect(
      validateSettingValue(
        { type: 'integer', description: 'd', minimum: 4 },
        '4',
      ),
    ).toBeUndefined();
  });
});

describe('parseSettingsSchema', () => {
  it('names the key of a bad entry', () => {
    const { schema, errors } = parseSettingsSchema(
      JSON.stringify({
        A: { type: 'integer', description: 'a' },
        B: { type: 'float', description: 'b' },
        C: { type: 'string' },
      }),
    );
    expect(Object.keys(schema)).toEqual(['A']);
    expect(errors).toEqual([
      expect.stringContaining('setting B: type'),
      expect.stringContaining('setting C: description'),
    ]);
  });

  it('reports a missing or non-JSON annotation', () => {
    expect(parseSettingsSchema(undefined).errors[0]).toMatch(/missing/);
    expect(parseSettingsSchema('{nope').errors[0]).toMatch(/not JSON/);
  });
});

describe('findSubstitutions', () => {
  it('finds each reference with its default', () => {
    expect(
      findSubstitutions('a: ${X:=3}\nb: "${CRON:=0 2 * * *}"\nc: ${Y}').map(
        u => [u.name, u.defaultValue],
      ),
    ).toEqual([
      ['X', '3'],
      ['CRON', '0 2 * * *'],
      ['Y', undefined],
    ]);
  });
});

describe('substituteVariables', () => {
  it.each([
    ['${A}', { A: '1' }, '1'],
    ['${A:=2}', { A: '1' }, '1'],
    ['${A:=2}', {}, '2'],
    ['${A:=2}', { A: '' }, '2'],
    ['${A=2}', { A: '' }, ''],
    ['${A:-0 2 * * *}', {}, '0 2 * * *'],
    ['${A}', {}, ''],
    ['$${A}', { A: '1' }, '${A}'],
    ['x: ${A:=1}, y: ${B:=true}', { B: 'false' }, 'x: 1, y: false'],
  ])('%s with %j gives %j', (text, vars, expected) => {
    expect(substituteVariables(text, vars as Record<string, string>)).toBe(
      expected,
    );
  });
});
