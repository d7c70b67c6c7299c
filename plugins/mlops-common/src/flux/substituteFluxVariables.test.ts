import { substituteFluxVariables } from './substituteFluxVariables';

describe('substituteFluxVariables', () => {
  const vars = { SET: 'three', EMPTY: '' };

  it.each([
    ['${SET}', 'three'],
    ['${UNSET}', ''],
    ['${EMPTY}', ''],
    ['${SET:=d}', 'three'],
    ['${UNSET:=d}', 'd'],
    ['${EMPTY:=d}', 'd'],
    ['${EMPTY:-d}', 'd'],
    ['${EMPTY=d}', ''],
    ['${UNSET-d}', 'd'],
    ['${UNSET:=}', ''],
    ['$${SET}', '${SET}'],
    ['replicas: ${SET:=1}, retention ${UNSET:=30d}', 'replicas: three, retention 30d'],
    ['no variables here', 'no variables here'],
    ['${not-a-name}', 'a-name'], // `-` starts a default, as in envsubst
    ['${1BAD}', '${1BAD}'],
  ])('%s → %s', (text, expected) => {
    expect(substituteFluxVariables(text, vars)).toBe(expected);
  });

  it('keeps unset variables without a default as written when asked', () => {
    expect(
      substituteFluxVariables('${UNSET} ${SET} ${UNSET:=d}', vars, { keepUnset: true }),
    ).toBe('${UNSET} three d');
  });
});
