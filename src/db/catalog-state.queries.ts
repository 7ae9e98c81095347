/**
 * Current-state reads: lots, recalls, identifiers (units, cases, pallets). Lists page by keyset;
 * the batch functions serve the per-request DataLoaders with one `= ANY($1)` statement.
 */
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import {
  anyOf,
  keysetPage,
  whereAny,
  type AnyOf,
  type Page,
  type PageQuery,
  type Provenanced,
} from './catalog-page.queries.js';
import { provenanceOf } from './catalog.queries.js';
import type { Database, LotsTable, RecallsTable } from './database.js';
import { nodeKind, type NodeKind } from './lineage.queries.js';

/** A lot as the API returns it. */
export interface LotRow extends Provenanced {
  lotClass: string;
  gtin: string;
  lotNumber: string;
  expiry: string | null;
  ownerMsp: string | null;
  quantityProduced: number;
  quantityRemaining: number;
  uom: string | null;
  unverifiedOrigin: boolean;
  recallId: string | null;
  disposition: string | null;
  serialCount: number | null;
  /** Quantities other organisations received by quantity and hold, by organisation. */
  heldBy: LotQuantity[];
  /** Quantities shipped by quantity and not received yet, by destination organisation. */
  shippedTo: LotQuantity[];
  lastEventId: string;
}

/** A quantity of a lot (in its unit) by organisation. */
export interface LotQuantity {
  organization: string;
  quantity: number;
}

/** A lot state's MSP id → quantity object (JSON) as a list by organisation. */
export function lotQuantities(json: unknown): LotQuantity[] {
  if (json === null || typeof json !== 'object') return [];
  return Object.entries(json as Record<string, unknown>)
    .map(([organization, quantity]) => ({ organization, quantity: Number(quantity) }))
    .sort((a, b) =>
      a.organization < b.organization ? -1 : a.organization > b.organization ? 1 : 0,
    );
}

/** Converts a lots row. */
export function toLot(r: Selectable<LotsTable>): LotRow {
  return {
    lotClass: r.lot_class,
    gtin: r.gtin,
    lotNumber: r.lot_number,
    expiry: r.expiry,
    ownerMsp: r.owner_msp,
    quantityProduced: Number(r.quantity_produced),
    quantityRemaining: Number(r.quantity_remaining),
    uom: r.uom,
    unverifiedOrigin: r.unverified_origin,
    recallId: r.recall_id,
    disposition: r.disposition,
    serialCount: r.serial_count,
    heldBy: lotQuantities(r.held_by),
    shippedTo: lotQuantities(r.shipped_to),
    lastEventId: r.last_event_id,
    ...provenanceOf(r),
  };
}

/** Lot list conditions. */
export interface LotQuery {
  gtin?: AnyOf;
  ownerMsp?: AnyOf;
  recalled?: boolean | null;
  expiresBefore?: string | null;
}

/** Lots matching `f`, as a query to page or count. */
export function lotsQuery(db: Kysely<Database>, f: LotQuery) {
  let q = db.selectFrom('lots').selectAll();
  q = whereAny(q, 'gtin', f.gtin);
  q = whereAny(q, 'owner_msp', f.ownerMsp);
  if (f.recalled != null) q = q.where('recall_id', f.recalled ? 'is not' : 'is', null);
  // expiry is the ledger's ISO date text, which orders correctly as text.
  if (f.expiresBefore != null) q = q.where('expiry', '<', f.expiresBefore);
  return q;
}

/** A page of lots by class URN. */
export function findLots(
  db: Kysely<Database>,
  f: LotQuery,
  page: PageQuery,
): Promise<Page<LotRow>> {
  return keysetPage(lotsQuery(db, f), [{ column: 'lot_class', type: 'text' }], page, toLot, (r) => [
    r.lot_class,
  ]);
}

/** Lots by class URN (batch). */
export async function lotsByClass(
  db: Kysely<Database>,
  classes: readonly string[],
): Promise<LotRow[]> {
  return (await db.selectFrom('lots').selectAll().where(anyOf('lot_class', classes)).execute()).map(
    toLot,
  );
}

/** A recall as the API returns it. */
export interface RecallRow extends Provenanced {
  recallId: string;
  classification: string;
  reason: string;
  status: string;
  initiatedByMsp: string;
  initiatedAt: Date;
  closedAt: Date | null;
  lotClasses: string[];
}

/** Converts a recalls row with its lot classes. */
export function toRecall(r: Selectable<RecallsTable> & { lot_classes: string[] }): RecallRow {
  return {
    recallId: r.recall_id,
    classification: r.classification,
    reason: r.reason,
    status: r.status,
    initiatedByMsp: r.initiated_by_msp,
    initiatedAt: r.initiated_at,
    closedAt: r.closed_at,
    lotClasses: r.lot_classes,
    ...provenanceOf(r),
  };
}

/** Recalls with their lots, selected by a condition on the recalls row `r`. */
export async function recallsWhere(
  db: Kysely<Database>,
  condition: RawBuilder<boolean>,
): Promise<RecallRow[]> {
  const rows = await db
    .selectFrom('recalls as r')
    .selectAll('r')
    .select(
      sql<
        string[]
      >`coalesce((SELECT array_agg(rl.lot_class ORDER BY rl.lot_class) FROM recall_lots rl WHERE rl.recall_id = r.recall_id), '{}')`.as(
        'lot_classes',
      ),
    )
    .where(condition)
    .orderBy('r.recall_id')
    .execute();
  return rows.map(toRecall);
}

/** Recalls by id (batch). */
export function recallsById(db: Kysely<Database>, ids: readonly string[]): Promise<RecallRow[]> {
  return recallsWhere(db, anyOf('r.recall_id', ids));
}

/** An identifier's state as the API returns it. */
export interface IdentifierRow extends Provenanced {
  epc: string;
  scheme: string;
  kind: NodeKind;
  lotClass: string | null;
  gtin: string | null;
  ownerMsp: string | null;
  ownerParty: string | null;
  possessorParty: string | null;
  locationId: string | null;
  disposition: string | null;
  parentEpc: string | null;
  inTransit: boolean;
  inTransitToMsp: string | null;
  inTransitToParty: string | null;
  inTransitToLocation: string | null;
  unverifiedOrigin: boolean;
  lastEventId: string;
  lastEventTime: Date;
}

const IN_TRANSIT = sql<boolean>`(i.in_transit_to_msp IS NOT NULL OR i.in_transit_to_party IS NOT NULL OR i.in_transit_to_location IS NOT NULL)`;

const identifiersBase = (db: Kysely<Database>) =>
  db
    .selectFrom('identifier_current_state as i')
    .select([
      'i.epc',
      'i.scheme',
      nodeKind(sql`i.epc`).as('kind'),
      'i.lot_class as lotClass',
      'i.gtin',
      'i.owner_msp as ownerMsp',
      'i.owner_party as ownerParty',
      'i.possessor_party as possessorParty',
      'i.location as locationId',
      'i.disposition',
      'i.parent as parentEpc',
      IN_TRANSIT.as('inTransit'),
      'i.in_transit_to_msp as inTransitToMsp',
      'i.in_transit_to_party as inTransitToParty',
      'i.in_transit_to_location as inTransitToLocation',
      'i.unverified_origin as unverifiedOrigin',
      'i.last_event_id as lastEventId',
      'i.last_event_time as lastEventTime',
      'i.tx_id as txId',
      'i.block_number as blockNumber',
    ]);

/** Identifier list conditions. */
export interface IdentifierQuery {
  lotClass?: AnyOf;
  gtin?: AnyOf;
  location?: AnyOf;
  ownerMsp?: AnyOf;
  disposition?: AnyOf;
  parentEpc?: AnyOf;
  inTransit?: boolean | null;
  scheme?: AnyOf;
}

/** Identifiers matching `f`, as a query to page or count. */
export function identifiersQuery(db: Kysely<Database>, f: IdentifierQuery) {
  let q = identifiersBase(db);
  for (const [column, values] of [
    ['i.lot_class', f.lotClass],
    ['i.gtin', f.gtin],
    ['i.location', f.location],
    ['i.owner_msp', f.ownerMsp],
    ['i.disposition', f.disposition],
    ['i.parent', f.parentEpc],
    ['i.scheme', f.scheme],
  ] as const) {
    q = whereAny(q, column, values);
  }
  if (f.inTransit != null) q = q.where(f.inTransit ? IN_TRANSIT : sql<boolean>`NOT ${IN_TRANSIT}`);
  return q;
}

/** A page of identifiers by EPC. */
export function findIdentifiers(
  db: Kysely<Database>,
  f: IdentifierQuery,
  page: PageQuery,
): Promise<Page<IdentifierRow>> {
  return keysetPage(
    identifiersQuery(db, f),
    [{ column: 'i.epc', type: 'text' }],
    page,
    (r) => r,
    (r) => [r.epc],
  );
}

/** Identifiers by EPC (batch). */
export function identifiersByEpc(
  db: Kysely<Database>,
  epcs: readonly string[],
): Promise<IdentifierRow[]> {
  return identifiersBase(db).where(anyOf('i.epc', epcs)).execute();
}

/** Current contents of containers (batch, ordered by EPC). */
export function identifiersByParent(
  db: Kysely<Database>,
  parents: readonly string[],
): Promise<IdentifierRow[]> {
  return identifiersBase(db).where(anyOf('i.parent', parents)).orderBy('i.epc').execute();
}
