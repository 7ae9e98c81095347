import './support/quiet-fabric-logs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODE_LIST, ERROR_CODES, parseErrorCode, type ErrorCode } from '../src/error-codes';
import type { InMemoryLedger } from '../src/testing/in-memory-ledger';
import {
  DIST,
  IDS,
  MFG,
  ORGS,
  PHARM,
  adminOf,
  capture,
  commissionIngredientKg,
  commissionUnits,
  doc,
  event,
  json,
  moveIngredientKg,
  receiving,
  registeredLedger,
  shipping,
  transformIngredientKg,
} from './support/supply-chain';

type Scenario = (ledger: InMemoryLedger) => Promise<unknown>;

const produceIngredient = (ledger: InMemoryLedger): Promise<unknown> =>
  capture(
    ledger,
    MFG,
    event('ObjectEvent', {
      action: 'ADD',
      quantityList: [{ epcClass: IDS.ingredientLot, quantity: 10, uom: 'KGM' }],
    }),
  );
const consume = (quantity: number, uom: string): Record<string, unknown> =>
  event('TransformationEvent', {
    inputQuantityList: [{ epcClass: IDS.ingredientLot, quantity, uom }],
    outputQuantityList: [{ epcClass: IDS.drugLot, quantity: 1 }],
  });
const recall = (ledger: InMemoryLedger): Promise<unknown> =>
  ledger.invoke(
    'InitiateRecall',
    [json({ recallId: 'R-1', lotClasses: [IDS.drugLot], classification: 'I', reason: 'x' })],
    MFG,
  );

// One minimal scenario per code, run on a ledger with the three organisations registered. The
// Record type makes the compiler insist on a scenario for every code.
const SCENARIOS: Record<ErrorCode, Scenario> = {
  EPCIS_INVALID: (l) =>
    l.invoke('CaptureEvents', [doc(event('ObjectEvent', { action: 'CREATE', epcList: [] }))], MFG),
  INVALID_ARGUMENT: (l) => l.invoke('RegisterProduct', [json({ gtin: '123', name: 'x' })], MFG),
  NOT_FOUND: (l) => l.evaluate('GetEvent', ['urn:uuid:missing'], MFG),
  FORBIDDEN_NOT_ADMIN: (l) =>
    l.invoke(
      'RegisterOrganization',
      [
        json({
          mspId: 'PharmacyMSP',
          name: 'p',
          role: 'pharmacy',
          partyIds: [],
          companyPrefixes: [],
        }),
      ],
      PHARM,
    ),
  FORBIDDEN_WRONG_MSP: (l) =>
    l.invoke(
      'RegisterOrganization',
      [
        json({
          mspId: 'PharmacyMSP',
          name: 'p',
          role: 'pharmacy',
          partyIds: [],
          companyPrefixes: [],
        }),
      ],
      adminOf(DIST),
    ),
  NOT_RECORD_OWNER: (l) =>
    l.invoke('RegisterLocation', [json({ id: ORGS.pharmacy.site, name: 'taken' })], DIST),
  IDENTIFIER_CLAIMED: (l) =>
    l.invoke(
      'RegisterOrganization',
      [
        json({
          mspId: 'PharmacyMSP',
          name: 'p',
          role: 'pharmacy',
          partyIds: [],
          companyPrefixes: [ORGS.distributor.prefix],
        }),
      ],
      adminOf(PHARM),
    ),
  NOT_PRODUCT_OWNER: (l) => capture(l, PHARM, commissionUnits([1])),
  EVENT_ID_CONFLICT: async (l) => {
    await capture(l, MFG, { ...commissionUnits([1]), eventID: 'urn:uuid:e-1' });
    return capture(l, MFG, { ...commissionUnits([2]), eventID: 'urn:uuid:e-1' });
  },
  EVENT_DUPLICATE: async (l) => {
    const commission = commissionUnits([1]);
    await capture(l, MFG, { ...commission, eventID: 'urn:uuid:e-1' });
    return capture(l, MFG, { ...commission, eventID: 'urn:uuid:e-2' });
  },
  RETRACTION_BLOCKED: async (l) => {
    // The distributor passes 40 kg on to the pharmacy, which uses them; then the distributor
    // declares its shipment erroneous: the pharmacy's use would be of goods it never got.
    await capture(l, MFG, commissionIngredientKg());
    await capture(l, MFG, moveIngredientKg(40, 'shipping', 'manufacturer', 'distributor'));
    await capture(l, DIST, moveIngredientKg(40, 'receiving', 'manufacturer', 'distributor'));
    const onward = moveIngredientKg(40, 'shipping', 'distributor', 'pharmacy');
    await capture(l, DIST, onward);
    await capture(l, PHARM, moveIngredientKg(40, 'receiving', 'distributor', 'pharmacy'));
    await capture(l, PHARM, transformIngredientKg(40, 'pharmacy', 'COMPOUNDED'));
    return capture(l, DIST, {
      ...onward,
      errorDeclaration: { declarationTime: '2025-03-02T10:00:00Z' },
    });
  },
  FORBIDDEN_NOT_CAPTURER: async (l) => {
    const ship = shipping([IDS.unit(1)], 'manufacturer', 'distributor');
    await capture(l, MFG, ship);
    return capture(l, PHARM, {
      ...ship,
      errorDeclaration: { declarationTime: '2025-01-01T00:00:00Z' },
    });
  },
  CUSTODY_NOT_OWNER: async (l) => {
    await capture(l, MFG, commissionUnits([1]));
    return capture(l, DIST, shipping([IDS.unit(1)], 'distributor', 'pharmacy'));
  },
  CUSTODY_NOT_DESTINATION: async (l) => {
    await capture(
      l,
      MFG,
      commissionUnits([1]),
      shipping([IDS.unit(1)], 'manufacturer', 'distributor'),
    );
    return capture(l, PHARM, receiving([IDS.unit(1)], 'pharmacy'));
  },
  CUSTODY_NOT_IN_TRANSIT: async (l) => {
    await capture(l, MFG, commissionUnits([1]));
    return capture(l, PHARM, receiving([IDS.unit(1)], 'pharmacy'));
  },
  ALREADY_COMMISSIONED: async (l) => {
    await capture(l, MFG, commissionUnits([1]));
    return capture(l, MFG, commissionUnits([1]));
  },
  LOT_OVERCONSUMED: async (l) => {
    await produceIngredient(l);
    return capture(l, MFG, consume(11, 'KGM'));
  },
  LOT_UOM_MISMATCH: async (l) => {
    await produceIngredient(l);
    return capture(l, MFG, consume(1, 'LTR'));
  },
  RECALLED: async (l) => {
    await capture(l, MFG, commissionUnits([1]));
    await recall(l);
    return capture(l, MFG, shipping([IDS.unit(1)], 'manufacturer', 'distributor'));
  },
  DESTROYED: async (l) => {
    await capture(
      l,
      MFG,
      commissionUnits([1]),
      event('ObjectEvent', {
        action: 'OBSERVE',
        bizStep: 'destroying',
        disposition: 'destroyed',
        epcList: [IDS.unit(1)],
      }),
    );
    return capture(l, MFG, shipping([IDS.unit(1)], 'manufacturer', 'distributor'));
  },
  ALREADY_EXISTS: async (l) => {
    await capture(l, MFG, commissionUnits([1]));
    await recall(l);
    return recall(l);
  },
  FORBIDDEN_NOT_PARTY: async (l) => {
    const shipped = await capture(
      l,
      MFG,
      commissionUnits([1]),
      shipping([IDS.unit(1)], 'manufacturer', 'distributor'),
    );
    const eventId = shipped.events[1]?.eventId ?? '';
    const leg = {
      eventId,
      mode: 'road',
      distanceKm: 1,
      massKg: 1,
      factorId: 'f',
      factorValue: 0.1,
      factorSource: 'GLEC',
      factorVersion: '3.0',
      scope: 'WTW',
    };
    return l.invoke('RecordEmission', [json(leg)], PHARM);
  },
};

describe('error codes, contract over the in-memory stub', () => {
  it('exports every code once, each with a description', () => {
    expect(ERROR_CODE_LIST).toEqual(Object.keys(ERROR_CODES));
    expect(Object.keys(SCENARIOS).sort()).toEqual([...ERROR_CODE_LIST].sort());
  });

  it.each(ERROR_CODE_LIST)(
    '%s: a scenario is rejected with exactly this code and writes nothing',
    async (code) => {
      const ledger = await registeredLedger();
      let size = ledger.world.size;
      const error = await SCENARIOS[code]({
        // Track the state size right before the failing call: setup steps may write.
        invoke: async (...args: Parameters<InMemoryLedger['invoke']>) => {
          size = ledger.world.size;
          return ledger.invoke(...args);
        },
        evaluate: (...args: Parameters<InMemoryLedger['evaluate']>) => ledger.evaluate(...args),
        world: ledger.world,
      } as unknown as InMemoryLedger).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toMatch(new RegExp(`^\\[${code}\\] `));
      expect(parseErrorCode(error?.message ?? '')).toBe(code);
      expect(ledger.world.size).toBe(size);
    },
  );

  it('documents every code in the chaincode README', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    expect(ERROR_CODE_LIST.filter((code) => !readme.includes(`| \`${code}\``))).toEqual([]);
  });

  it('recovers the code from a message relayed by a peer or gateway', () => {
    expect(
      parseErrorCode(
        'chaincode response 500, [RECALLED] urn:epc:id:sgtin:0614141.012345.1 is recalled',
      ),
    ).toBe('RECALLED');
    expect(parseErrorCode('[NOT_A_CODE] x')).toBeUndefined();
    expect(parseErrorCode('plain failure')).toBeUndefined();
  });
});
