import { ChangeThrottle } from './changeThrottle';

describe('ChangeThrottle', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function setup(windowMs = 250) {
    const deliveries: number[] = [];
    const throttle = new ChangeThrottle(windowMs, () => deliveries.push(Date.now()));
    return { throttle, deliveries };
  }

  it('delivers a change after a quiet window on the next turn, not after the window', () => {
    const { throttle, deliveries } = setup();
    const start = Date.now();
    throttle.schedule();
    throttle.schedule(); // same turn: one delivery
    expect(deliveries).toEqual([]);
    jest.advanceTimersByTime(0);
    expect(deliveries).toEqual([start]);
  });

  it('batches changes that follow a delivery until the window has passed', () => {
    const { throttle, deliveries } = setup(250);
    const start = Date.now();
    throttle.schedule();
    jest.advanceTimersByTime(0);
    jest.advanceTimersByTime(100);
    throttle.schedule();
    jest.advanceTimersByTime(50);
    throttle.schedule();
    jest.advanceTimersByTime(99);
    expect(deliveries).toEqual([start]);
    jest.advanceTimersByTime(1);
    expect(deliveries).toEqual([start, start + 250]);
  });

  it('delivers at most once per window under a continuous storm', () => {
    const { throttle, deliveries } = setup(250);
    for (let t = 0; t < 2000; t += 10) {
      throttle.schedule();
      jest.advanceTimersByTime(10);
    }
    expect(deliveries.length).toBeGreaterThanOrEqual(8);
    expect(deliveries.length).toBeLessThanOrEqual(9);
    for (let i = 1; i < deliveries.length; i++) {
      expect(deliveries[i] - deliveries[i - 1]).toBeGreaterThanOrEqual(250);
    }
  });

  it('goes out at once again after a quiet window', () => {
    const { throttle, deliveries } = setup(250);
    const start = Date.now();
    throttle.schedule();
    jest.advanceTimersByTime(1000);
    throttle.schedule();
    jest.advanceTimersByTime(0);
    expect(deliveries).toEqual([start, start + 1000]);
  });

  it('stop drops the pending delivery', () => {
    const { throttle, deliveries } = setup(250);
    throttle.schedule();
    throttle.stop();
    jest.advanceTimersByTime(1000);
    expect(deliveries).toEqual([]);
  });
});
