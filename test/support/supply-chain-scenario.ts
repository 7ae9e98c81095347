/**
 * A small supply chain on a test chain that touches every mirror table: master data, commissioning,
 * packing, shipping with sensors and emissions, receiving, unpacking, a transformation, a recall,
 * an error declaration, an invalid transaction, pack/unpack/re-pack inside one transaction, and
 * an organisation dropping a party id.
 */
import type { LedgerRecord } from '../../chaincode/src/payload.js';
import { ValidationCode } from '../../src/ledger/types.js';
import { ChainBuilder, payloadTx } from './block-factory.js';
import { eventRecord, identifierRecord, lgtin, payload, sgtin, sscc } from './payload-factory.js';

const LOT1 = lgtin('LOT1');
const LOT2 = lgtin('LOT2');
const PLANT = 'urn:epc:id:sgln:0614141.00001.0';
const DC = 'urn:epc:id:sgln:0614142.00001.0';
const M_PARTY = 'urn:epc:id:pgln:0614141.00000';
const D_PARTY = 'urn:epc:id:pgln:0614142.00000';

const t = (minute: number): string => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();

function organization(mspId: string, partyIds: string[]): LedgerRecord {
  return {
    kind: 'organization',
    key: `org~${mspId}`,
    value: {
      mspId,
      name: mspId.replace('MSP', ''),
      role: 'other',
      partyIds,
      companyPrefixes: ['0614141'],
      updatedTx: 'tx',
    },
  };
}

function lotRecord(
  lotClass: string,
  produced: number,
  remaining: number,
  recallId?: string,
): LedgerRecord {
  return {
    kind: 'lot',
    key: `lot~${lotClass}`,
    value: {
      lotClass,
      gtin: '00614141073467',
      lotNumber: lotClass.split('.').at(-1)!,
      expiry: '2027-06-30',
      ownerMsp: 'ManufacturerMSP',
      quantityProduced: produced,
      quantityRemaining: remaining,
      uom: 'EA',
      unverifiedOrigin: false,
      ...(recallId === undefined ? {} : { recallId, disposition: 'recalled' }),
      lastEventId: 'ev',
      updatedTx: 'tx',
    },
  };
}

/** Builds the scenario chain: block 0 is a config block; returns the builder. */
export function supplyChainScenario(): ChainBuilder {
  const chain = new ChainBuilder();
  chain.addConfig();

  // 1: master data.
  chain.add([
    payloadTx(
      payload(
        [
          organization('ManufacturerMSP', [M_PARTY, 'urn:epc:id:pgln:0614141.00009']),
          organization('DistributorMSP', [D_PARTY]),
          {
            kind: 'location',
            key: 'loc~plant',
            value: {
              id: PLANT,
              name: 'Plant',
              latitude: 50.1,
              longitude: 8.6,
              ownerMsp: 'ManufacturerMSP',
              updatedTx: 'tx',
            },
          },
          {
            kind: 'location',
            key: 'loc~dc',
            value: { id: DC, name: 'DC', ownerMsp: 'DistributorMSP', updatedTx: 'tx' },
          },
          {
            kind: 'product',
            key: 'prod~1',
            value: {
              gtin: '00614141073467',
              ndc: '0614-1073-46',
              name: 'Amoxicillin 500 mg',
              unitMassKg: 0.05,
              ownerMsp: 'ManufacturerMSP',
              updatedTx: 'tx',
            },
          },
          {
            kind: 'footprint',
            key: 'pcf~1',
            value: {
              footprintId: 'pcf-1',
              productIds: ['urn:gtin:00614141073467'],
              declaredUnitOfMeasurement: 'piece',
              declaredUnitAmount: 100,
              pcfExcludingBiogenicUptake: 12.5,
              co2ePerUnitKg: 0.125,
              specVersion: '3.0.0',
              convertedFromV2: false,
              submittedByMsp: 'ManufacturerMSP',
              updatedTx: 'tx',
            },
          },
        ],
        'ManufacturerMSP',
        t(1),
      ),
    ),
  ]);

  // 2: commissioning six serials of LOT1.
  const serials = [1, 2, 3, 4, 5, 6].map(sgtin);
  chain.add([
    payloadTx(
      payload(
        [
          eventRecord({
            eventId: 'ev-commission',
            eventTime: t(2),
            action: 'ADD',
            bizStep: 'commissioning',
            disposition: 'active',
            bizLocation: PLANT,
            epcList: serials,
            ilmd: { lotNumber: 'LOT1', itemExpirationDate: '2027-06-30' },
          }),
          ...serials.map((epc) =>
            identifierRecord({
              epc,
              lotClass: LOT1,
              gtin: '00614141073467',
              ownerMsp: 'ManufacturerMSP',
              location: PLANT,
              disposition: 'active',
              lastEventId: 'ev-commission',
              lastEventTime: t(2),
            }),
          ),
          lotRecord(LOT1, 6, 6),
          // The contract's history bookkeeping: read and ignored by the indexer.
          {
            kind: 'history',
            key: 'hist~1',
            value: {
              subjectKind: 'lot',
              subject: LOT1,
              sequence: 0,
              eventId: 'ev-commission',
              role: 'quantity',
              updatedTx: 'tx',
            },
          },
        ],
        'ManufacturerMSP',
        t(2),
      ),
    ),
  ]);

  // 3: packing into two cases; plus an MVCC-invalidated transaction that must not be projected.
  chain.add([
    payloadTx(
      payload(
        [
          eventRecord({
            eventId: 'ev-pack-1',
            type: 'AggregationEvent',
            eventTime: t(3),
            action: 'ADD',
            bizStep: 'packing',
            parentId: sscc(1),
            childEpcs: serials.slice(0, 3),
          }),
          eventRecord({
            eventId: 'ev-pack-2',
            type: 'AggregationEvent',
            eventTime: t(3),
            action: 'ADD',
            bizStep: 'packing',
            parentId: sscc(2),
            childEpcs: serials.slice(3),
          }),
          ...serials.map((epc, i) =>
            identifierRecord({
              epc,
              lotClass: LOT1,
              ownerMsp: 'ManufacturerMSP',
              parent: sscc(i < 3 ? 1 : 2),
              lastEventId: i < 3 ? 'ev-pack-1' : 'ev-pack-2',
              lastEventTime: t(3),
            }),
          ),
        ],
        'ManufacturerMSP',
        t(3),
      ),
    ),
    payloadTx(
      payload(
        [
          eventRecord({
            eventId: 'ev-invalid',
            eventTime: t(3),
            bizStep: 'destroying',
            epcList: [sgtin(1)],
          }),
          identifierRecord({ epc: sgtin(1), disposition: 'destroyed', lastEventId: 'ev-invalid' }),
        ],
        'ManufacturerMSP',
        t(3),
      ),
      { validationCode: ValidationCode.MVCC_READ_CONFLICT, txId: 'tx-mvcc' },
    ),
  ]);

  // 4: shipping both cases, with a PO, a temperature log and a GLEC emission.
  chain.add([
    payloadTx(
      payload(
        [
          eventRecord({
            eventId: 'ev-ship',
            eventTime: t(4),
            action: 'OBSERVE',
            bizStep: 'shipping',
            disposition: 'in_transit',
            epcList: [sscc(1), sscc(2)],
            affectedIdentifiers: [sscc(1), sscc(2), ...serials],
            contentHash: 'ab12',
            bizTransactions: [{ type: 'po', value: 'urn:epcglobal:cbv:bt:0614141000001:PO-1' }],
            sources: [
              { type: 'owning_party', value: M_PARTY },
              { type: 'location', value: PLANT },
            ],
            destinations: [
              { type: 'urn:epcglobal:cbv:sdt:owning_party', value: D_PARTY },
              { type: 'location', value: DC },
            ],
            sensorReadings: [
              {
                type: 'gs1:Temperature',
                minValue: 3.5,
                maxValue: 9.1,
                uom: 'CEL',
                time: t(4),
                exception: 'ALARM_CONDITION',
              },
              { type: 'gs1:Temperature', value: 46.4, uom: 'FAH' },
              { type: 'gs1:RelativeHumidity', value: 40, uom: 'A93' },
            ],
          }),
          {
            kind: 'emission',
            key: 'em~1',
            value: {
              emissionId: 'em-1',
              eventId: 'ev-ship',
              mode: 'road',
              distanceKm: 420,
              massKg: 12.5,
              factorId: 'glec-artic-34-40t',
              factorValue: 0.0829,
              factorSource: 'GLEC',
              factorVersion: '2.0',
              scope: 'WTW',
              co2eKg: 0.43523,
              recordedByMsp: 'ManufacturerMSP',
              updatedTx: 'tx',
            },
          },
        ],
        'ManufacturerMSP',
        t(4),
      ),
    ),
  ]);

  // 5: receiving case 1 only (case 2 stays in transit); an observation that is later retracted.
  chain.add([
    payloadTx(
      payload(
        [
          eventRecord({
            eventId: 'ev-receive',
            eventTime: t(5),
            action: 'OBSERVE',
            bizStep: 'receiving',
            epcList: [sscc(1)],
            capturedByMsp: 'DistributorMSP',
            bizLocation: DC,
          }),
          eventRecord({
            eventId: 'ev-oops',
            eventTime: t(5),
            action: 'OBSERVE',
            bizStep: 'receiving',
            epcList: [sscc(2)],
            capturedByMsp: 'DistributorMSP',
          }),
        ],
        'DistributorMSP',
        t(5),
      ),
    ),
  ]);

  // 6: unpack case 1 (all children); transform LOT1 into LOT2; pack/unpack/re-pack in one tx.
  chain.add([
    payloadTx(
      payload(
        [
          eventRecord({
            eventId: 'ev-unpack',
            type: 'AggregationEvent',
            eventTime: t(6),
            action: 'DELETE',
            bizStep: 'unpacking',
            parentId: sscc(1),
            capturedByMsp: 'DistributorMSP',
          }),
        ],
        'DistributorMSP',
        t(6),
      ),
    ),
    payloadTx(
      payload(
        [
          eventRecord({
            eventId: 'ev-transform',
            type: 'TransformationEvent',
            eventTime: t(6),
            transformationId: 'urn:uuid:tf-1',
            inputQuantityList: [{ epcClass: LOT1, quantity: 3, uom: 'EA' }],
            outputQuantityList: [{ epcClass: LOT2, quantity: 1, uom: 'EA' }],
          }),
          lotRecord(LOT1, 6, 3),
          lotRecord(LOT2, 1, 1),
        ],
        'ManufacturerMSP',
        t(6),
      ),
    ),
    payloadTx(
      payload(
        [
          eventRecord({
            eventId: 'ev-repack-a',
            type: 'AggregationEvent',
            eventTime: t(7),
            action: 'ADD',
            parentId: sscc(3),
            childEpcs: [sgtin(1)],
          }),
          eventRecord({
            eventId: 'ev-repack-b',
            type: 'AggregationEvent',
            eventTime: t(7),
            action: 'DELETE',
            parentId: sscc(3),
            childEpcs: [sgtin(1)],
          }),
          eventRecord({
            eventId: 'ev-repack-c',
            type: 'AggregationEvent',
            eventTime: t(7),
            action: 'ADD',
            parentId: sscc(4),
            childEpcs: [sgtin(1)],
          }),
          identifierRecord({
            epc: sgtin(1),
            lotClass: LOT1,
            parent: sscc(3),
            lastEventId: 'ev-repack-a',
            lastEventTime: t(7),
          }),
          identifierRecord({
            epc: sgtin(1),
            lotClass: LOT1,
            parent: sscc(4),
            lastEventId: 'ev-repack-c',
            lastEventTime: t(7),
          }),
        ],
        'DistributorMSP',
        t(7),
      ),
    ),
  ]);

  // 7: recall of LOT1; error declaration of ev-oops; the manufacturer drops a party id.
  chain.add([
    payloadTx(
      payload(
        [
          {
            kind: 'recall',
            key: 'recall|R1',
            value: {
              recallId: 'R1',
              lotClasses: [LOT1, LOT2],
              classification: 'II',
              reason: 'assay out of spec',
              status: 'open',
              initiatedByMsp: 'ManufacturerMSP',
              initiatedAt: t(8),
              updatedTx: 'tx',
            },
          },
          lotRecord(LOT1, 6, 3, 'R1'),
        ],
        'ManufacturerMSP',
        t(8),
      ),
    ),
    payloadTx(
      payload(
        [
          eventRecord({
            eventId: 'ev-oops',
            eventTime: t(5),
            action: 'OBSERVE',
            bizStep: 'receiving',
            epcList: [sscc(2)],
            capturedByMsp: 'DistributorMSP',
            errorDeclaration: {
              declarationTime: t(9),
              reason: 'incorrect_data',
              correctiveEventIds: [],
            },
          }),
        ],
        'DistributorMSP',
        t(9),
      ),
    ),
    payloadTx(payload([organization('ManufacturerMSP', [M_PARTY])], 'ManufacturerMSP', t(9))),
  ]);
  return chain;
}
