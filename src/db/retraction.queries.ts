/**
 * Undoing the closes of a retracted event (EPCIS errorDeclaration: the event no longer counts).
 * A receipt or an unpack that is declared erroneous must not keep a shipment received or an
 * aggregation closed: the row is reopened and then closed by the earliest later close already in
 * the mirror that still counts (e.g. the corrective event, captured before the declaration).
 * Rows OPENED by a retracted event stay, marked by their event: readers join events and skip
 * `retracted` ones.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';
import { rowsToJson } from './mirror-write.queries.js';

/** Events whose retraction was recorded in blocks first..last. */
const retractedIn = (first: bigint, last: bigint) =>
  sql`SELECT event_id FROM events WHERE retracted AND retracted_block_number BETWEEN ${first} AND ${last}`;

/** Reopens shipments received by events retracted in first..last and re-pairs them. */
export async function reconcileRetractedReceipts(
  db: Kysely<Database>,
  first: bigint,
  last: bigint,
): Promise<void> {
  const reopened = await sql<{ ship_event_id: string; identifier: string }>`
    UPDATE shipments SET receive_event_id = NULL, receive_time = NULL, received_by_msp = NULL,
      receive_tx_id = NULL, receive_block_number = NULL, receive_tx_index = NULL
    WHERE receive_event_id IN (${retractedIn(first, last)})
    RETURNING ship_event_id, identifier`.execute(db);
  if (reopened.rows.length === 0) return;
  // The receipts the projector would pair: the event's parent, else its own objects.
  await sql`
    UPDATE shipments AS t SET receive_event_id = m.event_id, receive_time = m.event_time,
      received_by_msp = m.captured_by_msp, receive_tx_id = m.tx_id,
      receive_block_number = m.block_number, receive_tx_index = m.tx_index
    FROM (
      SELECT DISTINCT ON (s.ship_event_id, s.identifier) s.ship_event_id AS k_event, s.identifier AS k_id,
        e.event_id, e.event_time, e.captured_by_msp, e.tx_id, e.block_number, e.tx_index
      FROM json_to_recordset(${rowsToJson(reopened.rows)}::json) AS r(ship_event_id text, identifier text)
      JOIN shipments s ON s.ship_event_id = r.ship_event_id AND s.identifier = r.identifier
      JOIN event_identifiers ei ON ei.identifier = s.identifier AND ei.role IN ('epc', 'parent')
      JOIN events e ON e.event_id = ei.event_id AND e.biz_step = 'receiving' AND NOT e.retracted
        AND (ei.role = 'parent' OR e.parent_id IS NULL)
        AND (e.block_number, e.tx_index, e.record_index) > (s.block_number, s.tx_index, s.record_index)
      ORDER BY s.ship_event_id, s.identifier, e.block_number, e.tx_index, e.record_index
    ) m
    WHERE t.ship_event_id = m.k_event AND t.identifier = m.k_id`.execute(db);
}

/** Reopens aggregation edges closed by events retracted in first..last and re-closes them. */
export async function reconcileRetractedUnpacks(
  db: Kysely<Database>,
  first: bigint,
  last: bigint,
): Promise<void> {
  const reopened = await sql<{ event_id: string; from_id: string; to_id: string }>`
    UPDATE lineage_edge SET valid_to = NULL, valid_to_event_id = NULL, closed_tx_id = NULL,
      closed_block_number = NULL, closed_tx_index = NULL
    WHERE kind = 'aggregation' AND valid_to_event_id IN (${retractedIn(first, last)})
    RETURNING event_id, from_id, to_id`.execute(db);
  if (reopened.rows.length === 0) return;
  // The closes the projector emits: DELETE naming the child (or naming none) of this parent, or an
  // ADD packing this serialised child anywhere (it moved).
  await sql`
    UPDATE lineage_edge AS t SET valid_to = m.event_time, valid_to_event_id = m.close_event_id,
      closed_tx_id = m.tx_id, closed_block_number = m.block_number, closed_tx_index = m.tx_index
    FROM (
      SELECT DISTINCT ON (l.event_id, l.from_id, l.to_id) l.event_id AS k_event, l.from_id AS k_from,
        l.to_id AS k_to, c.event_id AS close_event_id, c.event_time, c.tx_id, c.block_number, c.tx_index
      FROM json_to_recordset(${rowsToJson(reopened.rows)}::json) AS r(event_id text, from_id text, to_id text)
      JOIN lineage_edge l ON l.kind = 'aggregation' AND l.event_id = r.event_id
        AND l.from_id = r.from_id AND l.to_id = r.to_id
      JOIN LATERAL (
        SELECT e.* FROM event_identifiers ei JOIN events e ON e.event_id = ei.event_id
        WHERE ei.identifier = l.from_id AND ei.role = 'child' AND e.event_type = 'AggregationEvent'
          AND ((e.action = 'DELETE' AND e.parent_id = l.to_id) OR (e.action = 'ADD' AND NOT ei.is_class))
        UNION ALL
        SELECT e.* FROM events e
        WHERE e.parent_id = l.to_id AND e.event_type = 'AggregationEvent' AND e.action = 'DELETE'
          AND NOT EXISTS (SELECT 1 FROM event_identifiers c WHERE c.event_id = e.event_id AND c.role = 'child')
      ) c ON NOT c.retracted
        AND (c.block_number, c.tx_index, c.record_index) > (l.block_number, l.tx_index, l.record_index)
      ORDER BY l.event_id, l.from_id, l.to_id, c.block_number, c.tx_index, c.record_index
    ) m
    WHERE t.kind = 'aggregation' AND t.event_id = m.k_event AND t.from_id = m.k_from AND t.to_id = m.k_to`.execute(
    db,
  );
}
