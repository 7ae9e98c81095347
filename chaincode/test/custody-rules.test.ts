import './support/quiet-fabric-logs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { IdentifierStateRecord, LotStateRecord } from '../src/payload';
import type { InMemoryLedger } from '../src/testing/in-memory-ledger';
import {
  DIST,
  IDS,
  MFG,
  ORGS,
  PHARM,
  aggregation,
  capture,
  commissionIngredientKg,
  commissionUnits,
  decommissioning,
  event,
  expectCode,
  ingredientKg as kg,
  moveIngredientKg as moveKg,
  transformIngredientKg,
  query,
  receiving,
  json,
  registeredLedger,
  shipping,
} from './support/supply-chain';

describe('CaptureEvents custody rules, contract over the in-memory stub', () => {
  let ledger: InMemoryLedger;
  const state = (epc: string): Promise<IdentifierStateRecord> =>
    query(ledger, 'GetIdentifierState', epc);

  beforeEach(async () => {
    ledger = await registeredLedger();
  });

  describe('custody of known identifiers', () => {
    beforeEach(async () => {
      await capture(ledger, MFG, commissionUnits([1, 2, 3]));
    });

    it('only lets the product owner commission serials of a registered GTIN', async () => {
      await expectCode(
        capture(ledger, DIST, commissionUnits([50])),
        'NOT_PRODUCT_OWNER',
        'belongs to ManufacturerMSP',
      );
      await expectCode(
        capture(
          ledger,
          DIST,
          event('ObjectEvent', {
            action: 'ADD',
            quantityList: [{ epcClass: IDS.drugLot, quantity: 5 }],
          }),
        ),
        'NOT_PRODUCT_OWNER',
      );
    });

    it('refuses to commission a serial twice', async () => {
      await expectCode(
        capture(ledger, MFG, commissionUnits([2])),
        'ALREADY_COMMISSIONED',
        IDS.unit(2),
      );
    });

    it('only lets the owner pack, unpack, transform and decommission', async () => {
      await expectCode(
        capture(ledger, DIST, aggregation('ADD', IDS.case1, [IDS.unit(1)], 'distributor')),
        'CUSTODY_NOT_OWNER',
        'cannot pack',
      );
      await capture(ledger, MFG, aggregation('ADD', IDS.case1, [IDS.unit(1)], 'manufacturer'));
      await expectCode(
        capture(ledger, DIST, aggregation('DELETE', IDS.case1, [IDS.unit(1)], 'distributor')),
        'CUSTODY_NOT_OWNER',
        'cannot unpack',
      );
      const transform = event('TransformationEvent', {
        inputEPCList: [IDS.unit(2)],
        outputEPCList: ['urn:epc:id:sgtin:0312345.099999.1'],
      });
      await expectCode(capture(ledger, DIST, transform), 'CUSTODY_NOT_OWNER', 'cannot transform');
      const decommission = decommissioning([IDS.unit(3)]);
      await expectCode(
        capture(ledger, DIST, decommission),
        'CUSTODY_NOT_OWNER',
        'cannot decommission',
      );
    });

    it('refuses to ship or dispense a decommissioned unit', async () => {
      await capture(ledger, MFG, decommissioning([IDS.unit(3)]));
      expect((await state(IDS.unit(3))).disposition).toBe('inactive');
      await expectCode(
        capture(ledger, MFG, shipping([IDS.unit(3)], 'manufacturer', 'distributor')),
        'DESTROYED',
        'inactive',
      );
      await capture(
        ledger,
        MFG,
        event('ObjectEvent', {
          action: 'OBSERVE',
          bizStep: 'destroying',
          disposition: 'destroyed',
          epcList: [IDS.unit(2)],
        }),
      );
      await expectCode(
        capture(
          ledger,
          MFG,
          event('ObjectEvent', {
            action: 'OBSERVE',
            bizStep: 'dispensing',
            epcList: [IDS.unit(2)],
          }),
        ),
        'DESTROYED',
        'destroyed',
      );
    });

    it('refuses receipt by an organisation that is not the destination, or of goods never shipped', async () => {
      await expectCode(
        capture(ledger, DIST, receiving([IDS.unit(1)], 'distributor')),
        'CUSTODY_NOT_IN_TRANSIT',
        'was not shipped',
      );
      await capture(ledger, MFG, shipping([IDS.unit(1)], 'manufacturer', 'pharmacy'));
      await expectCode(
        capture(ledger, DIST, receiving([IDS.unit(1)], 'distributor')),
        'CUSTODY_NOT_DESTINATION',
        'in transit to PharmacyMSP',
      );
      await capture(ledger, PHARM, receiving([IDS.unit(1)], 'pharmacy'));
      expect((await state(IDS.unit(1))).ownerMsp).toBe('PharmacyMSP');
    });

    it('matches a receiver by destination location when the shipment names no party', async () => {
      const toSite = event('ObjectEvent', {
        action: 'OBSERVE',
        bizStep: 'shipping',
        epcList: [IDS.unit(2)],
        destinationList: [{ type: 'location', destination: ORGS.distributor.site }],
      });
      await capture(ledger, MFG, toSite);
      await expectCode(
        capture(ledger, PHARM, receiving([IDS.unit(2)], 'pharmacy')),
        'CUSTODY_NOT_DESTINATION',
      );
      await capture(ledger, DIST, receiving([IDS.unit(2)], 'distributor'));
      expect((await state(IDS.unit(2))).ownerMsp).toBe('DistributorMSP');
    });

    it('lets the owner receive its own goods without a shipment (internal move)', async () => {
      const result = await capture(ledger, MFG, receiving([IDS.unit(3)], 'manufacturer'));
      expect(result.events[0]?.outcome).toBe('captured');
    });

    it("refuses another organisation's disposition or location on goods it does not hold, and a destroyed object's revival", async () => {
      const inspect = (epc: string, disposition: string, at: keyof typeof ORGS) =>
        event('ObjectEvent', {
          action: 'OBSERVE',
          bizStep: 'inspecting',
          disposition,
          epcList: [epc],
          readPoint: { id: ORGS[at].site },
        });
      await expectCode(
        capture(ledger, PHARM, inspect(IDS.unit(1), 'destroyed', 'pharmacy')),
        'CUSTODY_NOT_OWNER',
        'cannot change the disposition or location of',
      );
      expect((await state(IDS.unit(1))).disposition).toBe('active');
      // The holder may: and a destroyed object stays destroyed.
      await capture(ledger, MFG, inspect(IDS.unit(1), 'destroyed', 'manufacturer'));
      await expectCode(
        capture(ledger, MFG, inspect(IDS.unit(1), 'active', 'manufacturer')),
        'DESTROYED',
        'cannot become active',
      );
    });

    it('refuses packing a container into itself, directly or through what it holds', async () => {
      await capture(ledger, MFG, aggregation('ADD', IDS.case1, [IDS.unit(1)], 'manufacturer'));
      await capture(ledger, MFG, aggregation('ADD', IDS.pallet, [IDS.case1], 'manufacturer'));
      await expectCode(
        capture(ledger, MFG, aggregation('ADD', IDS.case1, [IDS.case1], 'manufacturer')),
        'EPCIS_INVALID',
        'cannot be packed into itself',
      );
      await expectCode(
        capture(ledger, MFG, aggregation('ADD', IDS.case1, [IDS.pallet], 'manufacturer')),
        'EPCIS_INVALID',
        'would put it inside itself',
      );
      expect((await state(IDS.case1)).parent).toBe(IDS.pallet);
    });

    it('refuses destroyed units and recalled lots as transformation inputs', async () => {
      await capture(ledger, MFG, decommissioning([IDS.unit(3)]));
      await expectCode(
        capture(
          ledger,
          MFG,
          event('TransformationEvent', {
            inputEPCList: [IDS.unit(3)],
            outputEPCList: ['urn:epc:id:sgtin:0312345.099999.7'],
          }),
        ),
        'DESTROYED',
        'cannot be transformed',
      );
      await capture(ledger, MFG, commissionIngredientKg());
      await ledger.invoke(
        'InitiateRecall',
        [json({ lotClasses: [IDS.ingredientLot], classification: 'II', reason: 'assay' })],
        MFG,
      );
      await expectCode(
        capture(
          ledger,
          MFG,
          event('TransformationEvent', {
            inputQuantityList: [{ epcClass: IDS.ingredientLot, quantity: 5, uom: 'KGM' }],
            outputQuantityList: [{ epcClass: IDS.drugLot, quantity: 10 }],
          }),
        ),
        'RECALLED',
        'cannot be transformed',
      );
    });

    it('refuses to consume a lot in another unit of measure, or one owned by someone else', async () => {
      await capture(ledger, MFG, commissionIngredientKg());
      const inGrams = event('TransformationEvent', {
        inputQuantityList: [{ epcClass: IDS.ingredientLot, quantity: 5000, uom: 'GRM' }],
        outputQuantityList: [{ epcClass: IDS.drugLot, quantity: 10 }],
      });
      await expectCode(capture(ledger, MFG, inGrams), 'LOT_UOM_MISMATCH', 'KGM', 'GRM');
      const byDistributor = event('TransformationEvent', {
        inputQuantityList: [{ epcClass: IDS.ingredientLot, quantity: 5, uom: 'KGM' }],
        outputQuantityList: [{ epcClass: 'urn:epc:class:lgtin:0312345.077777.X1', quantity: 10 }],
      });
      await expectCode(
        capture(ledger, DIST, byDistributor),
        'CUSTODY_NOT_OWNER',
        'cannot transform',
      );
    });
  });

  describe('objects the ledger has never seen', () => {
    it('accepts them and marks their origin unverified', async () => {
      const foreign = 'urn:epc:id:sgtin:4012345.011111.987';
      const result = await capture(ledger, DIST, receiving([foreign], 'distributor'));
      expect(result.events[0]?.record.unverifiedIdentifiers).toEqual([foreign]);
      expect(await state(foreign)).toMatchObject({
        unverifiedOrigin: true,
        ownerMsp: 'DistributorMSP',
        gtin: '04012345111118',
      });
    });

    it('lets only its holder, or the owner of its key, commission an object someone holds', async () => {
      const foreign = 'urn:epc:id:sgtin:4012345.011111.988';
      await capture(ledger, DIST, receiving([foreign], 'distributor'));
      const commission = event('ObjectEvent', {
        action: 'ADD',
        bizStep: 'commissioning',
        epcList: [foreign],
      });
      await expectCode(
        capture(ledger, PHARM, commission),
        'CUSTODY_NOT_OWNER',
        'is held by DistributorMSP',
      );
      expect((await state(foreign)).ownerMsp).toBe('DistributorMSP');
      await capture(ledger, DIST, commission);
      expect((await state(foreign)).ownerMsp).toBe('DistributorMSP');
    });

    it('vouches for SSCCs commissioned by the owner of their company prefix', async () => {
      await capture(
        ledger,
        MFG,
        event('ObjectEvent', {
          action: 'ADD',
          bizStep: 'commissioning',
          epcList: [IDS.pallet, 'urn:epc:id:sscc:4012345.0000000001'],
        }),
      );
      expect((await state(IDS.pallet)).unverifiedOrigin).toBe(false);
      expect((await state('urn:epc:id:sscc:4012345.0000000001')).unverifiedOrigin).toBe(true);
    });
  });

  describe('lots received by quantity', () => {
    const lot = (): Promise<LotStateRecord> => query(ledger, 'GetLotState', IDS.ingredientLot);
    // The distributor (as a contract manufacturer) makes a lot of its own from the ingredient.
    const transformKg = (quantity: number, output: string) =>
      transformIngredientKg(quantity, 'distributor', output);

    beforeEach(async () => {
      await capture(ledger, MFG, commissionIngredientKg());
      await capture(ledger, MFG, moveKg(40, 'shipping', 'manufacturer', 'distributor'));
    });

    it('lets an organisation transform what it received, and no more', async () => {
      await expectCode(
        capture(ledger, DIST, transformKg(10, 'EARLY')),
        'CUSTODY_NOT_OWNER',
        'has received none of it',
      );
      expect((await lot()).shippedTo).toEqual({ DistributorMSP: 40 });
      await capture(ledger, DIST, moveKg(40, 'receiving', 'manufacturer', 'distributor'));
      expect(await lot()).toMatchObject({
        heldBy: { DistributorMSP: 40 },
        ownerMsp: 'ManufacturerMSP',
      });
      expect((await lot()).shippedTo).toBeUndefined();
      await capture(ledger, DIST, transformKg(30, 'X1'));
      expect(await lot()).toMatchObject({ heldBy: { DistributorMSP: 10 }, quantityRemaining: 70 });
      await expectCode(
        capture(ledger, DIST, transformKg(20, 'X2')),
        'CUSTODY_NOT_OWNER',
        'received 10 KGM of it by quantity, not 20 KGM',
      );
      // The owner's own stock is what nobody else holds: 70 remain, 10 of them the distributor's.
      const ownUse = event('TransformationEvent', {
        inputQuantityList: kg(61),
        outputQuantityList: [{ epcClass: IDS.drugLot, quantity: 10 }],
        readPoint: { id: ORGS.manufacturer.site },
      });
      await expectCode(
        capture(ledger, MFG, ownUse),
        'LOT_OVERCONSUMED',
        '10 of them held by or on the way to other organisations',
      );
    });

    it('counts decimal quantities exactly: the last 0.3 kg of the owner is 0.3, not 0.29999…', async () => {
      const make = (quantity: number, output: string) =>
        event('TransformationEvent', {
          inputQuantityList: kg(quantity),
          outputQuantityList: [
            { epcClass: `urn:epc:class:lgtin:0614141.012345.${output}`, quantity: 1 },
          ],
          readPoint: { id: ORGS.manufacturer.site },
        });
      // 100 kg, 40 of them on the way to the distributor: 60 are the owner's.
      await capture(ledger, MFG, make(59.7, 'D1'));
      await capture(ledger, MFG, make(0.3, 'D2'));
      expect((await lot()).quantityRemaining).toBe(40);
      await expectCode(capture(ledger, MFG, make(0.1, 'D3')), 'LOT_OVERCONSUMED');
    });

    it('gives nothing for a receipt nobody shipped, nor for a shipment of more than was held', async () => {
      await capture(ledger, PHARM, moveKg(25, 'receiving', 'manufacturer', 'pharmacy'));
      expect((await lot()).heldBy).toBeUndefined();
      await expectCode(
        capture(
          ledger,
          PHARM,
          event('TransformationEvent', {
            inputQuantityList: kg(5),
            outputQuantityList: [
              { epcClass: 'urn:epc:class:lgtin:0398765.066666.P1', quantity: 1 },
            ],
            readPoint: { id: ORGS.pharmacy.site },
          }),
        ),
        'CUSTODY_NOT_OWNER',
        'has received none of it',
      );
      // The distributor passes on 15 of its 40 and claims to send 100: 40 leave its holding.
      await capture(ledger, DIST, moveKg(40, 'receiving', 'manufacturer', 'distributor'));
      await capture(ledger, DIST, moveKg(100, 'shipping', 'distributor', 'pharmacy'));
      expect(await lot()).toMatchObject({ shippedTo: { PharmacyMSP: 40 } });
      expect((await lot()).heldBy).toBeUndefined();
    });

    it('gives nothing back for a receipt declared erroneous after its goods were consumed', async () => {
      const receipt = moveKg(40, 'receiving', 'manufacturer', 'distributor');
      await capture(ledger, DIST, receipt);
      await capture(ledger, DIST, transformKg(40, 'ALL'));
      await capture(ledger, DIST, {
        ...receipt,
        errorDeclaration: { declarationTime: '2025-03-02T10:00:00Z', reason: 'did_not_occur' },
      });
      // The 40 kg were consumed all the same: nothing is on the way any more, nothing held.
      expect(await lot()).toMatchObject({ quantityRemaining: 60 });
      expect((await lot()).shippedTo).toBeUndefined();
      await capture(ledger, DIST, moveKg(40, 'receiving', 'manufacturer', 'distributor'));
      expect((await lot()).heldBy).toBeUndefined();
      await expectCode(capture(ledger, DIST, transformKg(10, 'AGAIN')), 'CUSTODY_NOT_OWNER');
    });

    it('keeps a holding moved within its organisation, and takes decommissioning from it', async () => {
      await capture(ledger, DIST, moveKg(40, 'receiving', 'manufacturer', 'distributor'));
      await capture(ledger, DIST, moveKg(40, 'shipping', 'distributor', 'distributor'));
      expect(await lot()).toMatchObject({ heldBy: { DistributorMSP: 40 } });
      const decommissionKg = (quantity: number) =>
        event('ObjectEvent', {
          action: 'DELETE',
          bizStep: 'decommissioning',
          quantityList: kg(quantity),
        });
      await capture(ledger, DIST, decommissionKg(10));
      expect(await lot()).toMatchObject({ heldBy: { DistributorMSP: 30 }, quantityRemaining: 90 });
      await expectCode(
        capture(ledger, PHARM, decommissionKg(5)),
        'CUSTODY_NOT_OWNER',
        'cannot decommission it',
      );
    });

    it('counts any deletion by quantity as consumption, and keeps the owner off what others hold', async () => {
      await capture(ledger, DIST, moveKg(40, 'receiving', 'manufacturer', 'distributor'));
      const deleteKg = (quantity: number, bizStep: string) =>
        event('ObjectEvent', { action: 'DELETE', bizStep, quantityList: kg(quantity) });
      // Of the 100 remaining, the distributor holds 40: the owner may delete 60, not 61.
      await expectCode(
        capture(ledger, MFG, deleteKg(61, 'decommissioning')),
        'LOT_OVERCONSUMED',
        '40 of them held by or on the way to other organisations',
      );
      // A DELETE is consumption whatever its business step: it takes the holding.
      await capture(ledger, DIST, deleteKg(40, 'receiving'));
      expect(await lot()).toMatchObject({ quantityRemaining: 60 });
      expect((await lot()).heldBy).toBeUndefined();
      await expectCode(capture(ledger, DIST, deleteKg(40, 'shipping')), 'CUSTODY_NOT_OWNER');
      // An observation that consumes nothing needs no holding.
      const observed = event('ObjectEvent', {
        action: 'OBSERVE',
        bizStep: 'destroying',
        quantityList: kg(5),
      });
      expect((await capture(ledger, PHARM, observed)).events[0]?.outcome).toBe('captured');
    });

    it('undoes a receipt declared erroneous: the quantity is on the way again', async () => {
      const receipt = moveKg(40, 'receiving', 'manufacturer', 'distributor');
      await capture(ledger, DIST, receipt);
      await capture(ledger, DIST, {
        ...receipt,
        errorDeclaration: { declarationTime: '2025-03-02T10:00:00Z', reason: 'did_not_occur' },
      });
      expect(await lot()).toMatchObject({ shippedTo: { DistributorMSP: 40 } });
      expect((await lot()).heldBy).toBeUndefined();
      await expectCode(capture(ledger, DIST, transformKg(10, 'LATE')), 'CUSTODY_NOT_OWNER');
    });
  });
});
