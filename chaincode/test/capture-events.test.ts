import './support/quiet-fabric-logs';
import { beforeEach, describe, expect, it } from 'vitest';
import { stateKeys } from '../src/ledger/state-keys';
import type { IdentifierStateRecord, LotStateRecord } from '../src/payload';
import type { InMemoryLedger } from '../src/testing/in-memory-ledger';
import {
  DIST,
  IDS,
  MFG,
  aggregation,
  capture,
  commissionIngredientKg,
  commissionUnits,
  doc,
  event,
  expectCode,
  query,
  receiving,
  registeredLedger,
  shipping,
  stateSize,
} from './support/supply-chain';

describe('CaptureEvents: idempotency, error declarations, atomicity, contract over the in-memory stub', () => {
  let ledger: InMemoryLedger;
  const state = (epc: string): Promise<IdentifierStateRecord> =>
    query(ledger, 'GetIdentifierState', epc);
  const lot = (lotClass: string): Promise<LotStateRecord> => query(ledger, 'GetLotState', lotClass);

  beforeEach(async () => {
    ledger = await registeredLedger();
  });

  describe('event times', () => {
    it('refuses an event dated after its transaction beyond clock skew, and names it', async () => {
      const commission = commissionUnits([1]);
      const eventTime = Date.parse(String(commission.eventTime));
      const at = (minutesBefore: number) => ({
        ...MFG,
        timestamp: new Date(eventTime - minutesBefore * 60_000),
      });
      await expectCode(capture(ledger, at(60), commission), 'EPCIS_INVALID', 'event 1: eventTime');
      await expect(capture(ledger, at(60), commission)).rejects.toThrow(
        /60 minutes after the transaction's time .* cannot be recorded before it happens/,
      );
      expect(stateSize(ledger)).toBe(stateSize(await registeredLedger()));
      // Within 10 minutes of skew: captured.
      const result = await capture(ledger, at(9), commission);
      expect(result.events[0]?.outcome).toBe('captured');
    });
  });

  describe('idempotency and event ids', () => {
    it('refuses the same content under another eventID, unless the first was declared erroneous', async () => {
      await capture(ledger, MFG, commissionUnits([1, 2]));
      const ship = shipping([IDS.unit(1)], 'manufacturer', 'distributor');
      const first = await capture(ledger, MFG, { ...ship, eventID: 'urn:uuid:ship-1' });
      const size = stateSize(ledger);
      await expectCode(
        capture(ledger, MFG, { ...ship, eventID: 'urn:uuid:ship-1-retry' }),
        'EVENT_DUPLICATE',
        'already on the ledger as urn:uuid:ship-1',
      );
      // Also within one document, and with a generated id: nothing of it is written.
      await expectCode(
        capture(ledger, MFG, shipping([IDS.unit(2)], 'manufacturer', 'distributor'), ship),
        'EVENT_DUPLICATE',
        'event 2:',
      );
      expect(stateSize(ledger)).toBe(size);
      // Declared erroneous, the first no longer counts: the same content may be captured anew.
      await capture(ledger, MFG, {
        ...ship,
        eventID: 'urn:uuid:ship-1',
        errorDeclaration: { declarationTime: '2025-03-02T10:00:00Z' },
      });
      const again = await capture(ledger, MFG, { ...ship, eventID: 'urn:uuid:ship-1-again' });
      expect(again.events[0]).toMatchObject({ outcome: 'captured' });
      expect(first.events[0]?.eventId).toBe('urn:uuid:ship-1');
      expect((await state(IDS.unit(1))).inTransitTo?.msp).toBe('DistributorMSP');
    });

    it('treats the same event again as a no-op returning the stored record', async () => {
      const commission = commissionUnits([1]);
      const first = await capture(ledger, MFG, commission);
      const size = stateSize(ledger);
      const second = await capture(ledger, MFG, commission);
      expect(second.events[0]).toMatchObject({
        outcome: 'unchanged',
        eventId: first.events[0]?.eventId,
      });
      expect(second.events[0]?.record).toEqual(first.events[0]?.record);
      expect(second.payload).toBeUndefined();
      expect(stateSize(ledger)).toBe(size);
    });

    it('recognises the same event written with Digital Links and CBV URIs as a duplicate', async () => {
      const shortForm = commissionUnits([7]);
      const longForm = {
        ...shortForm,
        bizStep: 'urn:epcglobal:cbv:bizstep:commissioning',
        disposition: 'https://ref.gs1.org/cbv/Disp-active',
        epcList: ['https://id.gs1.org/01/00614141123452/21/7'],
        readPoint: { id: 'https://id.gs1.org/414/0614141000012' },
        eventTime: new Date(Date.parse(shortForm.eventTime as string))
          .toISOString()
          .replace('Z', '+00:00'),
      };
      const first = await capture(ledger, MFG, shortForm);
      const second = await capture(ledger, MFG, longForm);
      expect(second.events[0]).toMatchObject({
        outcome: 'unchanged',
        eventId: first.events[0]?.eventId,
      });
    });

    it('rejects a different event under an existing eventID', async () => {
      const eventID = 'urn:uuid:6f0e4a3c-1d2b-4c5d-8e9f-0a1b2c3d4e5f';
      await capture(ledger, MFG, { ...commissionUnits([1]), eventID });
      await expectCode(
        capture(ledger, MFG, { ...commissionUnits([2]), eventID }),
        'EVENT_ID_CONFLICT',
        eventID,
        'different content',
      );
    });

    it('treats a given eventID as opaque and keeps it', async () => {
      const eventID = 'urn:uuid:00000000-0000-4000-8000-000000000001';
      const result = await capture(ledger, MFG, { ...commissionUnits([1]), eventID });
      expect(result.events[0]).toMatchObject({
        eventId: eventID,
        record: { eventIdGenerated: false },
      });
    });
  });

  describe('error declarations', () => {
    it('retracts a shipment: the units are no longer in transit and history keeps the event, flagged', async () => {
      await capture(ledger, MFG, commissionUnits([1, 2]));
      const ship = shipping([IDS.unit(1), IDS.unit(2)], 'manufacturer', 'distributor');
      const shipped = await capture(ledger, MFG, ship);
      expect((await state(IDS.unit(1))).inTransitTo?.msp).toBe('DistributorMSP');
      const declaration = {
        ...ship,
        errorDeclaration: {
          declarationTime: '2025-03-02T10:00:00+01:00',
          reason: 'urn:epcglobal:cbv:er:did_not_occur',
        },
      };
      const retracted = await capture(ledger, MFG, declaration);
      expect(retracted.events[0]).toMatchObject({
        outcome: 'retracted',
        eventId: shipped.events[0]?.eventId,
        record: {
          errorDeclaration: {
            declarationTime: '2025-03-02T09:00:00.000Z',
            reason: 'did_not_occur',
          },
          retractedTx: retracted.txId,
        },
      });
      const unit = await state(IDS.unit(1));
      expect(unit.inTransitTo).toBeUndefined();
      expect(unit).toMatchObject({
        disposition: 'active',
        ownerMsp: 'ManufacturerMSP',
        historyCount: 2,
      });
      const history = await query<{ steps: { retracted: boolean }[] }>(
        ledger,
        'GetHistory',
        IDS.unit(1),
      );
      expect(history.steps.map((step) => step.retracted)).toEqual([false, true]);
      // The retraction payload carries the marked event and the recomputed states.
      expect(retracted.payload?.records.map((record) => record.kind)).toEqual([
        'event',
        'identifier',
        'identifier',
      ]);
      // The distributor can no longer receive what was never shipped.
      await expectCode(
        capture(ledger, DIST, receiving([IDS.unit(1)], 'distributor')),
        'CUSTODY_NOT_IN_TRANSIT',
      );
    });

    it('retracts a transformation: the consumed quantity returns to the input lot', async () => {
      await capture(ledger, MFG, commissionIngredientKg());
      const transform = event('TransformationEvent', {
        inputQuantityList: [{ epcClass: IDS.ingredientLot, quantity: 60, uom: 'KGM' }],
        outputQuantityList: [{ epcClass: IDS.drugLot, quantity: 1000 }],
      });
      const transformed = await capture(ledger, MFG, transform);
      expect((await lot(IDS.ingredientLot)).quantityRemaining).toBe(40);
      await capture(ledger, MFG, {
        ...transform,
        errorDeclaration: { declarationTime: '2025-03-02T10:00:00Z' },
      });
      expect(await lot(IDS.ingredientLot)).toMatchObject({
        quantityProduced: 100,
        quantityRemaining: 100,
      });
      const drugLot = await lot(IDS.drugLot);
      expect(drugLot).toMatchObject({
        quantityProduced: 0,
        quantityRemaining: 0,
        unverifiedOrigin: true,
        lastEventId: transformed.events[0]?.eventId,
      });
      expect(drugLot.ownerMsp).toBeUndefined();
    });

    it('leaves an identifier whose only event was retracted unheld, so it can be commissioned again', async () => {
      const commission = commissionUnits([5]);
      await capture(ledger, MFG, commission);
      await capture(ledger, MFG, {
        ...commission,
        errorDeclaration: { declarationTime: '2025-03-02T10:00:00Z', reason: 'incorrect_data' },
      });
      const bare = await state(IDS.unit(5));
      expect(bare).toMatchObject({ unverifiedOrigin: true, historyCount: 1 });
      expect(bare.ownerMsp).toBeUndefined();
      expect(bare.lotClass).toBeUndefined();
      const again = await capture(ledger, MFG, commissionUnits([5]));
      expect(again.events[0]?.outcome).toBe('captured');
      expect(await state(IDS.unit(5))).toMatchObject({
        ownerMsp: 'ManufacturerMSP',
        unverifiedOrigin: false,
        lotClass: IDS.drugLot,
        historyCount: 2,
      });
    });

    it('retracts a packing: children leave the container, later events stay', async () => {
      await capture(ledger, MFG, commissionUnits([1, 2]));
      const pack = aggregation('ADD', IDS.case1, [IDS.unit(1), IDS.unit(2)], 'manufacturer');
      await capture(ledger, MFG, pack);
      await capture(
        ledger,
        MFG,
        event('ObjectEvent', {
          action: 'OBSERVE',
          bizStep: 'inspecting',
          epcList: [IDS.unit(1)],
          bizLocation: { id: 'urn:epc:id:sgln:0614141.00002.0' },
        }),
      );
      await capture(ledger, MFG, {
        ...pack,
        errorDeclaration: { declarationTime: '2025-03-02T10:00:00Z' },
      });
      expect((await state(IDS.case1)).children).toBeUndefined();
      const unit = await state(IDS.unit(1));
      expect(unit.parent).toBeUndefined();
      expect(unit.location).toBe('urn:epc:id:sgln:0614141.00002.0');
    });

    it('handles an event and its declaration in the same document', async () => {
      const ship = shipping([IDS.unit(9)], 'manufacturer', 'pharmacy');
      const result = await capture(ledger, MFG, ship, {
        ...ship,
        errorDeclaration: { declarationTime: '2025-03-02T10:00:00Z' },
      });
      expect(result.events.map((e) => e.outcome)).toEqual(['captured', 'retracted']);
      expect((await state(IDS.unit(9))).inTransitTo).toBeUndefined();
    });

    it('only lets the capturing organisation declare an error', async () => {
      const ship = shipping([IDS.unit(1)], 'manufacturer', 'distributor');
      await capture(ledger, MFG, ship);
      await expectCode(
        capture(ledger, DIST, {
          ...ship,
          errorDeclaration: { declarationTime: '2025-03-02T10:00:00Z' },
        }),
        'FORBIDDEN_NOT_CAPTURER',
      );
    });

    it('rejects a declaration whose event content differs from the stored event', async () => {
      const eventID = 'urn:uuid:6f0e4a3c-1d2b-4c5d-8e9f-000000000002';
      await capture(ledger, MFG, {
        ...shipping([IDS.unit(1)], 'manufacturer', 'distributor'),
        eventID,
      });
      const other = {
        ...shipping([IDS.unit(2)], 'manufacturer', 'distributor'),
        eventID,
        errorDeclaration: { declarationTime: '2025-03-02T10:00:00Z' },
      };
      await expectCode(capture(ledger, MFG, other), 'EVENT_ID_CONFLICT', 'does not repeat');
    });

    it('stores a declaration for an unknown event as retracted, so the original never counts', async () => {
      const ship = shipping([IDS.unit(3)], 'manufacturer', 'distributor');
      await capture(ledger, MFG, {
        ...ship,
        errorDeclaration: { declarationTime: '2025-03-02T10:00:00Z' },
      });
      const late = await capture(ledger, MFG, ship);
      expect(late.events[0]?.outcome).toBe('unchanged');
      await expectCode(query(ledger, 'GetIdentifierState', IDS.unit(3)), 'NOT_FOUND');
    });
  });

  describe('transactions', () => {
    it('writes nothing when a later event of the document breaks a rule', async () => {
      const size = stateSize(ledger);
      const good = commissionUnits([1]);
      const bad = commissionUnits([1]); // commissioned twice in one document
      await expectCode(capture(ledger, MFG, good, bad), 'ALREADY_COMMISSIONED', 'event 2:');
      expect(stateSize(ledger)).toBe(size);
      expect(ledger.read(stateKeys.identifier(IDS.unit(1)))).toBeUndefined();
    });

    it('emits one payload whose records are exactly the state written, as deterministic JSON', async () => {
      const result = await capture(
        ledger,
        MFG,
        commissionUnits([1, 2]),
        aggregation('ADD', IDS.case1, [IDS.unit(1), IDS.unit(2)], 'manufacturer'),
      );
      const payload = result.payload;
      expect(payload).toMatchObject({
        version: 1,
        function: 'CaptureEvents',
        creatorMsp: 'ManufacturerMSP',
      });
      const keys = payload?.records.map((record) => record.key) ?? [];
      expect(new Set(keys).size).toBe(keys.length);
      for (const record of payload?.records ?? []) {
        const stored = ledger.world.get(record.key);
        expect(stored && Buffer.from(stored).toString('utf8')).toBe(sortedJson(record.value));
      }
      // Unit 1 is written once, with its final state (inside the case).
      const unit = payload?.records.find(
        (record) => record.key === stateKeys.identifier(IDS.unit(1)),
      );
      expect(unit?.value).toMatchObject({ parent: IDS.case1, historyCount: 2 });
    });

    it('rejects a document that is not JSON', async () => {
      await expectCode(
        ledger.invoke('CaptureEvents', ['{not json'], MFG),
        'EPCIS_INVALID',
        'not JSON',
      );
      await expectCode(ledger.invoke('CaptureEvents', [doc()], MFG), 'EPCIS_INVALID', 'eventList');
    });
  });
});

function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) =>
    member && typeof member === 'object' && !Array.isArray(member)
      ? Object.fromEntries(Object.entries(member).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : member,
  );
}
