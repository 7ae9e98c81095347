/** The footprint answer: contributions with their sources, breakdowns, and what is missing. */
import type { LotFacts } from './footprint.queries.js';

/** Where in the life cycle a contribution arises. */
export type Stage = 'INPUTS' | 'OWN_PRODUCTION' | 'INBOUND_TRANSPORT' | 'DOWNSTREAM_TRANSPORT';

/** What data a number would need but the mirror does not hold. */
export type MissingKind =
  | 'LOT_WITHOUT_FOOTPRINT'
  | 'LEG_WITHOUT_EMISSION'
  | 'QUANTITY_UNKNOWN'
  | 'UNIT_MISMATCH'
  | 'MASS_UNKNOWN'
  | 'TRANSPORT_UNKNOWN';

/** One number of the roll-up, kept with the record it came from (PACT footprint or GLEC emission). */
export interface Contribution {
  stage: Stage;
  /** GHG Protocol scope 3 category (1, 4 or 9); null for the producer's own operations. */
  category: 1 | 4 | 9 | null;
  organization: string;
  /** The lot or unit the number is about. */
  subject: string;
  /** Quantity of the subject the number covers (goods mass in kg for transport). */
  quantity: number;
  uom: string | null;
  kgCo2e: number;
  source: 'PACT' | 'GLEC';
  footprintId: string | null;
  specVersion: string | null;
  declaredUnit: string | null;
  convertedFromV2: boolean | null;
  emissionId: string | null;
  legEventId: string | null;
  mode: string | null;
  distanceKm: number | null;
  legMassKg: number | null;
  allocatedMassKg: number | null;
  factorId: string | null;
  factorValue: number | null;
  factorSource: string | null;
  factorVersion: string | null;
  scope: string | null;
  txId: string;
  blockNumber: bigint;
}

/** An input consumed on the way to the lot, and what it contributes. */
export interface InputUse {
  input: string;
  into: string;
  depth: number;
  quantity: number;
  uom: string | null;
  eventId: string;
  txId: string;
  blockNumber: bigint;
  /** Its cradle-to-gate contribution, its inbound transport included (known parts only). */
  kgCo2e: number;
}

/** A gap in the data: the roll-up is incomplete by what this would add. */
export interface MissingData {
  kind: MissingKind;
  subject: string;
  stage: Stage;
  eventId: string | null;
  detail: string;
}

/** A sum under a key. */
export interface Subtotal<K> {
  key: K;
  kgCo2e: number;
}

/** The footprint of one lot. */
export interface FootprintResult {
  lot: string;
  producedQuantity: number;
  uom: string | null;
  /** Cradle-to-gate: inputs, own production, inbound transport (known parts). */
  totalKgCo2e: number;
  perUnitKgCo2e: number | null;
  /** The lot's own legs after production (category 9), not part of the total. */
  downstreamTransportKgCo2e: number;
  complete: boolean;
  byStage: Subtotal<Stage>[];
  byOrganization: Subtotal<string>[];
  byCategory: Subtotal<1 | 4 | 9 | null>[];
  inputs: InputUse[];
  contributions: Contribution[];
  missing: MissingData[];
}

/** A contribution's common fields, source-specific ones empty. */
export function newContribution(
  stage: Stage,
  category: Contribution['category'],
  organization: string,
  subject: string,
  quantity: number,
  uom: string | null,
): Omit<Contribution, 'kgCo2e' | 'source' | 'txId' | 'blockNumber'> {
  return {
    stage,
    category,
    organization,
    subject,
    quantity,
    uom,
    footprintId: null,
    specVersion: null,
    declaredUnit: null,
    convertedFromV2: null,
    emissionId: null,
    legEventId: null,
    mode: null,
    distanceKm: null,
    legMassKg: null,
    allocatedMassKg: null,
    factorId: null,
    factorValue: null,
    factorSource: null,
    factorVersion: null,
    scope: null,
  };
}

function subtotals<K>(items: readonly Contribution[], key: (c: Contribution) => K): Subtotal<K>[] {
  const sums = new Map<K, number>();
  for (const c of items) sums.set(key(c), (sums.get(key(c)) ?? 0) + c.kgCo2e);
  return [...sums].map(([k, kgCo2e]) => ({ key: k, kgCo2e }));
}

/** Totals and breakdowns of the contributions. */
export function summarise(
  lot: LotFacts,
  produced: number,
  contributions: Contribution[],
  inputs: InputUse[],
  missing: MissingData[],
): FootprintResult {
  const gate = contributions.filter((c) => c.stage !== 'DOWNSTREAM_TRANSPORT');
  const total = gate.reduce((sum, c) => sum + c.kgCo2e, 0);
  const downstream = contributions
    .filter((c) => c.stage === 'DOWNSTREAM_TRANSPORT')
    .reduce((sum, c) => sum + c.kgCo2e, 0);
  return {
    lot: lot.lot_class,
    producedQuantity: produced,
    uom: lot.uom,
    totalKgCo2e: total,
    perUnitKgCo2e: produced > 0 ? total / produced : null,
    downstreamTransportKgCo2e: downstream,
    complete: missing.length === 0,
    byStage: subtotals(contributions, (c) => c.stage),
    byOrganization: subtotals(gate, (c) => c.organization).sort((a, b) =>
      a.key.localeCompare(b.key),
    ),
    byCategory: subtotals(contributions, (c) => c.category),
    inputs,
    contributions,
    missing,
  };
}
