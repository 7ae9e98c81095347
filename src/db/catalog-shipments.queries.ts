/**
 * Shipment reads: each shipped identifier with the receipt that ended its transit, paged by keyset
 * on (ship_time, ship_event_id, identifier).
 */
import { sql, type Kysely } from 'kysely';
import {
  keysetPage,
  whereAny,
  type AnyOf,
  type Page,
  type PageQuery,
  type Provenanced,
} from './catalog-page.queries.js';
import type { Database } from './database.js';

/** A shipment as the API returns it. */
export interface ShipmentRow extends Provenanced {
  shipEventId: string;
  identifier: string;
  isClass: boolean;
  quantity: number | null;
  uom: string | null;
  shipTime: Date;
  shippedByMsp: string;
  fromParty: string | null;
  fromLocationId: string | null;
  toParty: string | null;
  toLocationId: string | null;
  inTransit: boolean;
  receiveEventId: string | null;
  receiveTime: Date | null;
  receivedByMsp: string | null;
  transitSeconds: number | null;
  receiveTxId: string | null;
  receiveBlockNumber: bigint | null;
}

// Rows opened by a shipping event later declared erroneous stay in the mirror: leave them out.
const shipmentsBase = (db: Kysely<Database>) =>
  db
    .selectFrom('shipments as s')
    .innerJoin('events as ev', 'ev.event_id', 's.ship_event_id')
    .where('ev.retracted', '=', false)
    .select([
      's.ship_event_id as shipEventId',
      's.identifier',
      's.is_class as isClass',
      sql<number | null>`s.quantity::float8`.as('quantity'),
      's.uom',
      's.ship_time as shipTime',
      's.shipped_by_msp as shippedByMsp',
      's.source_party as fromParty',
      's.source_location as fromLocationId',
      's.destination_party as toParty',
      's.destination_location as toLocationId',
      sql<boolean>`s.receive_event_id IS NULL`.as('inTransit'),
      's.receive_event_id as receiveEventId',
      's.receive_time as receiveTime',
      's.received_by_msp as receivedByMsp',
      sql<number | null>`extract(epoch FROM s.receive_time - s.ship_time)::float8`.as(
        'transitSeconds',
      ),
      's.tx_id as txId',
      's.block_number as blockNumber',
      's.receive_tx_id as receiveTxId',
      's.receive_block_number as receiveBlockNumber',
    ]);

/** Shipment list conditions. */
export interface ShipmentQuery {
  inTransit?: boolean | null;
  fromParty?: AnyOf;
  fromLocation?: AnyOf;
  toParty?: AnyOf;
  toLocation?: AnyOf;
  shippedByMsp?: AnyOf;
  identifier?: AnyOf;
  shippedFrom?: Date | null;
  shippedTo?: Date | null;
}

/** Shipments matching `f`, as a query to page or count. */
export function shipmentsQuery(db: Kysely<Database>, f: ShipmentQuery) {
  let q = shipmentsBase(db);
  for (const [column, values] of [
    ['s.source_party', f.fromParty],
    ['s.source_location', f.fromLocation],
    ['s.destination_party', f.toParty],
    ['s.destination_location', f.toLocation],
    ['s.shipped_by_msp', f.shippedByMsp],
    ['s.identifier', f.identifier],
  ] as const) {
    q = whereAny(q, column, values);
  }
  if (f.inTransit != null) q = q.where('s.receive_event_id', f.inTransit ? 'is' : 'is not', null);
  if (f.shippedFrom != null) q = q.where('s.ship_time', '>=', f.shippedFrom);
  if (f.shippedTo != null) q = q.where('s.ship_time', '<', f.shippedTo);
  return q;
}

const SHIPMENT_KEY = [
  { column: 's.ship_time', type: 'timestamptz' },
  { column: 's.ship_event_id', type: 'text' },
  { column: 's.identifier', type: 'text' },
] as const;

/** A page of shipments by ship time, then event and identifier. */
export function findShipments(
  db: Kysely<Database>,
  f: ShipmentQuery,
  page: PageQuery,
): Promise<Page<ShipmentRow>> {
  return keysetPage(
    shipmentsQuery(db, f),
    SHIPMENT_KEY,
    page,
    (r) => r,
    (r) => [r.shipTime.toISOString(), r.shipEventId, r.identifier],
  );
}

/** Shipments by (ship event, identifier) pairs, for node lookups. */
export function shipmentsByKey(
  db: Kysely<Database>,
  keys: readonly (readonly [string, string])[],
): Promise<ShipmentRow[]> {
  const events = keys.map((k) => k[0]);
  const identifiers = keys.map((k) => k[1]);
  return shipmentsBase(db)
    .where(
      sql<boolean>`(s.ship_event_id, s.identifier) IN (SELECT * FROM unnest(${events}::text[], ${identifiers}::text[]))`,
    )
    .execute();
}
