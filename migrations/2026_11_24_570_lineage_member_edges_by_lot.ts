import { sql, type Kysely } from 'kysely';

/**
 * Lets a recall fetch the edges of a lot's members in one range scan instead of one index probe
 * per member (10,000 probes, a third of a 10,000-unit recall at 1M events).
 *
 * - `from_lot`: on transformation and aggregation edges, the lot of `from_id` as the record of
 *   `from_id` in the same transaction gave it (the projector sets it; NULL when there was none).
 * - `stray_edges`: on a lot-membership edge (lot → member), true once some non-membership edge
 *   out of the member carries another lot or none (a unit packed before it was commissioned into
 *   the lot, say). The store sets it after each batch (src/db/lineage-lots.queries.ts) and never
 *   clears it: edges are never rewritten, so "false" keeps meaning "every edge out of this member
 *   carries this lot" and a walk may take the member's edges from the lot's range; a stray member
 *   is walked one probe at a time, as before.
 *
 * On a mirror that already holds edges, `from_lot` is filled as the projector would have set it:
 * the lot of the source's latest membership recorded at or before the edge (a record carries the
 * lot its object was last commissioned into). Whatever the fill, the walk stays exact: a
 * membership is left unmarked only when every edge of its member carries its lot.
 *
 * lineage_edge_from_idx gains the columns a walk reads (to, validity, event, stray_edges), so
 * that probing a node's edges is an index-only scan.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE lineage_edge ADD COLUMN from_lot text,
    ADD COLUMN stray_edges boolean NOT NULL DEFAULT false`.execute(db);
  await sql`UPDATE lineage_edge e SET from_lot = (SELECT m.from_id FROM lineage_edge m
      WHERE m.to_id = e.from_id AND m.kind = 'lot_membership'
        AND (m.block_number, m.tx_index) <= (e.block_number, e.tx_index)
      ORDER BY m.block_number DESC, m.tx_index DESC LIMIT 1)
    WHERE e.kind <> 'lot_membership'`.execute(db);
  await sql`UPDATE lineage_edge m SET stray_edges = true
    WHERE m.kind = 'lot_membership' AND EXISTS (SELECT 1 FROM lineage_edge e
      WHERE e.from_id = m.to_id AND e.kind <> 'lot_membership' AND e.from_lot IS DISTINCT FROM m.from_id)`.execute(
    db,
  );
  // Ordered by member within the lot, like the lot's memberships: a walk can merge the two.
  await sql`CREATE INDEX lineage_edge_from_lot_idx ON lineage_edge (from_lot, from_id)
    INCLUDE (to_id, kind, valid_from, valid_to, event_id) WHERE from_lot IS NOT NULL`.execute(db);
  await sql`DROP INDEX lineage_edge_from_idx`.execute(db);
  await sql`CREATE INDEX lineage_edge_from_idx ON lineage_edge (from_id, kind)
    INCLUDE (to_id, valid_from, valid_to, event_id, stray_edges)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX lineage_edge_from_idx`.execute(db);
  await sql`CREATE INDEX lineage_edge_from_idx ON lineage_edge (from_id, kind)`.execute(db);
  await sql`DROP INDEX lineage_edge_from_lot_idx`.execute(db);
  await sql`ALTER TABLE lineage_edge DROP COLUMN from_lot, DROP COLUMN stray_edges`.execute(db);
}
