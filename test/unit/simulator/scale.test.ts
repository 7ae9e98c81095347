import { describe, expect, it } from 'vitest';
import { generateSupplyChain } from '../../../src/simulator/index.js';

describe('scale knob', () => {
  it.each([1_000, 10_000, 100_000])(
    'lands within 2 percent of %i target events, in bounded documents',
    (target) => {
      const sim = generateSupplyChain({
        seed: `scale-${target}`,
        targetEvents: target,
        eventsPerDocument: 100,
      });
      const run = sim.run();
      let events = 0;
      let documents = 0;
      for (const step of run.steps) {
        if (step.kind !== 'capture') continue;
        const size = step.document.epcisBody.eventList.length;
        expect(size).toBeGreaterThanOrEqual(1);
        expect(size).toBeLessThanOrEqual(100);
        events += size;
        documents++;
      }
      expect(Math.abs(events - target) / target).toBeLessThanOrEqual(0.02);
      expect(run.summary().events).toBe(events);
      // Buffers flush early only when a receipt needs its shipment on the ledger, for a recall, and
      // at the end, so documents stay reasonably full.
      expect(events / documents).toBeGreaterThan(25);
    },
  );

  it('respects a document size of one event', () => {
    const steps = [
      ...generateSupplyChain({ seed: 3, targetEvents: 1_500, eventsPerDocument: 1 }).steps(),
    ];
    const captures = steps.filter((s) => s.kind === 'capture');
    expect(captures.every((s) => s.document.epcisBody.eventList.length === 1)).toBe(true);
    expect(captures.length).toBeGreaterThan(1_450);
  });

  it('streams 100k events quickly (generous bound; 1M is measured by script, see the report)', () => {
    const started = performance.now();
    let events = 0;
    for (const step of generateSupplyChain({ seed: 'speed', targetEvents: 100_000 }).steps()) {
      if (step.kind === 'capture') events += step.document.epcisBody.eventList.length;
    }
    const seconds = (performance.now() - started) / 1000;
    expect(events).toBeGreaterThan(98_000);
    expect(seconds).toBeLessThan(20);
  });

  it('rejects options out of range', () => {
    expect(() => generateSupplyChain({ seed: 1, targetEvents: 0 })).toThrow(RangeError);
    expect(() =>
      generateSupplyChain({ seed: 1, targetEvents: 1000, eventsPerDocument: 101 }),
    ).toThrow(/eventsPerDocument/);
    expect(() => generateSupplyChain({ seed: 1, targetEvents: 1000, excursionRate: 2 })).toThrow(
      /excursionRate/,
    );
    expect(() =>
      generateSupplyChain({ seed: 1, targetEvents: 1000, startTime: 'yesterday' }),
    ).toThrow(/startTime/);
  });
});
