import { describe, expect, it } from 'vitest';
import { requestsPerSecond } from '../../../bench/measurements.js';

describe('requestsPerSecond (with a stub request that takes 20 ms)', () => {
  it('counts only after the warm-up, per second of wall time', async () => {
    let calls = 0;
    const stub = async (): Promise<void> => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    };
    const rate = await requestsPerSecond(stub, 4, 0.5, 0.25);
    // 4 loops of ~20 ms each: at most 200 requests/s (timers only ever run late).
    expect(rate).toBeGreaterThan(100);
    expect(rate).toBeLessThanOrEqual(200);
    // The warm-up's requests were sent but not counted in the rate.
    expect(calls).toBeGreaterThan(Math.round(rate * 0.5));
  });
});
