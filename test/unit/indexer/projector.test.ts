import { describe, expect, it } from 'vitest';
import { PayloadError } from '../../../src/indexer/errors.js';
import { projectBlock } from '../../../src/indexer/projector.js';
import { ValidationCode } from '../../../src/ledger/types.js';
import { ChainBuilder, payloadTx, TEST_CHAINCODE } from '../../support/block-factory.js';
import {
  eventRecord,
  identifierRecord,
  lgtin,
  payload,
  sgtin,
  sscc,
} from '../../support/payload-factory.js';

const project = (chain: ChainBuilder) =>
  projectBlock(chain.blocks.at(-1)!, { chaincodeName: TEST_CHAINCODE });
const oneTx = (...args: Parameters<typeof payloadTx>) => {
  const chain = new ChainBuilder();
  chain.add([payloadTx(...args)]);
  return project(chain);
};

describe('projector', () => {
  it('records a config block and its transaction, and nothing else', () => {
    const chain = new ChainBuilder();
    chain.addConfig();
    const set = project(chain);
    expect(set.rows.blocks).toEqual([
      expect.objectContaining({ number: 0n, is_config: true, tx_count: 1 }),
    ]);
    expect(set.rows.transactions).toEqual([
      expect.objectContaining({ header_type: 1, payload_version: null }),
    ]);
    const others = Object.entries(set.rows).filter(
      ([t, rows]) => t !== 'blocks' && t !== 'transactions' && rows.length > 0,
    );
    expect(others).toEqual([]);
  });

  it('records an invalid transaction with its code and projects nothing from it', () => {
    const set = oneTx(payload([eventRecord({ eventId: 'e1', epcList: [sgtin(1)] })]), {
      validationCode: ValidationCode.MVCC_READ_CONFLICT,
      txId: 'bad',
    });
    expect(set.rows.transactions).toEqual([
      expect.objectContaining({ tx_id: 'bad', validation_code: 11, payload_version: null }),
    ]);
    expect(set.rows.events).toEqual([]);
    expect(set.rows.event_identifiers).toEqual([]);
    expect(set.eventCount).toBe(0);
  });

  it("ignores other chaincodes' events and events of another name", () => {
    const records = payload([eventRecord({ eventId: 'e1' })]);
    expect(oneTx(records, { chaincode: 'other' }).rows.events).toEqual([]);
    expect(oneTx(records, { eventName: 'something.else' }).rows.events).toEqual([]);
  });

  it('refuses an unknown payload version, naming block and transaction', () => {
    expect(() => oneTx({ ...payload([]), version: 2 }, { txId: 'tx-v2' })).toThrow(PayloadError);
    expect(() => oneTx({ ...payload([]), version: 2 }, { txId: 'tx-v2' })).toThrow(
      /version 2.*block 0, tx tx-v2/,
    );
  });

  it('refuses malformed JSON, a malformed record list and an unknown record kind', () => {
    expect(() => oneTx({}, { rawPayload: new TextEncoder().encode('{"version":1,') })).toThrow(
      /not UTF-8 JSON/,
    );
    expect(() => oneTx({ ...payload([]), records: [{ kind: 'event' }] })).toThrow(
      /malformed records/,
    );
    expect(() => oneTx(payload([{ kind: 'teleport', key: 'k', value: {} } as never]))).toThrow(
      /unknown record kind "teleport"/,
    );
  });

  it('reads and ignores the contract history bookkeeping records', () => {
    const set = oneTx(
      payload([
        {
          kind: 'history',
          key: 'h',
          value: {
            subjectKind: 'lot',
            subject: lgtin('A'),
            sequence: 0,
            eventId: 'e',
            role: 'quantity',
            updatedTx: 't',
          },
        },
      ]),
    );
    expect(set.rows.transactions[0]!.payload_version).toBe(1);
  });

  it('refuses blocks a peer never validated, and valid transactions of ours that did not decode', () => {
    expect(() => oneTx(payload([]), { validationCode: ValidationCode.NOT_VALIDATED })).toThrow(
      /read blocks from a peer/,
    );
    const chain = new ChainBuilder();
    const tx = payloadTx(payload([]), { txId: 'half' });
    delete tx.chaincodeEvent;
    chain.add([{ ...tx, decodeError: 'truncated proposal response' }]);
    expect(() => project(chain)).toThrow(/did not decode: truncated proposal response.*tx half/);
  });

  it('derives transformation edges input × output, with class quantities', () => {
    const set = oneTx(
      payload([
        eventRecord({
          eventId: 't1',
          type: 'TransformationEvent',
          inputEpcList: [sgtin(1)],
          inputQuantityList: [{ epcClass: lgtin('IN'), quantity: 2.5, uom: 'KGM' }],
          outputQuantityList: [
            { epcClass: lgtin('OUT'), quantity: 100, uom: 'EA' },
            { epcClass: lgtin('OUT2') },
          ],
        }),
      ]),
    );
    const edges = set.rows.lineage_edge.map((e) => [
      e.from_id,
      e.to_id,
      e.kind,
      e.from_quantity,
      e.to_quantity,
    ]);
    expect(edges).toEqual([
      [sgtin(1), lgtin('OUT'), 'transformation', null, 100],
      [sgtin(1), lgtin('OUT2'), 'transformation', null, null],
      [lgtin('IN'), lgtin('OUT'), 'transformation', 2.5, 100],
      [lgtin('IN'), lgtin('OUT2'), 'transformation', 2.5, null],
    ]);
  });

  it('joins a transformation split over events at its transformationID', () => {
    const set = oneTx(
      payload([
        eventRecord({
          eventId: 'in',
          type: 'TransformationEvent',
          transformationId: 'urn:uuid:T',
          inputEpcList: [sgtin(1)],
        }),
        eventRecord({
          eventId: 'out',
          type: 'TransformationEvent',
          transformationId: 'urn:uuid:T',
          outputEpcList: [sgtin(2)],
        }),
      ]),
    );
    expect(set.rows.lineage_edge.map((e) => [e.from_id, e.to_id])).toEqual([
      [sgtin(1), 'urn:uuid:T'],
      ['urn:uuid:T', sgtin(2)],
    ]);
  });

  it('opens aggregation edges on ADD (closing a serial child elsewhere) and closes on DELETE', () => {
    const set = oneTx(
      payload([
        eventRecord({
          eventId: 'pack',
          type: 'AggregationEvent',
          action: 'ADD',
          parentId: sscc(1),
          childEpcs: [sgtin(1)],
          childQuantityList: [{ epcClass: lgtin('L'), quantity: 3 }],
        }),
        eventRecord({
          eventId: 'unpack-one',
          type: 'AggregationEvent',
          action: 'DELETE',
          parentId: sscc(1),
          childEpcs: [sgtin(1)],
        }),
        eventRecord({
          eventId: 'unpack-all',
          type: 'AggregationEvent',
          action: 'DELETE',
          parentId: sscc(2),
        }),
        eventRecord({
          eventId: 'seen',
          type: 'AggregationEvent',
          action: 'OBSERVE',
          parentId: sscc(3),
          childEpcs: [sgtin(9)],
        }),
      ]),
    );
    expect(set.rows.lineage_edge.map((e) => [e.from_id, e.to_id, e.kind, e.record_index])).toEqual([
      [sgtin(1), sscc(1), 'aggregation', 0],
      [lgtin('L'), sscc(1), 'aggregation', 0],
    ]);
    expect(
      set.aggregationCloses.map((c) => [c.child_id, c.parent_id, c.event_id, c.record_index]),
    ).toEqual([
      [sgtin(1), null, 'pack', 0],
      [sgtin(1), sscc(1), 'unpack-one', 1],
      [null, sscc(2), 'unpack-all', 2],
    ]);
  });

  it('opens shipments on shipping, emits receipts on receiving, and custody transfers', () => {
    const M = 'urn:epc:id:pgln:1.0';
    const D = 'urn:epc:id:pgln:2.0';
    const set = oneTx(
      payload([
        eventRecord({
          eventId: 's',
          bizStep: 'urn:epcglobal:cbv:bizstep:shipping',
          epcList: [sscc(1)],
          quantityList: [{ epcClass: lgtin('L'), quantity: 4, uom: 'EA' }],
          sources: [
            { type: 'owning_party', value: M },
            { type: 'possessing_party', value: M },
          ],
          destinations: [
            { type: 'owning_party', value: D },
            { type: 'possessing_party', value: M },
            { type: 'location', value: 'urn:epc:id:sgln:2.0.0' },
          ],
        }),
        eventRecord({
          eventId: 'r',
          type: 'TransactionEvent',
          bizStep: 'receiving',
          parentId: sscc(1),
          epcList: [sgtin(1)],
          capturedByMsp: 'DistributorMSP',
        }),
      ]),
    );
    expect(
      set.rows.shipments.map((s) => [
        s.identifier,
        s.is_class,
        s.quantity,
        s.source_party,
        s.destination_party,
        s.destination_location,
      ]),
    ).toEqual([
      [sscc(1), false, null, M, D, 'urn:epc:id:sgln:2.0.0'],
      [lgtin('L'), true, 4, M, D, 'urn:epc:id:sgln:2.0.0'],
    ]);
    expect(set.shipmentReceipts.map((r) => [r.identifier, r.event_id, r.received_by_msp])).toEqual([
      [sscc(1), 'r', 'DistributorMSP'],
    ]);
    // Possession stayed with M: only ownership changed hands.
    expect(
      set.rows.custody_transfers.map((c) => [c.identifier, c.kind, c.from_party, c.to_party]),
    ).toEqual([
      [sscc(1), 'ownership', M, D],
      [lgtin('L'), 'ownership', M, D],
    ]);
  });

  it('flattens identifiers by role (contained ones are left to the store), business transactions and sensor readings', () => {
    const set = oneTx(
      payload([
        eventRecord({
          eventId: 'e',
          epcList: [sscc(1), sscc(1)],
          affectedIdentifiers: [sscc(1), sgtin(1), sgtin(2)],
          bizTransactions: [{ type: 'po', value: 'PO-1' }, { value: 'untyped' }],
          sensorReadings: [
            { type: 'gs1:Temperature', value: 50, uom: 'FAH', exception: 'ALARM_CONDITION' },
            { type: 'Temperature', minValue: 275.15, maxValue: 283.15, uom: 'KEL' },
          ],
        }),
      ]),
    );
    // Objects inside sscc(1) are derived from aggregation edges by the store, not projected.
    expect(set.rows.event_identifiers.map((i) => [i.role, i.identifier])).toEqual([
      ['epc', sscc(1)],
    ]);
    expect(set.rows.biz_transactions.map((b) => [b.type, b.value])).toEqual([
      ['po', 'PO-1'],
      ['', 'untyped'],
    ]);
    expect(
      set.rows.sensor_readings.map((s) => [s.temperature_min_c, s.temperature_max_c, s.exception]),
    ).toEqual([
      [10, 10, 'ALARM_CONDITION'],
      [2, 10, null],
    ]);
  });

  it('projects an error declaration as a retraction of the event only', () => {
    const set = oneTx(
      payload([
        eventRecord({
          eventId: 'e',
          bizStep: 'receiving',
          epcList: [sscc(1)],
          errorDeclaration: {
            declarationTime: '2026-02-01T00:00:00Z',
            reason: 'incorrect_data',
            correctiveEventIds: ['e2'],
          },
        }),
      ]),
      { txId: 'decl' },
    );
    expect(set.rows.events).toEqual([
      expect.objectContaining({
        event_id: 'e',
        retracted: true,
        retracted_tx_id: 'decl',
        retracted_block_number: 0n,
        corrective_event_ids: ['e2'],
      }),
    ]);
    expect([set.rows.event_identifiers, set.shipmentReceipts, set.rows.custody_transfers]).toEqual([
      [],
      [],
      [],
    ]);
  });

  it('keeps the last state record per key and one lot membership edge per serial', () => {
    const set = oneTx(
      payload([
        identifierRecord({
          epc: sgtin(1),
          lotClass: lgtin('L'),
          lastEventId: 'a',
          disposition: 'active',
        }),
        identifierRecord({
          epc: sgtin(1),
          lotClass: lgtin('L'),
          lastEventId: 'b',
          disposition: 'in_transit',
        }),
      ]),
    );
    expect(set.rows.identifier_state.map((s) => [s.epc, s.disposition, s.last_event_id])).toEqual([
      [sgtin(1), 'in_transit', 'b'],
    ]);
    expect(set.rows.lineage_edge.map((e) => [e.kind, e.from_id, e.to_id, e.event_id])).toEqual([
      ['lot_membership', lgtin('L'), sgtin(1), 'a'],
    ]);
  });

  it('stamps rows with tx id, block number and positions, and the block with its latest tx time', () => {
    const chain = new ChainBuilder();
    chain.addConfig();
    chain.add([
      payloadTx(payload([eventRecord({ eventId: 'x' })]), {
        txId: 't0',
        timestamp: new Date('2026-03-01T00:00:00Z'),
      }),
      payloadTx(payload([eventRecord({ eventId: 'y' }), eventRecord({ eventId: 'z' })]), {
        txId: 't1',
        timestamp: new Date('2026-03-02T00:00:00Z'),
      }),
    ]);
    const set = project(chain);
    expect(
      set.rows.events.map((e) => [e.event_id, e.tx_id, e.block_number, e.tx_index, e.record_index]),
    ).toEqual([
      ['x', 't0', 1n, 0, 0],
      ['y', 't1', 1n, 1, 0],
      ['z', 't1', 1n, 1, 1],
    ]);
    expect(set.rows.blocks[0]!.block_time).toBe('2026-03-02T00:00:00.000Z');
    expect(set.eventCount).toBe(3);
  });
});
