/**
 * A synthetic packaging line for volume tests. Mix 'packaging' (default): per 10 EPCIS events, 6
 * commissionings of one serial (with its state record and lot membership), 2 packings of 5 serials
 * into a case (5 state records each), a shipping of a case (PO, temperature reading, custody) and
 * its receiving. Mix 'commissioning': every event commissions one serial.
 */
import type { LedgerRecord } from '../../chaincode/src/payload.js';
import type { DecodedBlock } from '../../src/ledger/types.js';
import { ChainBuilder, payloadTx } from './block-factory.js';
import { eventRecord, identifierRecord, lgtin, payload, sgtin, sscc } from './payload-factory.js';

/** Size of the synthetic chain. */
export interface SyntheticOptions {
  blocks: number;
  txsPerBlock: number;
  eventsPerTx: number;
  mix?: 'packaging' | 'commissioning';
}

const LOT = lgtin('SYN1');
const M = 'urn:epc:id:pgln:0614141.00000';
const D = 'urn:epc:id:pgln:0614142.00000';

/** EPCIS JSON as a capture client would send it, so `document` has a realistic size. */
function document(
  eventId: string,
  type: string,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  return {
    type,
    eventID: eventId,
    eventTime: '2026-01-01T00:00:00.000Z',
    eventTimeZoneOffset: '+00:00',
    readPoint: { id: 'urn:epc:id:sgln:0614141.00001.0' },
    bizLocation: { id: 'urn:epc:id:sgln:0614141.00001.0' },
    'example:batchRecord': { operator: 'line-3', shift: 'B', checks: ['weight', 'vision', 'seal'] },
    ...extra,
  };
}

/** Appends `options.blocks` blocks of synthetic events to `chain` (after a config block if empty). */
export function syntheticChain(
  options: SyntheticOptions,
  chain = new ChainBuilder(),
): DecodedBlock[] {
  if (chain.blocks.length === 0) chain.addConfig();
  let n = 0; // event counter
  let serial = 0; // serials commissioned
  let cases = 0; // cases packed
  const start = chain.blocks.length;
  for (let b = 0; b < options.blocks; b++) {
    const txs = [];
    for (let t = 0; t < options.txsPerBlock; t++) {
      const records: LedgerRecord[] = [];
      for (let e = 0; e < options.eventsPerTx; e++, n++) {
        const id = `syn-${start}-${n}`;
        const time = new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString();
        const step = options.mix === 'commissioning' ? 0 : n % 10;
        if (step < 6) {
          const epc = sgtin(1_000_000 + serial++);
          records.push(
            eventRecord({
              eventId: id,
              eventTime: time,
              action: 'ADD',
              bizStep: 'commissioning',
              disposition: 'active',
              epcList: [epc],
              ilmd: { lotNumber: 'SYN1' },
              document: document(id, 'ObjectEvent', { epcList: [epc], action: 'ADD' }),
            }),
            identifierRecord({
              epc,
              lotClass: LOT,
              gtin: '00614141073467',
              ownerMsp: 'ManufacturerMSP',
              disposition: 'active',
              lastEventId: id,
              lastEventTime: time,
            }),
          );
        } else if (step < 8) {
          const parent = sscc(cases++);
          const children = [1, 2, 3, 4, 5].map((k) => sgtin(1_000_000 + Math.max(0, serial - k)));
          records.push(
            eventRecord({
              eventId: id,
              type: 'AggregationEvent',
              eventTime: time,
              action: 'ADD',
              bizStep: 'packing',
              parentId: parent,
              childEpcs: children,
              document: document(id, 'AggregationEvent', { parentID: parent, childEPCs: children }),
            }),
          );
          for (const epc of children)
            records.push(
              identifierRecord({
                epc,
                lotClass: LOT,
                parent,
                lastEventId: id,
                lastEventTime: time,
              }),
            );
        } else {
          const shipping = step === 8;
          const parent = sscc(Math.max(0, cases - 1));
          records.push(
            eventRecord({
              eventId: id,
              eventTime: time,
              action: 'OBSERVE',
              bizStep: shipping ? 'shipping' : 'receiving',
              epcList: [parent],
              bizTransactions: [{ type: 'po', value: `PO-${n}` }],
              sources: shipping ? [{ type: 'owning_party', value: M }] : [],
              destinations: shipping ? [{ type: 'owning_party', value: D }] : [],
              sensorReadings: shipping ? [{ type: 'gs1:Temperature', value: 5.5, uom: 'CEL' }] : [],
              document: document(id, 'ObjectEvent', { epcList: [parent], action: 'OBSERVE' }),
            }),
          );
          records.push(
            identifierRecord({
              epc: parent,
              ownerMsp: shipping ? 'ManufacturerMSP' : 'DistributorMSP',
              lastEventId: id,
              lastEventTime: time,
            }),
          );
        }
      }
      txs.push(
        payloadTx(payload(records), {
          txId: `syn-tx-${start + b}-${t}`,
          timestamp: new Date(Date.UTC(2026, 0, 1) + n * 1000),
        }),
      );
    }
    chain.add(txs);
  }
  return chain.blocks;
}
