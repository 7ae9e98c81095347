import { describe, expect, it } from 'vitest';
import { rollUpFootprint } from '../../../src/db/footprint-rollup.js';
import type { FootprintGraph, LotFacts, UpstreamEdge } from '../../../src/db/footprint.queries.js';

// A hand-built upstream graph (a stub of what loadFootprintGraph reads from the mirror).
const lot = (lotClass: string, owner: string, uom: string | null): LotFacts => ({
  lot_class: lotClass,
  gtin: '00614141123452',
  quantity_produced: 100,
  serial_count: null,
  uom,
  owner_msp: owner,
});
const DRUG = 'urn:epc:class:lgtin:0614141.012345.LOT-A';
const API = 'urn:epc:class:lgtin:0777777.055555.API-001';
const consumed: UpstreamEdge = {
  from_id: API,
  to_id: DRUG,
  kind: 'transformation',
  event_id: 'ev-make',
  transformation_id: null,
  from_quantity: 50,
  from_uom: 'KGM',
  to_quantity: 100,
  to_uom: null,
  event_time: '2026-03-01T10:00:00.000Z',
  captured_by_msp: 'ManufacturerMSP',
  tx_id: 'tx-make',
  block_number: '7',
};
const graph = (apiProducer: string): FootprintGraph => ({
  lot: lot(DRUG, 'ManufacturerMSP', null),
  edges: [consumed],
  lots: [lot(DRUG, 'ManufacturerMSP', null), lot(API, apiProducer, 'KGM')],
  instances: [],
  unitMass: [],
  footprints: [],
});

describe('footprint roll-up on a stub graph: inbound transport that cannot be found', () => {
  it('flags a bought-in input with no leg found, instead of counting its transport as zero', () => {
    const result = rollUpFootprint(graph('SupplierMSP'), []);
    expect(result.missing).toContainEqual(
      expect.objectContaining({
        kind: 'TRANSPORT_UNKNOWN',
        subject: API,
        stage: 'INBOUND_TRANSPORT',
        eventId: 'ev-make',
      }),
    );
    expect(result.complete).toBe(false);
  });

  it('does not flag an input its consumer made itself', () => {
    const result = rollUpFootprint(graph('ManufacturerMSP'), []);
    expect(result.missing.map((m) => m.kind)).not.toContain('TRANSPORT_UNKNOWN');
  });
});
