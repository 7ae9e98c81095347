import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSupplyChain, type SupplyChainOptions } from '../../../src/simulator/index.js';

/** SHA-256 over every step, serialised, plus the static data: the whole output of a run. */
function digest(options: SupplyChainOptions): string {
  const sim = generateSupplyChain(options);
  const hash = createHash('sha256');
  hash.update(JSON.stringify([sim.masterData, sim.footprints]));
  for (const step of sim.steps()) hash.update(JSON.stringify(step)).update('\n');
  return hash.digest('hex');
}

describe('determinism', () => {
  const options: SupplyChainOptions = {
    seed: 42,
    targetEvents: 10_000,
    eventsPerDocument: 30,
    excursionRate: 0.1,
    recallCount: 2,
  };

  it('gives byte-identical output for the same seed and options', () => {
    expect(digest(options)).toBe(digest({ ...options }));
  });

  it('gives identical output on a second run of the same configured simulation', () => {
    const sim = generateSupplyChain(options);
    const first = JSON.stringify([...sim.steps()]);
    expect(JSON.stringify([...sim.steps()])).toBe(first);
  });

  it('changes with the seed', () => {
    expect(digest({ ...options, seed: 43 })).not.toBe(digest(options));
    expect(digest({ ...options, seed: '42-b' })).not.toBe(digest(options));
  });

  it('changes with the options that shape the story', () => {
    const base = digest(options);
    expect(digest({ ...options, eventsPerDocument: 31 })).not.toBe(base);
    expect(digest({ ...options, startTime: '2025-03-01T00:00:00Z' })).not.toBe(base);
  });

  it('never calls Math.random or Date.now', () => {
    const random = Math.random;
    const now = Date.now;
    Math.random = () => {
      throw new Error('Math.random called');
    };
    Date.now = () => {
      throw new Error('Date.now called');
    };
    try {
      expect(() => [...generateSupplyChain({ seed: 1, targetEvents: 2000 }).steps()]).not.toThrow();
    } finally {
      Math.random = random;
      Date.now = now;
    }
  });
});
