import { describe, expect, it } from 'vitest';
import { DocumentBatcher } from '../../../src/simulator/document-batcher.js';
import type { EpcisEvent, SimulationStep } from '../../../src/simulator/simulation.types.js';

const event = (id: string): EpcisEvent => ({
  type: 'ObjectEvent',
  eventID: id,
  eventTime: '2025-01-01T00:00:00.000Z',
});

function describeSteps(steps: SimulationStep[]): string[] {
  return steps.map((s) =>
    s.kind === 'capture'
      ? `${s.msp}:${s.document.epcisBody.eventList.map((e) => e.eventID).join(',')}`
      : `${s.kind}:${s.msp}`,
  );
}

describe('document batcher', () => {
  it('cuts one document per MSP when its buffer is full', () => {
    const out: SimulationStep[] = [];
    const batcher = new DocumentBatcher(2, (s) => out.push(s));
    batcher.add('ManufacturerMSP', event('m1'), 1);
    batcher.add('DistributorMSP', event('d1'), 2);
    batcher.add('ManufacturerMSP', event('m2'), 3);
    expect(describeSteps(out)).toEqual(['ManufacturerMSP:m1,m2']);
    batcher.flushAll();
    expect(describeSteps(out)).toEqual(['ManufacturerMSP:m1,m2', 'DistributorMSP:d1']);
    expect(batcher.documents).toBe(2);
  });

  it('flushes the shipper before a receipt of a shipment still in its buffer', () => {
    const out: SimulationStep[] = [];
    const batcher = new DocumentBatcher(10, (s) => out.push(s));
    batcher.add('DistributorMSP', event('d0'), 1);
    batcher.add('ManufacturerMSP', event('ship'), 2, { shipmentKey: 'ship' });
    batcher.add('DistributorMSP', event('recv'), 3, {
      receives: { msp: 'ManufacturerMSP', shipmentKey: 'ship' },
    });
    expect(describeSteps(out)).toEqual(['ManufacturerMSP:ship']);
    // A second receipt of an already flushed shipment flushes nothing.
    batcher.add('PharmacyMSP', event('p'), 4, {
      receives: { msp: 'ManufacturerMSP', shipmentKey: 'ship' },
    });
    expect(out).toHaveLength(1);
  });

  it('releases a step after the document of the event it refers to', () => {
    const out: SimulationStep[] = [];
    const batcher = new DocumentBatcher(3, (s) => out.push(s));
    const emission = {
      kind: 'emission',
      msp: 'ManufacturerMSP',
      at: 'x',
      emission: {},
    } as unknown as SimulationStep;
    batcher.add('ManufacturerMSP', event('ship'), 1);
    batcher.afterLatest('ManufacturerMSP', emission);
    expect(out).toEqual([]);
    batcher.flush('ManufacturerMSP');
    expect(describeSteps(out)).toEqual(['ManufacturerMSP:ship', 'emission:ManufacturerMSP']);
  });
});
