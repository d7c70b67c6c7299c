import { Backoff } from './backoff';

describe('Backoff', () => {
  it('grows exponentially up to the cap, with jitter inside the window, and resets', () => {
    const high = new Backoff(100, 1000, () => 1);
    expect([1, 2, 3, 4, 5, 6].map(() => high.next())).toEqual([100, 200, 400, 800, 1000, 1000]);
    high.reset();
    expect(high.next()).toBe(100);
    const low = new Backoff(100, 1000, () => 0);
    expect([1, 2, 3].map(() => low.next())).toEqual([50, 50, 50]);
  });
});
