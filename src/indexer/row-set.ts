/** What the projector produces and the store writes: rows per table plus the closes to apply. */
import type { Insertable } from 'kysely';
import type { Database } from '../db/database.js';
import type { AggregationClose, ShipmentReceipt } from '../db/mirror-closes.queries.js';

/** The tables the projector fills, in write order. */
export const PROJECTED_TABLES = [
  'blocks',
  'transactions',
  'organizations',
  'parties',
  'locations',
  'products',
  'events',
  'event_identifiers',
  'biz_transactions',
  'sensor_readings',
  'lineage_edge',
  'identifier_state',
  'lots',
  'recalls',
  'recall_lots',
  'shipments',
  'custody_transfers',
  'emissions',
  'footprints',
] as const satisfies readonly (keyof Database)[];

/** A table the projector fills. */
export type ProjectedTable = (typeof PROJECTED_TABLES)[number];

/** A row as the projector produces it for table T. */
export type Row<T extends ProjectedTable> = Insertable<Database[T]>;

/** Rows per projected table. */
export type MirrorRows = { [T in ProjectedTable]: Row<T>[] };

/** Rows plus the updates that close earlier rows (unpack, receipt). */
export interface RowSet {
  rows: MirrorRows;
  aggregationCloses: AggregationClose[];
  shipmentReceipts: ShipmentReceipt[];
}

/** The row set of one block, with what the store needs to check the hash chain. */
export interface BlockRowSet extends RowSet {
  blockNumber: bigint;
  headerHash: Uint8Array;
  previousHash: Uint8Array;
  /** EPCIS event records projected (for throughput and metrics). */
  eventCount: number;
}

/** An empty row set. */
export function emptyRowSet(): RowSet {
  const rows = Object.fromEntries(PROJECTED_TABLES.map((t) => [t, []])) as unknown as MirrorRows;
  return { rows, aggregationCloses: [], shipmentReceipts: [] };
}
