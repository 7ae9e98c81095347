/**
 * An affected item as the recall statements return it: its JSON (a page's rows, the export's),
 * with the names of its possessor and location, and the edge it joined the affected set by.
 */
import { sql, type RawBuilder } from 'kysely';
import { memberOf, validAt } from './recall-sql.js';

/** Where an affected item stands now. */
export type ItemStatus =
  'IN_STOCK' | 'IN_TRANSIT' | 'DISPENSED' | 'DESTROYED' | 'RECALLED' | 'UNKNOWN';

/**
 * SQL: `detail` rows with the names of their possessor's organisation and location, as `itemJson`
 * wants them: the FROM of a page or of the export. `rows` is a subquery or CTE of detail rows.
 */
export function namedRows(rows: RawBuilder<unknown>, alias: string): RawBuilder<unknown> {
  return sql`(SELECT r.*, pp.msp_id AS possessor_msp, loc.name AS location_name FROM ${rows} r
    LEFT JOIN parties pp ON pp.party_id = r.possessor_party
    LEFT JOIN locations loc ON loc.location_id = r.location) ${sql.raw(alias)}`;
}

/** SQL: the JSON object of one named `detail` row `d` (see namedRows), as RecallItemJson. */
export function itemJson(d: string): RawBuilder<unknown> {
  const c = (column: string): RawBuilder<unknown> => sql.ref(`${d}.${column}`);
  return sql`json_build_object('id', ${c('id')}, 'kind', ${c('kind')}, 'status', ${c('status')},
    'lot_class', ${c('lot_class')}, 'gtin', ${c('gtin')}, 'owner_msp', ${c('owner_msp')},
    'owner_party', ${c('owner_party')}, 'possessor_party', ${c('possessor_party')},
    'possessor_msp', ${c('possessor_msp')}, 'location', ${c('location')}, 'location_name', ${c('location_name')},
    'disposition', ${c('disposition')}, 'container', ${c('container')}, 'top_container', ${c('top_container')},
    'in_transit_to_msp', ${c('in_transit_to_msp')}, 'in_transit_to_party', ${c('in_transit_to_party')},
    'in_transit_to_location', ${c('in_transit_to_location')}, 'last_event_id', ${c('last_event_id')},
    'last_event_time', ${c('last_event_time')}, 'tx_id', ${c('tx_id')}, 'block_number', ${c('block_number')}::text)`;
}

/**
 * SQL: the edge `detail` row `d` joined the affected set by (the earliest recorded one from an
 * affected node), as JSON or null: a lookup per row, for pages (the CSV export joins `reached`).
 */
export function viaOf(d: string, asOf: Date): RawBuilder<unknown> {
  return sql`(SELECT ${viaJson('e')} FROM lineage_edge e
    WHERE e.to_id = ${sql.ref(`${d}.id`)} AND ${validAt('e', asOf)} AND ${memberOf(sql`e.from_id`, 'affected')}
    ORDER BY e.block_number, e.tx_index, e.record_index, e.from_id LIMIT 1)`;
}

/** SQL: the `reached` row `v` (the edge an item joined the affected set by) as JSON, or null. */
export function viaJson(v: string): RawBuilder<unknown> {
  const c = (column: string): RawBuilder<unknown> => sql.ref(`${v}.${column}`);
  return sql`CASE WHEN ${c('to_id')} IS NULL THEN NULL ELSE json_build_object('kind', ${c('kind')}, 'from', ${c('from_id')},
    'event_id', ${c('event_id')}, 'tx_id', ${c('tx_id')}, 'block_number', ${c('block_number')}::text) END`;
}

/** How an item joined the affected set (JSON). */
export interface ViaJson {
  kind: 'transformation' | 'aggregation' | 'lot_membership';
  from: string;
  event_id: string;
  tx_id: string;
  block_number: string;
}

/** One affected item as the statements return it (JSON: block numbers as text, times as ISO text). */
export interface RecallItemJson {
  id: string;
  kind: 'LOT' | 'UNIT' | 'CASE' | 'PALLET' | 'OTHER';
  status: ItemStatus;
  lot_class: string | null;
  gtin: string | null;
  owner_msp: string | null;
  owner_party: string | null;
  possessor_party: string | null;
  possessor_msp: string | null;
  location: string | null;
  location_name: string | null;
  disposition: string | null;
  container: string | null;
  top_container: string | null;
  in_transit_to_msp: string | null;
  in_transit_to_party: string | null;
  in_transit_to_location: string | null;
  last_event_id: string | null;
  last_event_time: string | null;
  tx_id: string | null;
  block_number: string | null;
}
