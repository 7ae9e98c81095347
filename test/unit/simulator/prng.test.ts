import { describe, expect, it } from 'vitest';
import { Prng, hashSeed, mix32 } from '../../../src/simulator/prng.js';

describe('seeded PRNG', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const draw = (seed: number | string): number[] => {
      const prng = new Prng(seed);
      return Array.from({ length: 20 }, () => prng.nextU32());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(draw('a')).not.toEqual(draw('b'));
    expect(hashSeed(1)).not.toBe(hashSeed('1'));
  });

  it('draws uniform floats and integers in range', () => {
    const prng = new Prng('uniform');
    let sum = 0;
    let min = 1;
    let max = 0;
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const x = prng.next();
      min = Math.min(min, x);
      max = Math.max(max, x);
      sum += x;
      const k = prng.int(10);
      buckets[k] = (buckets[k] ?? 0) + 1;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500);
    const values = new Set(Array.from({ length: 1000 }, () => prng.intBetween(3, 5)));
    expect(values).toEqual(new Set([3, 4, 5]));
  });

  it('makes version-4-shaped UUID URNs', () => {
    const prng = new Prng(9);
    const ids = new Set(Array.from({ length: 10_000 }, () => prng.uuidUrn()));
    expect(ids.size).toBe(10_000);
    for (const id of [...ids].slice(0, 100)) {
      expect(id).toMatch(
        /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
  });

  it('mixes 32-bit values without collisions on a dense range', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200_000; i++) seen.add(mix32(i));
    expect(seen.size).toBe(200_000);
  });
});
