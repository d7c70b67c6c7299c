import {
  SIGN_IN_CHOICE_KEY,
  loadSignInChoice,
  saveSignInChoice,
  userLabel,
} from './signInChoice';

describe('signInChoice', () => {
  afterEach(() => localStorage.clear());

  it('keeps a guest or listed local user choice across loads', () => {
    saveSignInChoice({ provider: 'localUsers', user: 'user:default/sam' });
    expect(loadSignInChoice(['user:default/sam'])).toEqual({
      provider: 'localUsers',
      user: 'user:default/sam',
    });
    saveSignInChoice({ provider: 'guest' });
    expect(loadSignInChoice([])).toEqual({ provider: 'guest' });
  });

  it.each([
    ['not JSON', '{'],
    ['an unknown provider', JSON.stringify({ provider: 'github' })],
    [
      'a user no longer listed',
      JSON.stringify({ provider: 'localUsers', user: 'user:default/eve' }),
    ],
  ])('drops %s so the page asks again', (_, raw) => {
    localStorage.setItem(SIGN_IN_CHOICE_KEY, raw);
    expect(loadSignInChoice(['user:default/sam'])).toBeUndefined();
    expect(localStorage.getItem(SIGN_IN_CHOICE_KEY)).toBeNull();
  });

  it.each([
    ['user:default/sam', 'sam'],
    ['sam', 'sam'],
    ['user:team-a/kim', 'team-a/kim'],
  ])('labels %s as %s', (ref, label) => {
    expect(userLabel(ref)).toBe(label);
  });
});
