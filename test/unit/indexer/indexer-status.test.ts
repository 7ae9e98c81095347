import { describe, expect, it } from 'vitest';
import { computeLag, RateMeter } from '../../../src/indexer/indexer-status.js';

describe('status', () => {
  it('measures lag in blocks, and in seconds only while behind', () => {
    const last = new Date('2026-01-01T00:00:00Z');
    const now = Date.parse('2026-01-01T00:01:30Z');
    expect(computeLag(10n, 15n, last, now)).toEqual({ lagBlocks: 5n, lagSeconds: 90 });
    expect(computeLag(15n, 15n, last, now)).toEqual({ lagBlocks: 0n, lagSeconds: 0 });
    expect(computeLag(15n, undefined, last, now)).toEqual({ lagBlocks: 0n, lagSeconds: 0 });
  });

  it('computes rates over a sliding window of batches', () => {
    const meter = new RateMeter(10_000);
    expect(meter.rates(0)).toEqual({ blocksPerSecond: 0, eventsPerSecond: 0 });
    meter.add(0, 1000, 10, 500);
    meter.add(1000, 2000, 10, 500);
    expect(meter.rates(2000)).toEqual({ blocksPerSecond: 10, eventsPerSecond: 500 });
    meter.add(30_000, 31_000, 5, 50);
    expect(meter.rates(31_000)).toEqual({ blocksPerSecond: 5, eventsPerSecond: 50 });
  });
});
