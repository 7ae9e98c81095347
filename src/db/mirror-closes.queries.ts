/**
 * The indexer's updates that close rows written earlier: aggregation edges closed by an unpack or
 * a re-pack, shipments ended by a receipt, and children dropped from a newer parent record. They
 * run after the batch's rows are written (see mirror-write.queries.ts), since they must see them.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from './database.js';
import { rowsToJson } from './mirror-write.queries.js';
import { unnestRows, type UnnestColumn } from './unnest-rows.js';

/** A close of aggregation edges: a child leaves a parent (or every child of a parent leaves it). */
export interface AggregationClose {
  /** The child leaving; null closes every open edge into parent_id. */
  child_id: string | null;
  /** The parent left; null closes the child's edge into any parent (it moved). */
  parent_id: string | null;
  event_id: string;
  event_time: string;
  tx_id: string;
  block_number: bigint;
  tx_index: number;
  record_index: number;
}

/** A receiving event ending the transit of an identifier. */
export interface ShipmentReceipt {
  identifier: string;
  event_id: string;
  event_time: string;
  received_by_msp: string;
  tx_id: string;
  block_number: bigint;
  tx_index: number;
  record_index: number;
}

/**
 * SQL condition: the event had not been declared erroneous before block `before` (any block when
 * omitted). A close by such an event (a replay after the declaration) does nothing. A declaration
 * in the batch being stored does not count here: block by block, the close was applied before
 * the declaration came, and what was derived in between (contained rows) saw it; the
 * reconciliation after the derivation reopens it, as it would have. Retracted events are few, so
 * one hashed set beats a probe per close.
 */
export function stillCounts(eventId: RawBuilder<unknown>, before?: bigint): RawBuilder<boolean> {
  const retracted =
    before === undefined
      ? sql`retracted_block_number IS NOT NULL`
      : sql`retracted_block_number < ${before}`;
  return sql<boolean>`${eventId} NOT IN (SELECT event_id FROM events WHERE ${retracted})`;
}

/** Columns of a close or receipt after its own: the position of the event doing it. */
const EVENT_POSITION: readonly UnnestColumn[] = [
  { name: 'event_id', type: 'text' },
  { name: 'event_time', type: 'timestamptz' },
  { name: 'tx_id', type: 'text' },
  { name: 'block_number', type: 'bigint' },
  { name: 'tx_index', type: 'integer' },
  { name: 'record_index', type: 'integer' },
];

const AGGREGATION_CLOSE_COLUMNS: readonly UnnestColumn[] = [
  { name: 'child_id', type: 'text' },
  { name: 'parent_id', type: 'text' },
  ...EVENT_POSITION,
];

const SHIPMENT_RECEIPT_COLUMNS: readonly UnnestColumn[] = [
  { name: 'identifier', type: 'text' },
  { name: 'received_by_msp', type: 'text' },
  ...EVENT_POSITION,
];

/**
 * Closes each open aggregation edge opened before a close, by the earliest such close (several
 * closes of one edge can arrive in one batch). Only a retraction reopens an edge (see
 * retraction.queries.ts), and a retracted event's close is skipped, so a replay is a no-op.
 */
export async function closeAggregationEdges(
  db: Kysely<Database>,
  closes: readonly AggregationClose[],
  batchFirstBlock?: bigint,
): Promise<void> {
  if (closes.length === 0) return;
  const before = sql`(e.block_number, e.tx_index, e.record_index) < (op.block_number, op.tx_index, op.record_index)`;
  const counts = stillCounts(sql`op.event_id`, batchFirstBlock);
  // LATERAL … OFFSET 0 (a fence against pull-up) pins the plan to one index probe per close, by
  // child when the close names one, else by parent: the planner cannot know how many rows an
  // array parameter holds and may see stale statistics right after a bulk load, and its nested
  // loop the other way round costs seconds.
  await sql`
    WITH op AS MATERIALIZED (
      SELECT * FROM (${unnestRows(AGGREGATION_CLOSE_COLUMNS, closes)}) AS op WHERE ${counts}
    )
    UPDATE lineage_edge AS t SET valid_to = m.event_time, valid_to_event_id = m.event_id,
      closed_tx_id = m.tx_id, closed_block_number = m.block_number, closed_tx_index = m.tx_index
    FROM (
      SELECT DISTINCT ON (edge_event_id, edge_from, edge_to) * FROM (
        SELECT e.event_id AS edge_event_id, e.from_id AS edge_from, e.to_id AS edge_to, op.*
        FROM op CROSS JOIN LATERAL (SELECT * FROM lineage_edge e WHERE e.from_id = op.child_id
          AND e.kind = 'aggregation' AND (op.parent_id IS NULL OR e.to_id = op.parent_id) OFFSET 0) e
        WHERE op.child_id IS NOT NULL AND e.valid_to_event_id IS NULL AND ${before}
        UNION ALL
        SELECT e.event_id, e.from_id, e.to_id, op.*
        FROM op CROSS JOIN LATERAL (SELECT * FROM lineage_edge e WHERE e.to_id = op.parent_id
          AND e.kind = 'aggregation' OFFSET 0) e
        WHERE op.child_id IS NULL AND e.valid_to_event_id IS NULL AND ${before}
      ) candidates
      ORDER BY edge_event_id, edge_from, edge_to, block_number, tx_index, record_index
    ) m
    WHERE t.kind = 'aggregation' AND t.event_id = m.edge_event_id AND t.from_id = m.edge_from
      AND t.to_id = m.edge_to`.execute(db);
}

/**
 * Pairs each open shipment of an identifier, shipped before a receipt, with the earliest receipt;
 * receipts by retracted events are skipped.
 */
export async function receiveShipments(
  db: Kysely<Database>,
  receipts: readonly ShipmentReceipt[],
  batchFirstBlock?: bigint,
): Promise<void> {
  if (receipts.length === 0) return;
  await sql`
    UPDATE shipments AS t SET receive_event_id = m.event_id, receive_time = m.event_time,
      received_by_msp = m.received_by_msp, receive_tx_id = m.tx_id,
      receive_block_number = m.block_number, receive_tx_index = m.tx_index
    FROM (
      SELECT DISTINCT ON (s.ship_event_id, s.identifier) s.ship_event_id AS shipped_by_event,
        s.identifier AS shipped_identifier, op.*
      FROM (${unnestRows(SHIPMENT_RECEIPT_COLUMNS, receipts)}) AS op
      -- LATERAL: one index probe per receipt whatever the planner guesses (see closeAggregationEdges).
      CROSS JOIN LATERAL (SELECT * FROM shipments s WHERE s.identifier = op.identifier OFFSET 0) s
      WHERE s.receive_event_id IS NULL
        AND (s.block_number, s.tx_index, s.record_index) < (op.block_number, op.tx_index, op.record_index)
        AND ${stillCounts(sql`op.event_id`, batchFirstBlock)}
      ORDER BY s.ship_event_id, s.identifier, op.block_number, op.tx_index, op.record_index
    ) m
    WHERE t.ship_event_id = m.shipped_by_event AND t.identifier = m.shipped_identifier`.execute(db);
}

/** Child rows that follow a parent record (parties of an organisation, lots of a recall). */
export interface ChildTable {
  table: string;
  /** Column of the child naming its parent. */
  parentColumn: string;
}

/**
 * Deletes children left over from an older version of their parent: the children the newest
 * parent record lists were just upserted to its (block_number, tx_index), so anything older under
 * that parent was dropped from it. A replayed old parent finds nothing older than itself.
 */
export async function deleteStaleChildren(
  db: Kysely<Database>,
  child: ChildTable,
  parents: readonly { key: string; block_number: bigint; tx_index: number }[],
): Promise<void> {
  if (parents.length === 0) return;
  await sql`
    DELETE FROM ${sql.id(child.table)} AS c
    USING json_to_recordset(${rowsToJson(parents)}::json) AS p(key text, block_number bigint, tx_index integer)
    WHERE c.${sql.id(child.parentColumn)} = p.key
      AND (c.block_number, c.tx_index) < (p.block_number, p.tx_index)`.execute(db);
}
