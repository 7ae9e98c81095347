/** LedgerPayload and record builders with complete defaults, for indexer tests. */
import {
  PAYLOAD_VERSION,
  type EpcisEventRecord,
  type IdentifierStateRecord,
  type LedgerPayload,
  type LedgerRecord,
} from '../../chaincode/src/payload.js';

/** A payload holding `records`, written by `msp` at `time`. */
export function payload(
  records: LedgerRecord[],
  msp = 'ManufacturerMSP',
  time = '2026-01-01T00:00:00Z',
): LedgerPayload {
  return {
    version: PAYLOAD_VERSION,
    function: 'CaptureEvents',
    creatorMsp: msp,
    txTimestamp: time,
    records,
  };
}

/** An EPCIS event record with empty lists; `overrides` set what matters to the test. */
export function eventRecord(
  overrides: Partial<EpcisEventRecord> & Pick<EpcisEventRecord, 'eventId'>,
): LedgerRecord {
  const value: EpcisEventRecord = {
    eventIdGenerated: false,
    type: 'ObjectEvent',
    eventTime: '2026-01-01T00:00:00.000Z',
    eventTimeZoneOffset: '+00:00',
    epcList: [],
    quantityList: [],
    childEpcs: [],
    childQuantityList: [],
    inputEpcList: [],
    inputQuantityList: [],
    outputEpcList: [],
    outputQuantityList: [],
    bizTransactions: [],
    sources: [],
    destinations: [],
    sensorReadings: [],
    unverifiedIdentifiers: [],
    capturedByMsp: 'ManufacturerMSP',
    capturedTx: 'tx',
    document: { type: overrides.type ?? 'ObjectEvent', eventID: overrides.eventId },
    ...overrides,
  };
  return { kind: 'event', key: `event|${value.eventId}`, value };
}

/** An identifier state record. */
export function identifierRecord(
  overrides: Partial<IdentifierStateRecord> & Pick<IdentifierStateRecord, 'epc' | 'lastEventId'>,
): LedgerRecord {
  const value: IdentifierStateRecord = {
    scheme: overrides.epc.split(':')[3] ?? 'sgtin',
    unverifiedOrigin: false,
    lastEventTime: '2026-01-01T00:00:00.000Z',
    updatedTx: 'tx',
    ...overrides,
  };
  return { kind: 'identifier', key: `id~${value.epc}`, value };
}

/** An sgtin URN for serial `n` of lot item 0614141.107346. */
export const sgtin = (n: number): string => `urn:epc:id:sgtin:0614141.107346.${n}`;
/** An sscc URN. */
export const sscc = (n: number): string => `urn:epc:id:sscc:0614141.${String(n).padStart(10, '0')}`;
/** An lgtin class URN. */
export const lgtin = (lot: string): string => `urn:epc:class:lgtin:0614141.107346.${lot}`;
