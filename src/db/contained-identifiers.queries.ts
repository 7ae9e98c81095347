/**
 * The `contained` rows of event_identifiers: objects inside a container an event named. The
 * contract no longer lists them (containment is lazy: chaincode/src/domain/containment.ts), so
 * the store derives them here from the mirror's own aggregation edges, right after a batch's rows
 * and closes are written. They keep "every event that moved this unit, inside whatever" one index
 * probe away for affectedEPC, trace, dwell times and emissions by product.
 *
 * An object counts as inside when its aggregation edge was opened before the event (ledger order:
 * block, transaction, event) and not closed before it. An edge the event itself closes still
 * counts: the object was inside when the event happened. Derived rows are facts like the rest, so
 * a replayed batch derives the same rows and inserts nothing. The store runs this after the
 * batch's closes and BEFORE retracted closes are reconciled, which is what makes a batch derive
 * exactly what block-by-block storing derives.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';

/** Parent hops followed down from a named container, as the contract's containment rule. */
const MAX_HOPS = 4;

/** Derives the contained rows of the events captured in blocks first..last. */
export async function deriveContainedIdentifiers(
  db: Kysely<Database>,
  first: bigint,
  last: bigint,
): Promise<void> {
  // Only what the mirror knew at the event's position counts, so that storing blocks one by one
  // or in a batch derives the same rows: a retraction recorded later does not hide an edge.
  const notRetractedBefore = sql`NOT EXISTS (SELECT 1 FROM events r WHERE r.event_id = le.event_id
    AND r.retracted AND (r.retracted_block_number, r.retracted_tx_index) < (n.block_number, n.tx_index) OFFSET 0)`;
  const opened = sql`(le.block_number, le.tx_index, le.record_index) < (n.block_number, n.tx_index, n.record_index)`;
  const notClosedBefore = sql`(le.valid_to_event_id IS NULL OR (le.closed_block_number, le.closed_tx_index, le.close_record_index)
    >= (n.block_number, n.tx_index, n.record_index))`;
  // LATERAL … OFFSET 0 keeps one index probe per container (see closeAggregationEdges), and the
  // closing event's lookup inside it; OFFSET 0 in NOT EXISTS keeps that a probe per edge too.
  const children = (from: string) => sql`CROSS JOIN LATERAL (
      SELECT le.from_id, le.valid_to_event_id, le.closed_block_number, le.closed_tx_index,
        le.block_number, le.tx_index, le.record_index, le.event_id, ce.record_index AS close_record_index
      FROM lineage_edge le LEFT JOIN events ce ON ce.event_id = le.valid_to_event_id
      WHERE le.to_id = ${sql.ref(from)} AND le.kind = 'aggregation' OFFSET 0) le`;
  // Everything starts from the batch's own events and their rows (fenced, so that the planner
  // never starts from every container the mirror knows, nor scans every row of event_identifiers
  // for the final anti-join: the batch's rows are all it needs).
  await sql`
    WITH RECURSIVE direct AS MATERIALIZED (
      SELECT ei.event_id, ei.identifier, ei.role, ei.is_class, e.event_time, e.tx_id, e.block_number,
        e.tx_index, e.record_index
      FROM events e
      CROSS JOIN LATERAL (SELECT ei.event_id, ei.identifier, ei.role, ei.is_class FROM event_identifiers ei
        WHERE ei.event_id = e.event_id AND ei.role <> 'contained' OFFSET 0) ei
      WHERE e.block_number BETWEEN ${first} AND ${last}
    ),
    named AS MATERIALIZED (
      SELECT d.event_id, d.identifier, d.event_time, d.tx_id, d.block_number, d.tx_index, d.record_index
      FROM direct d
      WHERE d.role IN ('epc', 'parent', 'child') AND NOT d.is_class
        AND EXISTS (SELECT 1 FROM lineage_edge x WHERE x.to_id = d.identifier AND x.kind = 'aggregation' OFFSET 0)
    ),
    inside(event_id, identifier, hops, event_time, tx_id, block_number, tx_index, record_index) AS (
      SELECT n.event_id, le.from_id, 1, n.event_time, n.tx_id, n.block_number, n.tx_index, n.record_index
      FROM named n ${children('n.identifier')}
      WHERE ${opened} AND ${notClosedBefore} AND ${notRetractedBefore}
      UNION
      SELECT n.event_id, le.from_id, n.hops + 1, n.event_time, n.tx_id, n.block_number, n.tx_index, n.record_index
      FROM inside n ${children('n.identifier')}
      WHERE n.hops < ${MAX_HOPS} AND ${opened} AND ${notClosedBefore} AND ${notRetractedBefore}
    )
    INSERT INTO event_identifiers (event_id, role, identifier, is_class, quantity, uom, event_time,
      tx_id, block_number, tx_index)
    SELECT DISTINCT ON (i.event_id, i.identifier) i.event_id, 'contained', i.identifier, false, NULL, NULL,
      i.event_time, i.tx_id, i.block_number, i.tx_index
    FROM inside i
    WHERE NOT EXISTS (SELECT 1 FROM direct m WHERE m.event_id = i.event_id AND m.identifier = i.identifier)
    ON CONFLICT DO NOTHING`.execute(db);
}
