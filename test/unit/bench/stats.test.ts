import { describe, expect, it } from 'vitest';
import { latencyOf, percentile } from '../../../bench/stats.js';

describe('benchmark statistics', () => {
  it('uses nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
    expect(latencyOf([5, 1, 3, 2, 4])).toEqual({ runs: 5, p50: 3, p95: 5, max: 5 });
  });
});
