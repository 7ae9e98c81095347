/**
 * Keeps lineage_edge.stray_edges (migration 570) true on every lot membership whose member has
 * an edge carrying another lot or none, so that a walk may take a non-stray member's edges from its
 * lot's range (lineage_edge_from_lot_idx) without probing the member. The flag only ever goes from
 * false to true and edges are never rewritten, so checking each batch's new rows against the
 * mirror is enough, and storing blocks one by one or in a batch ends with the same flags.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';

/** Marks the memberships that the edges stored in blocks first..last make stray. */
export async function markStrayMemberships(
  db: Kysely<Database>,
  first: bigint,
  last: bigint,
): Promise<void> {
  // An edge of this batch out of a member, under another lot: its memberships turn stray.
  // (LATERAL … OFFSET 0: one index probe per new edge, whatever the planner guesses.)
  await sql`
    UPDATE lineage_edge m SET stray_edges = true
    FROM (
      SELECT DISTINCT mm.ctid AS membership FROM lineage_edge e
      CROSS JOIN LATERAL (SELECT m.ctid, m.from_id FROM lineage_edge m
        WHERE m.to_id = e.from_id AND m.kind = 'lot_membership' AND NOT m.stray_edges OFFSET 0) mm
      WHERE e.block_number BETWEEN ${first} AND ${last} AND e.kind <> 'lot_membership'
        AND mm.from_id IS DISTINCT FROM e.from_lot
    ) s
    WHERE m.ctid = s.membership`.execute(db);
  // A membership of this batch whose member already has an edge under another lot.
  await sql`
    UPDATE lineage_edge m SET stray_edges = true
    WHERE m.block_number BETWEEN ${first} AND ${last} AND m.kind = 'lot_membership' AND NOT m.stray_edges
      AND EXISTS (SELECT 1 FROM lineage_edge e WHERE e.from_id = m.to_id AND e.kind <> 'lot_membership'
        AND e.from_lot IS DISTINCT FROM m.from_id)`.execute(db);
}
