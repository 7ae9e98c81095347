/**
 * Public types of the supply-chain simulator: its options, the records it hands out (shaped like
 * the ledger records of chaincode/src/payload.ts minus what the contract computes or stamps) and
 * the steps to submit, in order.
 */
import type {
  EmissionRecord,
  FootprintRecord,
  LocationRecord,
  OrganizationRecord,
  ProductRecord,
  RecallRecord,
} from '../../chaincode/src/payload.js';
import type { Seed } from './prng.js';
import type { SimulatedMsp } from './parties.catalog.js';

/** Options of one simulation run; everything that changes the output is here. */
export interface SupplyChainOptions {
  /** Same seed and options give byte-identical output. */
  seed: Seed;
  /** EPCIS events to generate; a run lands within about 20 events of it (fewer than 16: none). */
  targetEvents: number;
  /** Events per capture document, 1–100; each document is one transaction. Default 50. */
  eventsPerDocument?: number;
  /** Share of shipping legs with a temperature excursion, 0–1. Default 0.02. */
  excursionRate?: number;
  /** Drug lots to recall partway through distribution. Default 3. */
  recallCount?: number;
  /** Simulated time of the first event, ISO 8601. Default 2025-01-06T06:00:00Z. */
  startTime?: string;
  /** Path of the GLEC factor table; default data/glec-factors.json of this repository. */
  factorsFile?: string;
}

/** An organisation record as submitted (the contract stamps updatedTx). */
export type OrganizationInput = Omit<OrganizationRecord, 'updatedTx'>;
/** A location record as submitted. */
export type LocationInput = Omit<LocationRecord, 'updatedTx'>;
/** A product record as submitted. */
export type ProductInput = Omit<ProductRecord, 'updatedTx'>;
/** An emission record as submitted: co2eKg is computed and recordedByMsp stamped by the contract. */
export type EmissionInput = Omit<EmissionRecord, 'co2eKg' | 'recordedByMsp' | 'updatedTx'>;
/** A recall request: status, initiator and time come from the transaction. */
export type RecallInput = Pick<
  RecallRecord,
  'recallId' | 'lotClasses' | 'classification' | 'reason'
>;
/** A PACT v3 footprint as submitted: the per-unit value and submitter are derived by the contract. */
export type FootprintInput = Pick<
  FootprintRecord,
  | 'footprintId'
  | 'productIds'
  | 'declaredUnitOfMeasurement'
  | 'declaredUnitAmount'
  | 'pcfExcludingBiogenicUptake'
  | 'specVersion'
>;

/** The master data to register before any step: each record names its owning MSP. */
export interface MasterData {
  organizations: OrganizationInput[];
  locations: LocationInput[];
  products: ProductInput[];
}

/** A footprint with the MSP that submits it and what it covers. */
export interface FootprintSubmission {
  msp: SimulatedMsp;
  /** `ingredient`: cradle-to-gate of a purchased input; `own-production`: the manufacturer's own step. */
  role: 'ingredient' | 'own-production';
  footprint: FootprintInput;
}

/** An EPCIS 2.0 capture document, as JSON. */
export interface EpcisDocument {
  '@context': unknown[];
  type: 'EPCISDocument';
  schemaVersion: '2.0';
  creationDate: string;
  epcisBody: { eventList: EpcisEvent[] };
}

/** One EPCIS 2.0 event, as JSON (the builders fill in the fields of its type). */
export type EpcisEvent = Record<string, unknown> & {
  type: string;
  eventID: string;
  eventTime: string;
};

/**
 * One thing to submit, by one MSP, in stream order. `at` is its simulated time (ISO, UTC): for a
 * capture, the time of the document's last event.
 */
export type SimulationStep =
  | { kind: 'capture'; msp: SimulatedMsp; at: string; document: EpcisDocument }
  | { kind: 'emission'; msp: SimulatedMsp; at: string; emission: EmissionInput }
  | { kind: 'recall'; msp: SimulatedMsp; at: string; recall: RecallInput };

/** A drug lot as planned, for picking benchmark subjects (e.g. a lot with many units downstream). */
export interface DrugLotInfo {
  lotClass: string;
  gtin: string;
  productName: string;
  units: number;
  /** Cases and pallets packed from the lot. */
  cases: number;
  pallets: number;
  /** Ingredient lot classes the lot consumed. */
  ingredientLots: string[];
  recalled: boolean;
  /** Still at its distribution centres, on its pallets, when the run ends (LotPlan.heldAtDc). */
  heldAtDc: boolean;
}

/** An ingredient lot and the drug lots that consumed it. */
export interface IngredientLotInfo {
  lotClass: string;
  gtin: string;
  quantityKg: number;
  drugLots: string[];
  /** Serialised units of all drug lots made from it. */
  downstreamUnits: number;
}

/** What a run produced so far; complete once its steps have been iterated to the end. */
export interface SimulationSummary {
  events: number;
  documents: number;
  emissions: number;
  recalls: number;
  byEventType: Record<string, number>;
  byBizStep: Record<string, number>;
  byMsp: Record<string, number>;
  /** Shipping legs whose sensor readings left the product's temperature range. */
  excursionLegs: number;
  /** Sum of massKg/1000 × distanceKm × factor over emission records (mixed scopes, for reporting). */
  co2eKg: number;
  serialisedUnits: number;
  drugLots: DrugLotInfo[];
  ingredientLots: IngredientLotInfo[];
  firstEventTime?: string;
  lastEventTime?: string;
}
