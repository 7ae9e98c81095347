import './quiet-fabric-logs';
import { expect } from 'vitest';
import { gtinOf } from '../../src/epcis/gs1-keys';
import type { ErrorCode } from '../../src/error-codes';
import {
  InMemoryLedger,
  type InMemoryLedgerOptions,
  type LedgerCaller,
} from '../../src/testing/in-memory-ledger';

/** The three trading partners of the test network, with their master data. */
export const ORGS = {
  manufacturer: {
    mspId: 'ManufacturerMSP',
    name: 'Acme Pharma',
    role: 'manufacturer',
    party: 'urn:epc:id:pgln:0614141.00001',
    prefix: '0614141',
    site: 'urn:epc:id:sgln:0614141.00001.0',
  },
  distributor: {
    mspId: 'DistributorMSP',
    name: 'Northwind Distribution',
    role: 'distributor',
    party: 'urn:epc:id:pgln:0312345.00001',
    prefix: '0312345',
    site: 'urn:epc:id:sgln:0312345.00010.0',
  },
  pharmacy: {
    mspId: 'PharmacyMSP',
    name: 'Corner Pharmacy',
    role: 'pharmacy',
    party: 'urn:epc:id:pgln:0398765.00001',
    prefix: '0398765',
    site: 'urn:epc:id:sgln:0398765.00020.0',
  },
} as const;

/** Callers: a client identity of each organisation, and the admins. */
export const MFG: LedgerCaller = { mspId: ORGS.manufacturer.mspId };
export const DIST: LedgerCaller = { mspId: ORGS.distributor.mspId };
export const PHARM: LedgerCaller = { mspId: ORGS.pharmacy.mspId };
export const adminOf = (caller: LedgerCaller): LedgerCaller => ({ ...caller, admin: true });

/** Identifiers of the story: an ingredient (by lot) and a serialised drug product. */
export const IDS = {
  ingredientLot: 'urn:epc:class:lgtin:0614141.055555.API-001',
  drugLot: 'urn:epc:class:lgtin:0614141.012345.LOT-A',
  unit: (serial: number): string => `urn:epc:id:sgtin:0614141.012345.${serial}`,
  case1: 'urn:epc:id:sscc:0614141.1000000001',
  case2: 'urn:epc:id:sscc:0614141.1000000002',
  pallet: 'urn:epc:id:sscc:0614141.2000000001',
};

/** GTIN-14 of the ingredient and of the drug product. */
export const GTINS = {
  ingredient: gtinOf(IDS.ingredientLot) ?? '',
  drug: gtinOf(IDS.drugLot) ?? '',
};

/** A new ledger with the three organisations, their sites and the two products registered. */
export async function registeredLedger(
  options: InMemoryLedgerOptions = {},
): Promise<InMemoryLedger> {
  const ledger = new InMemoryLedger(options);
  for (const org of Object.values(ORGS)) {
    const admin: LedgerCaller = { mspId: org.mspId, admin: true };
    await ledger.invoke(
      'RegisterOrganization',
      [
        json({
          mspId: org.mspId,
          name: org.name,
          role: org.role,
          partyIds: [org.party],
          companyPrefixes: [org.prefix],
        }),
      ],
      admin,
    );
    await ledger.invoke(
      'RegisterLocation',
      [json({ id: org.site, name: `${org.name} main site`, latitude: 40.7, longitude: -74 })],
      { mspId: org.mspId },
    );
  }
  await ledger.invoke(
    'RegisterProduct',
    [json({ gtin: GTINS.ingredient, name: 'Metformin HCl API', unitMassKg: 1 })],
    MFG,
  );
  await ledger.invoke(
    'RegisterProduct',
    [
      json({
        gtin: GTINS.drug,
        ndc: '0614-1012-34',
        name: 'Metformin 500 mg tablets, 100 ct',
        dosageForm: 'tablet',
        strength: '500 mg',
        unitMassKg: 0.12,
      }),
    ],
    MFG,
  );
  return ledger;
}

let clock = Date.parse('2025-03-01T08:00:00Z');

/**
 * An EPCIS event with a fresh eventTime (so that two otherwise equal events stay distinct) and the
 * given fields.
 */
export function event(type: string, fields: Record<string, unknown>): Record<string, unknown> {
  clock += 60_000;
  return {
    type,
    eventTime: new Date(clock).toISOString(),
    eventTimeZoneOffset: '+00:00',
    ...fields,
  };
}

/** An EPCIS 2.0 capture document holding the events. */
export function doc(...events: Record<string, unknown>[]): string {
  return json({
    '@context': [
      'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
      { example: 'https://ns.example.com/epcis/' },
    ],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: '2025-03-01T08:00:00Z',
    epcisBody: { eventList: events },
  });
}

/** Shipping of epcs from one organisation's site to another's. */
export function shipping(
  epcs: string[],
  from: keyof typeof ORGS,
  to: keyof typeof ORGS,
): Record<string, unknown> {
  return event('ObjectEvent', {
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    epcList: epcs,
    readPoint: { id: ORGS[from].site },
    sourceList: [{ type: 'owning_party', source: ORGS[from].party }],
    destinationList: [
      { type: 'owning_party', destination: ORGS[to].party },
      { type: 'location', destination: ORGS[to].site },
    ],
  });
}

/** Receiving of epcs at an organisation's site. */
export function receiving(epcs: string[], at: keyof typeof ORGS): Record<string, unknown> {
  return event('ObjectEvent', {
    action: 'OBSERVE',
    bizStep: 'receiving',
    disposition: 'in_progress',
    epcList: epcs,
    readPoint: { id: ORGS[at].site },
    bizLocation: { id: ORGS[at].site },
    destinationList: [{ type: 'owning_party', destination: ORGS[at].party }],
  });
}

/** Packing (ADD) or unpacking (DELETE) children into/out of a parent. */
export function aggregation(
  action: 'ADD' | 'DELETE',
  parent: string,
  children: string[],
  at: keyof typeof ORGS,
): Record<string, unknown> {
  return event('AggregationEvent', {
    action,
    bizStep: action === 'ADD' ? 'packing' : 'unpacking',
    disposition: 'in_progress',
    parentID: parent,
    childEPCs: children,
    readPoint: { id: ORGS[at].site },
  });
}

/** Commissioning of serialised drug units with their lot in ilmd. */
export function commissionUnits(serials: number[], lot = 'LOT-A'): Record<string, unknown> {
  return event('ObjectEvent', {
    action: 'ADD',
    bizStep: 'commissioning',
    disposition: 'active',
    epcList: serials.map(IDS.unit),
    readPoint: { id: ORGS.manufacturer.site },
    ilmd: { 'cbvmda:lotNumber': lot, 'cbvmda:itemExpirationDate': '2027-03-31' },
  });
}

/** Decommissioning (ObjectEvent DELETE) of epcs: they become inactive. */
export function decommissioning(epcs: string[]): Record<string, unknown> {
  return event('ObjectEvent', { action: 'DELETE', bizStep: 'decommissioning', epcList: epcs });
}

/** Commissioning of the ingredient lot by quantity: 100 KGM. */
export function commissionIngredientKg(): Record<string, unknown> {
  return event('ObjectEvent', {
    action: 'ADD',
    quantityList: [{ epcClass: IDS.ingredientLot, quantity: 100, uom: 'KGM' }],
  });
}

/** A quantity list of `quantity` KGM of the ingredient lot. */
export function ingredientKg(quantity: number): Record<string, unknown>[] {
  return [{ epcClass: IDS.ingredientLot, quantity, uom: 'KGM' }];
}

/** Shipping (from `from`'s site) or receiving (at `to`'s) of kilograms of the ingredient lot. */
export function moveIngredientKg(
  quantity: number,
  step: 'shipping' | 'receiving',
  from: keyof typeof ORGS,
  to: keyof typeof ORGS,
): Record<string, unknown> {
  return event('ObjectEvent', {
    action: 'OBSERVE',
    bizStep: step,
    quantityList: ingredientKg(quantity),
    readPoint: { id: ORGS[step === 'shipping' ? from : to].site },
    destinationList: [{ type: 'owning_party', destination: ORGS[to].party }],
  });
}

/** A transformation at `at` of kilograms of the ingredient into one unit of a lot of `at`'s prefix. */
export function transformIngredientKg(
  quantity: number,
  at: keyof typeof ORGS,
  output: string,
): Record<string, unknown> {
  return event('TransformationEvent', {
    inputQuantityList: ingredientKg(quantity),
    outputQuantityList: [
      { epcClass: `urn:epc:class:lgtin:${ORGS[at].prefix}.077777.${output}`, quantity: 1 },
    ],
    readPoint: { id: ORGS[at].site },
  });
}

/** Captures a document; returns the parsed result. */
export async function capture(
  ledger: InMemoryLedger,
  caller: LedgerCaller,
  ...events: Record<string, unknown>[]
): Promise<CaptureResult> {
  const { result, payload, txId } = await ledger.invoke('CaptureEvents', [doc(...events)], caller);
  return { ...(JSON.parse(result) as { events: CaptureResult['events'] }), payload, txId };
}

/** The parsed answer of CaptureEvents, with the payload and tx id. */
export interface CaptureResult {
  events: { event: number; eventId: string; outcome: string; record: Record<string, any> }[];
  payload: Awaited<ReturnType<InMemoryLedger['invoke']>>['payload'];
  txId: string;
}

/** Evaluates a read transaction and parses its JSON answer. */
export async function query<T = any>(
  ledger: InMemoryLedger,
  fn: string,
  arg: string,
  caller: LedgerCaller = MFG,
): Promise<T> {
  return JSON.parse(await ledger.evaluate(fn, [arg], caller)) as T;
}

/** Asserts that a promise rejects with a contract error of the given code (and message parts). */
export async function expectCode(
  promise: Promise<unknown>,
  code: ErrorCode,
  ...parts: string[]
): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error, `expected [${code}]`).toBeInstanceOf(Error);
  const message = error?.message ?? '';
  expect(message.startsWith(`[${code}]`), message).toBe(true);
  for (const part of parts) expect(message).toContain(part);
  return message;
}

/** Counts committed keys, to show a rejected transaction wrote nothing. */
export function stateSize(ledger: InMemoryLedger): number {
  return ledger.world.size;
}

/** JSON.stringify, for transaction arguments. */
export function json(value: unknown): string {
  return JSON.stringify(value);
}

/** A GLEC road leg for RecordEmission (add the shipping event's eventId). */
export const ROAD_LEG = {
  mode: 'road',
  distanceKm: 420,
  massKg: 1200,
  factorId: 'glec-artic-34-40t',
  factorValue: 0.0829,
  factorSource: 'GLEC',
  factorVersion: '3.0',
  scope: 'WTW',
};

/** A PACT v3 footprint of the drug product: 25 kg CO2e per 10 kg. */
export const DRUG_FOOTPRINT_V3 = {
  productIds: [`urn:gtin:${GTINS.drug}`],
  declaredUnitOfMeasurement: 'kilogram',
  declaredUnitAmount: 10,
  pcfExcludingBiogenicUptake: 25,
  specVersion: '3.0.0',
};
