import './support/quiet-fabric-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InMemoryLedger } from '../src/testing/in-memory-ledger';
import type { IdentifierStateRecord, LotStateRecord } from '../src/payload';
import {
  DIST,
  IDS,
  MFG,
  ORGS,
  PHARM,
  aggregation,
  capture,
  commissionUnits,
  event,
  expectCode,
  json,
  query,
  receiving,
  registeredLedger,
  shipping,
} from './support/supply-chain';

const units = [1, 2, 3, 4, 5, 6].map(IDS.unit);

// One ledger, one story, steps in order: each `it` continues where the previous one stopped.
describe('DSCSA story across three organisations, contract over the in-memory stub', () => {
  let ledger: InMemoryLedger;
  const state = (epc: string): Promise<IdentifierStateRecord> =>
    query(ledger, 'GetIdentifierState', epc);
  const lot = (lotClass: string): Promise<LotStateRecord> => query(ledger, 'GetLotState', lotClass);

  beforeAll(async () => {
    ledger = await registeredLedger();
  });

  it('commissions an ingredient lot by quantity', async () => {
    const result = await capture(
      ledger,
      MFG,
      event('ObjectEvent', {
        action: 'ADD',
        bizStep: 'commissioning',
        disposition: 'active',
        quantityList: [{ epcClass: IDS.ingredientLot, quantity: 500, uom: 'KGM' }],
        readPoint: { id: ORGS.manufacturer.site },
      }),
    );
    expect(result.events[0]?.outcome).toBe('captured');
    expect(await lot(IDS.ingredientLot)).toMatchObject({
      quantityProduced: 500,
      quantityRemaining: 500,
      uom: 'KGM',
      ownerMsp: 'ManufacturerMSP',
      unverifiedOrigin: false,
    });
  });

  it('makes the drug product lot by transforming 120 kg of the ingredient', async () => {
    await capture(
      ledger,
      MFG,
      event('TransformationEvent', {
        bizStep: 'commissioning',
        inputQuantityList: [{ epcClass: IDS.ingredientLot, quantity: 120, uom: 'KGM' }],
        outputQuantityList: [{ epcClass: IDS.drugLot, quantity: 6 }],
        readPoint: { id: ORGS.manufacturer.site },
        ilmd: { 'cbvmda:itemExpirationDate': '2027-03-31' },
      }),
    );
    expect(await lot(IDS.ingredientLot)).toMatchObject({
      quantityProduced: 500,
      quantityRemaining: 380,
    });
    expect(await lot(IDS.drugLot)).toMatchObject({
      quantityProduced: 6,
      quantityRemaining: 6,
      expiry: '2027-03-31',
      unverifiedOrigin: false,
    });
  });

  it('refuses a transformation that consumes more ingredient than remains', async () => {
    const transform = event('TransformationEvent', {
      inputQuantityList: [{ epcClass: IDS.ingredientLot, quantity: 400, uom: 'KGM' }],
      outputQuantityList: [{ epcClass: 'urn:epc:class:lgtin:0614141.012345.LOT-B', quantity: 10 }],
    });
    await expectCode(
      capture(ledger, MFG, transform),
      'LOT_OVERCONSUMED',
      'consumes 400 but only 380 remain',
    );
  });

  it('commissions serialised units into the drug lot', async () => {
    await capture(ledger, MFG, commissionUnits([1, 2, 3, 4, 5, 6]));
    expect(await state(IDS.unit(1))).toMatchObject({
      ownerMsp: 'ManufacturerMSP',
      lotClass: IDS.drugLot,
      gtin: '00614141123452',
      disposition: 'active',
      unverifiedOrigin: false,
      location: ORGS.manufacturer.site,
    });
    expect((await lot(IDS.drugLot)).serialCount).toBe(6);
  });

  it('packs units into two cases and the cases onto a pallet', async () => {
    await capture(
      ledger,
      MFG,
      aggregation('ADD', IDS.case1, units.slice(0, 3), 'manufacturer'),
      aggregation('ADD', IDS.case2, units.slice(3), 'manufacturer'),
      aggregation('ADD', IDS.pallet, [IDS.case1, IDS.case2], 'manufacturer'),
    );
    expect((await state(IDS.pallet)).children).toEqual([IDS.case1, IDS.case2]);
    expect(await state(IDS.case1)).toMatchObject({
      parent: IDS.pallet,
      children: units.slice(0, 3),
    });
    expect((await state(IDS.unit(4))).parent).toBe(IDS.case2);
  });

  it('ships the pallet to the distributor: pallet, cases and units are in transit', async () => {
    await capture(ledger, MFG, shipping([IDS.pallet], 'manufacturer', 'distributor'));
    for (const epc of [IDS.pallet, IDS.case2, IDS.unit(5)]) {
      expect(await state(epc)).toMatchObject({
        disposition: 'in_transit',
        ownerMsp: 'ManufacturerMSP',
        inTransitTo: {
          msp: 'DistributorMSP',
          party: ORGS.distributor.party,
          location: ORGS.distributor.site,
        },
      });
    }
  });

  it('does not let the pharmacy receive the distributor’s shipment', async () => {
    await expectCode(
      capture(ledger, PHARM, receiving([IDS.pallet], 'pharmacy')),
      'CUSTODY_NOT_DESTINATION',
      'DistributorMSP',
    );
  });

  it('lets the distributor receive it and take ownership of everything on the pallet', async () => {
    await capture(ledger, DIST, receiving([IDS.pallet], 'distributor'));
    for (const epc of [IDS.pallet, IDS.case1, IDS.unit(2)]) {
      const received = await state(epc);
      expect(received).toMatchObject({
        ownerMsp: 'DistributorMSP',
        ownerParty: ORGS.distributor.party,
        location: ORGS.distributor.site,
      });
      expect(received.inTransitTo).toBeUndefined();
    }
  });

  it('rejects a shipment forged by the manufacturer, which no longer owns the pallet', async () => {
    await expectCode(
      capture(ledger, MFG, shipping([IDS.case1], 'manufacturer', 'pharmacy')),
      'CUSTODY_NOT_OWNER',
      `${IDS.case1} is owned by DistributorMSP; ManufacturerMSP cannot ship it`,
    );
  });

  it('lets the distributor unpack the pallet and ship case 1 to the pharmacy', async () => {
    await capture(
      ledger,
      DIST,
      aggregation('DELETE', IDS.pallet, [IDS.case1, IDS.case2], 'distributor'),
    );
    expect((await state(IDS.pallet)).children).toBeUndefined();
    expect((await state(IDS.case1)).parent).toBeUndefined();
    await capture(ledger, DIST, shipping([IDS.case1], 'distributor', 'pharmacy'));
    expect((await state(IDS.unit(1))).inTransitTo?.msp).toBe('PharmacyMSP');
    // Case 2 stayed behind.
    expect((await state(IDS.unit(4))).inTransitTo).toBeUndefined();
  });

  it('lets the pharmacy receive case 1, unpack it and dispense a unit', async () => {
    await capture(ledger, PHARM, receiving([IDS.case1], 'pharmacy'));
    await capture(ledger, PHARM, aggregation('DELETE', IDS.case1, [], 'pharmacy'));
    const dispensed = await capture(
      ledger,
      PHARM,
      event('ObjectEvent', {
        action: 'OBSERVE',
        bizStep: 'dispensing',
        disposition: 'dispensed',
        epcList: [IDS.unit(1)],
        bizLocation: { id: ORGS.pharmacy.site },
      }),
    );
    expect(dispensed.events[0]?.outcome).toBe('captured');
    expect(await state(IDS.unit(1))).toMatchObject({
      ownerMsp: 'PharmacyMSP',
      disposition: 'dispensed',
      location: ORGS.pharmacy.site,
    });
    expect((await state(IDS.unit(2))).parent).toBeUndefined();
  });

  it('rejects a shipment of case 2 forged by the pharmacy', async () => {
    await expectCode(
      capture(ledger, PHARM, shipping([IDS.case2], 'pharmacy', 'distributor')),
      'CUSTODY_NOT_OWNER',
      'owned by DistributorMSP',
    );
  });

  it('lets the manufacturer recall the drug lot', async () => {
    const { result } = await ledger.invoke(
      'InitiateRecall',
      [
        json({
          recallId: 'RCL-2025-001',
          lotClasses: [IDS.drugLot],
          classification: 'II',
          reason: 'dissolution out of specification',
        }),
      ],
      MFG,
    );
    expect(JSON.parse(result)).toMatchObject({
      recallId: 'RCL-2025-001',
      status: 'open',
      initiatedByMsp: 'ManufacturerMSP',
    });
    expect(await lot(IDS.drugLot)).toMatchObject({
      recallId: 'RCL-2025-001',
      disposition: 'recalled',
    });
  });

  it('refuses to ship or dispense recalled units, alone or inside a case', async () => {
    await expectCode(
      capture(ledger, PHARM, shipping([IDS.unit(2)], 'pharmacy', 'distributor')),
      'RECALLED',
      IDS.unit(2),
      'RCL-2025-001',
    );
    await expectCode(
      capture(
        ledger,
        PHARM,
        event('ObjectEvent', {
          action: 'OBSERVE',
          bizStep: 'dispensing',
          disposition: 'dispensed',
          epcList: [IDS.unit(3)],
        }),
      ),
      'RECALLED',
    );
    await expectCode(
      capture(ledger, DIST, shipping([IDS.case2], 'distributor', 'pharmacy')),
      'RECALLED',
      `(inside ${IDS.case2})`,
    );
  });

  it('answers the recall coordinator’s questions from ledger state and history', async () => {
    const holders = await Promise.all(
      units.map(async (epc) => [epc, (await state(epc)).ownerMsp, (await state(epc)).disposition]),
    );
    expect(holders).toEqual([
      [IDS.unit(1), 'PharmacyMSP', 'dispensed'],
      [IDS.unit(2), 'PharmacyMSP', 'in_progress'],
      [IDS.unit(3), 'PharmacyMSP', 'in_progress'],
      [IDS.unit(4), 'DistributorMSP', 'in_progress'],
      [IDS.unit(5), 'DistributorMSP', 'in_progress'],
      [IDS.unit(6), 'DistributorMSP', 'in_progress'],
    ]);
    const history = await query<{ steps: { role: string; event: { bizStep: string } }[] }>(
      ledger,
      'GetHistory',
      IDS.unit(1),
    );
    expect(history.steps.map((step) => `${step.event.bizStep}/${step.role}`)).toEqual([
      'commissioning/epc',
      'packing/child',
      'packing/contained',
      'shipping/contained',
      'receiving/contained',
      'unpacking/contained',
      'shipping/contained',
      'receiving/contained',
      'unpacking/child',
      'dispensing/epc',
    ]);
    const ingredient = await query<{ steps: { role: string }[] }>(
      ledger,
      'GetHistory',
      IDS.ingredientLot,
    );
    expect(ingredient.steps.map((step) => step.role)).toEqual(['quantity', 'inputQuantity']);
  });

  it('closes the recall; the lot stays marked recalled', async () => {
    await expectCode(ledger.invoke('CloseRecall', ['RCL-2025-001'], DIST), 'NOT_RECORD_OWNER');
    const { result } = await ledger.invoke('CloseRecall', ['RCL-2025-001'], MFG);
    expect(JSON.parse(result)).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    const closed = await lot(IDS.drugLot);
    expect(closed.recallId).toBeUndefined();
    expect(closed.disposition).toBe('recalled');
    expect(await query(ledger, 'GetRecall', 'RCL-2025-001')).toMatchObject({ status: 'closed' });
  });
});
