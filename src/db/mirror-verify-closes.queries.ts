/**
 * Verify's checks of closes (unpack → aggregation edge valid_to, receipt → shipment received),
 * which are updates of earlier rows rather than rows of their own block:
 * (a) every row closed in the range is closed by a re-projected close of that block that matches it;
 * (b) no re-projected close (of an event that still counts) left a matching row, opened before it,
 *     open or closed later.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from './database.js';
import type { ExpectedRange, RowDifference } from './mirror-verify.queries.js';
import { stillCounts } from './mirror-closes.queries.js';

type Found = { key: string; block: bigint };
type Sided = Found & { side: RowDifference['side'] };
const sided = (rows: Found[], side: RowDifference['side']): Sided[] =>
  rows.map((r) => ({ ...r, side }));
const EDGE_KEY = sql<string>`concat_ws(', ', 'event_id=' || l.event_id, 'from_id=' || l.from_id, 'to_id=' || l.to_id)`;
const SHIPMENT_KEY = sql<string>`concat_ws(', ', 'ship_event_id=' || s.ship_event_id, 'identifier=' || s.identifier)`;
const COUNTS = stillCounts(sql`op.event_id`);

async function aggregationDifferences(
  trx: Transaction<Database>,
  range: ExpectedRange,
  limit: number,
): Promise<Sided[]> {
  const unexplained = await sql<Found>`
    SELECT ${EDGE_KEY} AS key, l.closed_block_number AS block FROM lineage_edge l
    WHERE l.kind = 'aggregation' AND l.closed_block_number BETWEEN ${range.from} AND ${range.to}
      AND NOT EXISTS (SELECT 1 FROM expected_aggregation_close op
        WHERE op.event_id = l.valid_to_event_id AND op.block_number = l.closed_block_number
          AND op.tx_index = l.closed_tx_index AND op.tx_id = l.closed_tx_id AND op.event_time = l.valid_to
          AND (op.child_id IS NULL OR op.child_id = l.from_id) AND (op.parent_id IS NULL OR op.parent_id = l.to_id)
          AND (l.block_number, l.tx_index, l.record_index) < (op.block_number, op.tx_index, op.record_index))
    ORDER BY block LIMIT ${limit}`.execute(trx);
  const stillOpen = sql`(l.block_number, l.tx_index, l.record_index) < (op.block_number, op.tx_index, op.record_index)
    AND (l.closed_block_number IS NULL OR (l.closed_block_number, l.closed_tx_index) > (op.block_number, op.tx_index))`;
  // Two arms, by child and by parent, so each join can use an index.
  const unapplied = await sql<Found>`
    SELECT ${EDGE_KEY} AS key, op.block_number AS block FROM expected_aggregation_close op
    JOIN lineage_edge l ON l.from_id = op.child_id AND (op.parent_id IS NULL OR l.to_id = op.parent_id)
    WHERE l.kind = 'aggregation' AND ${stillOpen} AND ${COUNTS}
    UNION ALL
    SELECT ${EDGE_KEY}, op.block_number FROM expected_aggregation_close op
    JOIN lineage_edge l ON op.child_id IS NULL AND l.to_id = op.parent_id
    WHERE l.kind = 'aggregation' AND ${stillOpen} AND ${COUNTS}
    ORDER BY block LIMIT ${limit}`.execute(trx);
  return [...sided(unexplained.rows, 'unexpected'), ...sided(unapplied.rows, 'missing')];
}

async function receiptDifferences(
  trx: Transaction<Database>,
  range: ExpectedRange,
  limit: number,
): Promise<Sided[]> {
  const unexplained = await sql<Found>`
    SELECT ${SHIPMENT_KEY} AS key, s.receive_block_number AS block FROM shipments s
    WHERE s.receive_block_number BETWEEN ${range.from} AND ${range.to}
      AND NOT EXISTS (SELECT 1 FROM expected_shipment_receipt op
        WHERE op.identifier = s.identifier AND op.event_id = s.receive_event_id
          AND op.block_number = s.receive_block_number AND op.tx_index = s.receive_tx_index
          AND op.tx_id = s.receive_tx_id AND op.event_time = s.receive_time
          AND op.received_by_msp = s.received_by_msp
          AND (s.block_number, s.tx_index, s.record_index) < (op.block_number, op.tx_index, op.record_index))
    ORDER BY block LIMIT ${limit}`.execute(trx);
  const unapplied = await sql<Found>`
    SELECT ${SHIPMENT_KEY} AS key, op.block_number AS block FROM expected_shipment_receipt op
    JOIN shipments s ON s.identifier = op.identifier
      AND (s.block_number, s.tx_index, s.record_index) < (op.block_number, op.tx_index, op.record_index)
      AND (s.receive_block_number IS NULL OR (s.receive_block_number, s.receive_tx_index) > (op.block_number, op.tx_index))
    WHERE ${COUNTS}
    ORDER BY block LIMIT ${limit}`.execute(trx);
  return [...sided(unexplained.rows, 'unexpected'), ...sided(unapplied.rows, 'missing')];
}

/** Differences in closes for a range whose expected closes are loaded (see mirror-verify.queries.ts). */
export async function findCloseDifferences(
  trx: Transaction<Database>,
  range: ExpectedRange,
  limit: number,
): Promise<RowDifference[]> {
  const edges = await aggregationDifferences(trx, range, limit);
  const receipts = await receiptDifferences(trx, range, limit);
  return [
    ...edges.map((r) => ({
      table: 'lineage_edge (closes)',
      key: r.key,
      blockNumber: r.block,
      side: r.side,
    })),
    ...receipts.map((r) => ({
      table: 'shipments (receipts)',
      key: r.key,
      blockNumber: r.block,
      side: r.side,
    })),
  ];
}
