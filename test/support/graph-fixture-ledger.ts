/**
 * The ledger half of the graph fixture: the fixture's organisations and identifiers, EPCIS event
 * builders, and a recorder that runs transactions through the REAL contract (the in-memory ledger
 * from chaincode/src/testing), wraps each chaincode event into a block, and projects and stores
 * the blocks with the real indexer. See graph-fixture.ts for the story told with it.
 */
import type { Kysely } from 'kysely';
import type { LedgerPayload } from '../../chaincode/src/payload.js';
import type { Database } from '../../src/db/database.js';
import { projectBlock } from '../../src/indexer/projector.js';
import { storeBlocks } from '../../src/indexer/store.js';
import { ChainBuilder, payloadTx, TEST_CHAINCODE } from './block-factory.js';

// fabric-contract-api reads its log level when the contract class is first defined.
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'WARNING';

type InMemoryLedger = import('../../chaincode/src/testing/in-memory-ledger.js').InMemoryLedger;
type LedgerCaller = import('../../chaincode/src/testing/in-memory-ledger.js').LedgerCaller;

/** The channel the fixture's checkpoint is written for. */
export const GRAPH_CHANNEL = 'supplychain';

/** Trading partners of the fixture. */
export const ORG = {
  supplier: {
    msp: 'SupplierMSP',
    party: 'urn:epc:id:pgln:0777777.00001',
    prefix: '0777777',
    site: 'urn:epc:id:sgln:0777777.00001.0',
  },
  manufacturer: {
    msp: 'ManufacturerMSP',
    party: 'urn:epc:id:pgln:0614141.00001',
    prefix: '0614141',
    site: 'urn:epc:id:sgln:0614141.00001.0',
  },
  distributor: {
    msp: 'DistributorMSP',
    party: 'urn:epc:id:pgln:0312345.00001',
    prefix: '0312345',
    site: 'urn:epc:id:sgln:0312345.00010.0',
  },
  pharmacy: {
    msp: 'PharmacyMSP',
    party: 'urn:epc:id:pgln:0398765.00001',
    prefix: '0398765',
    site: 'urn:epc:id:sgln:0398765.00020.0',
  },
} as const;

/** Organisation key of ORG. */
export type OrgKey = keyof typeof ORG;

/** Identifiers of the story. */
export const ID = {
  ingredientLot: 'urn:epc:class:lgtin:0777777.055555.API-001',
  drum: (n: number): string => `urn:epc:id:sgtin:0777777.055555.${n}`,
  excipientLot: 'urn:epc:class:lgtin:0614141.066666.EXC-1',
  drugLot: 'urn:epc:class:lgtin:0614141.012345.LOT-A',
  unit: (n: number): string => `urn:epc:id:sgtin:0614141.012345.${n}`,
  case1: 'urn:epc:id:sscc:0614141.1000000001',
  case2: 'urn:epc:id:sscc:0614141.1000000002',
  pallet: 'urn:epc:id:sscc:0614141.2000000001',
  tote: 'urn:epc:id:sscc:0398765.3000000001',
  otherLot: 'urn:epc:class:lgtin:0614141.022222.LOT-Z',
  otherUnit: (n: number): string => `urn:epc:id:sgtin:0614141.022222.${n}`,
  case3: 'urn:epc:id:sscc:0614141.1000000003',
} as const;

/** GTIN-14 of the fixture's products (what the contract's gtinOf derives from the lgtin URNs). */
export const GTIN = {
  ingredient: '00777777555551',
  excipient: '00614141666669',
  drug: '00614141123452',
  other: '00614141222223',
} as const;

/** Event time of story step `minute` (fractions allowed). */
export const at = (minute: number): string =>
  new Date(Date.UTC(2026, 2, 1, 8, 0) + minute * 60_000).toISOString();

const json = (value: unknown): string => JSON.stringify(value);

/** Runs contract transactions and keeps each one's payload as a block of the test chain. */
export class LedgerRecorder {
  readonly chain = new ChainBuilder();
  /** Transaction id and block number of each labelled transaction. */
  readonly tx = new Map<string, { txId: string; blockNumber: bigint }>();
  private stored = 0;

  private constructor(readonly ledger: InMemoryLedger) {
    this.chain.addConfig();
  }

  /**
   * A recorder over a fresh in-memory ledger running the real contract. Its clock starts after the
   * story's event times (08:00-08:45): the contract refuses events dated after their transaction.
   */
  static async create(): Promise<LedgerRecorder> {
    const { InMemoryLedger } = await import('../../chaincode/src/testing/in-memory-ledger.js');
    return new LedgerRecorder(new InMemoryLedger({ clockStart: '2026-03-01T12:00:00Z' }));
  }

  /** Invokes a contract function; the transaction becomes the next block. Returns the parsed result. */
  async invoke(label: string, fn: string, arg: unknown, caller: LedgerCaller): Promise<unknown> {
    const { result, payload, txId } = await this.ledger.invoke(
      fn,
      [typeof arg === 'string' ? arg : json(arg)],
      caller,
    );
    if (payload !== undefined) this.addBlock(label, payload, txId);
    return JSON.parse(result) as unknown;
  }

  /** Captures EPCIS events (one document, one transaction) as `org`. */
  capture(label: string, org: OrgKey, ...events: Record<string, unknown>[]): Promise<unknown> {
    const document = {
      '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: '2026-03-01T08:00:00Z',
      epcisBody: { eventList: events },
    };
    return this.invoke(label, 'CaptureEvents', document, {
      mspId: ORG[org].msp,
      timestamp: events[0]?.eventTime as string,
    });
  }

  /** Projects and stores every block not stored yet, in one store call. */
  async flush(db: Kysely<Database>): Promise<void> {
    const pending = this.chain.blocks.slice(this.stored);
    if (pending.length === 0) return;
    await storeBlocks(
      db,
      GRAPH_CHANNEL,
      pending.map((b) => projectBlock(b, { chaincodeName: TEST_CHAINCODE })),
    );
    this.stored = this.chain.blocks.length;
  }

  private addBlock(label: string, payload: LedgerPayload, txId: string): void {
    const block = this.chain.add([
      payloadTx(payload, { txId, timestamp: new Date(payload.txTimestamp) }),
    ]);
    this.tx.set(label, { txId, blockNumber: block.number });
  }
}

/** An EPCIS event at story minute `minute`. */
export function epcisEvent(
  type: string,
  minute: number,
  fields: Record<string, unknown>,
): Record<string, unknown> {
  return { type, eventTime: at(minute), eventTimeZoneOffset: '+00:00', ...fields };
}

/** Shipping of `epcs` between two organisations' sites, with optional sensor reports. */
export function ship(
  minute: number,
  epcs: string[],
  from: OrgKey,
  to: OrgKey,
  sensorReport?: Record<string, unknown>[],
): Record<string, unknown> {
  return epcisEvent('ObjectEvent', minute, {
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    epcList: epcs,
    readPoint: { id: ORG[from].site },
    bizTransactionList: [
      {
        type: 'desadv',
        bizTransaction: `urn:epcglobal:cbv:bt:${ORG[from].party.slice(-13)}:DESADV-${minute}`,
      },
    ],
    sourceList: [
      { type: 'owning_party', source: ORG[from].party },
      { type: 'location', source: ORG[from].site },
    ],
    destinationList: [
      { type: 'owning_party', destination: ORG[to].party },
      { type: 'location', destination: ORG[to].site },
    ],
    ...(sensorReport === undefined ? {} : { sensorElementList: [{ sensorReport }] }),
  });
}

/** Receiving of `epcs` at an organisation's site. */
export function receive(minute: number, epcs: string[], atOrg: OrgKey): Record<string, unknown> {
  return epcisEvent('ObjectEvent', minute, {
    action: 'OBSERVE',
    bizStep: 'receiving',
    disposition: 'in_progress',
    epcList: epcs,
    readPoint: { id: ORG[atOrg].site },
    bizLocation: { id: ORG[atOrg].site },
    destinationList: [{ type: 'owning_party', destination: ORG[atOrg].party }],
  });
}

/** Packing (ADD) or unpacking (DELETE; no children = empty the parent) at an organisation's site. */
export function aggregate(
  minute: number,
  action: 'ADD' | 'DELETE',
  parent: string,
  children: string[],
  atOrg: OrgKey,
): Record<string, unknown> {
  return epcisEvent('AggregationEvent', minute, {
    action,
    bizStep: action === 'ADD' ? 'packing' : 'unpacking',
    disposition: 'in_progress',
    parentID: parent,
    childEPCs: children,
    readPoint: { id: ORG[atOrg].site },
    bizLocation: { id: ORG[atOrg].site },
  });
}

/** A commissioning ObjectEvent at story minute `minute` with `fields` (what, where). */
const commissioning = (minute: number, fields: Record<string, unknown>): Record<string, unknown> =>
  epcisEvent('ObjectEvent', minute, {
    action: 'ADD',
    bizStep: 'commissioning',
    disposition: 'active',
    ...fields,
  });

/** Commissioning of serials with their lot number in ilmd. */
export function commission(
  minute: number,
  epcs: string[],
  lotNumber: string,
  atOrg: OrgKey,
): Record<string, unknown> {
  return commissioning(minute, {
    epcList: epcs,
    readPoint: { id: ORG[atOrg].site },
    bizLocation: { id: ORG[atOrg].site },
    ilmd: { 'cbvmda:lotNumber': lotNumber, 'cbvmda:itemExpirationDate': '2028-03-31' },
  });
}

/** Commissioning of a lot by quantity (no serials), read at an organisation's site. */
export function commissionQuantity(
  minute: number,
  epcClass: string,
  quantity: number,
  uom: string,
  atOrg: OrgKey,
): Record<string, unknown> {
  return commissioning(minute, {
    quantityList: [{ epcClass, quantity, uom }],
    readPoint: { id: ORG[atOrg].site },
  });
}

/** A quantity of a lot class, as EPCIS quantity lists carry it. */
export interface QuantityElement {
  epcClass: string;
  quantity: number;
  uom?: string;
}

/**
 * A TransformationEvent (bizStep commissioning) at an organisation's site: `inputs` (serials
 * and/or quantities) into the output lots `outputs`.
 */
export function transformation(
  minute: number,
  inputs: { inputEPCList?: string[]; inputQuantityList?: QuantityElement[] },
  outputs: QuantityElement[],
  atOrg: OrgKey,
): Record<string, unknown> {
  return epcisEvent('TransformationEvent', minute, {
    bizStep: 'commissioning',
    ...inputs,
    outputQuantityList: outputs,
    readPoint: { id: ORG[atOrg].site },
    bizLocation: { id: ORG[atOrg].site },
  });
}

/** A GLEC road emission for a captured event (refrigerated CNG artic truck, 0.0829 kg/t-km WTW, v2). */
export function roadEmission(
  eventId: string,
  distanceKm: number,
  massKg: number,
  emissionId: string,
): Record<string, unknown> {
  return {
    emissionId,
    eventId,
    mode: 'road',
    distanceKm,
    massKg,
    factorId: 'glec-road-artic-reefer-cng',
    factorValue: 0.0829,
    factorSource: 'GLEC Framework (example value from DOMAIN.md)',
    factorVersion: 'v2',
    scope: 'WTW',
  };
}

/** Registers the four organisations, their sites and the fixture's products. */
export async function registerParties(rec: LedgerRecorder): Promise<void> {
  for (const [key, org] of Object.entries(ORG)) {
    const role = key === 'supplier' ? 'other' : key;
    await rec.invoke(
      `register-${key}`,
      'RegisterOrganization',
      { mspId: org.msp, name: key, role, partyIds: [org.party], companyPrefixes: [org.prefix] },
      { mspId: org.msp, admin: true },
    );
    await rec.invoke(
      `site-${key}`,
      'RegisterLocation',
      { id: org.site, name: `${key} site` },
      { mspId: org.msp },
    );
  }
  const product = (msp: string, gtin: string, name: string, unitMassKg: number): Promise<unknown> =>
    rec.invoke(`product-${gtin}`, 'RegisterProduct', { gtin, name, unitMassKg }, { mspId: msp });
  await product(ORG.supplier.msp, GTIN.ingredient, 'Metformin HCl API, 25 kg drum', 25);
  await product(ORG.manufacturer.msp, GTIN.excipient, 'Microcrystalline cellulose', 1);
  await product(ORG.manufacturer.msp, GTIN.drug, 'Metformin 500 mg tablets, 100 ct', 0.5);
  await product(ORG.manufacturer.msp, GTIN.other, 'Amoxicillin 250 mg capsules', 0.2);
}
