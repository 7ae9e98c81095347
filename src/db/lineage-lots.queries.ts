/**
 * Keeps lineage_edge.stray_edges (migration 570) true on every lot membership whose member has
 * an edge carrying another lot or none, so that a walk may take a non-stray member's edges from its
 * lot's range (lineage_edge_from_lot_idx) without probing the member. The flag only ever goes from
 * false to true and edges are never rewritten, so checking each batch's new rows against the
 * mirror is enough, and storing blocks one by one or in a batch ends with the same flags. verify
 * runs the same check over the mirror to find a flag cleared by hand.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from './database.js';

/**
 * SQL: the memberships not marked stray that blocks first..last make stray: pairs of a membership
 * and an edge out of its member under another lot, the later of the two in those blocks (so a
 * verify of an early range is not answered by rows of later blocks). Each with its ctid (as
 * `membership`), ends and block.
 */
function strayMemberships(first: bigint, last: bigint): RawBuilder<unknown> {
  // An edge of these blocks (LATERAL … OFFSET 0: one index probe per edge, whatever the planner
  // guesses); a membership of these blocks.
  return sql`
    SELECT mm.ctid AS membership, mm.from_id, mm.to_id, mm.block_number FROM lineage_edge e
    CROSS JOIN LATERAL (SELECT m.ctid, m.from_id, m.to_id, m.block_number FROM lineage_edge m
      WHERE m.to_id = e.from_id AND m.kind = 'lot_membership' AND NOT m.stray_edges
        AND m.block_number <= ${last} OFFSET 0) mm
    WHERE e.block_number BETWEEN ${first} AND ${last} AND e.kind <> 'lot_membership'
      AND mm.from_id IS DISTINCT FROM e.from_lot
    UNION
    SELECT m.ctid, m.from_id, m.to_id, m.block_number FROM lineage_edge m
    WHERE m.block_number BETWEEN ${first} AND ${last} AND m.kind = 'lot_membership' AND NOT m.stray_edges
      AND EXISTS (SELECT 1 FROM lineage_edge e WHERE e.from_id = m.to_id AND e.kind <> 'lot_membership'
        AND e.block_number <= ${last} AND e.from_lot IS DISTINCT FROM m.from_id)`;
}

/** Marks the memberships that the edges stored in blocks first..last make stray. */
export async function markStrayMemberships(
  db: Kysely<Database>,
  first: bigint,
  last: bigint,
): Promise<void> {
  await sql`UPDATE lineage_edge m SET stray_edges = true
    FROM (${strayMemberships(first, last)}) s WHERE m.ctid = s.membership`.execute(db);
}

/** A membership that should be marked stray and is not. */
export interface UnmarkedStrayMembership {
  lotClass: string;
  member: string;
  blockNumber: bigint;
}

/** The first membership (by block) that blocks first..last should have marked stray, if any. */
export async function findUnmarkedStrayMembership(
  db: Kysely<Database>,
  first: bigint,
  last: bigint,
): Promise<UnmarkedStrayMembership | undefined> {
  const { rows } = await sql<{ from_id: string; to_id: string; block_number: bigint }>`
    SELECT from_id, to_id, block_number FROM (${strayMemberships(first, last)}) s
    ORDER BY block_number, from_id, to_id LIMIT 1`.execute(db);
  const row = rows[0];
  return row === undefined
    ? undefined
    : { lotClass: row.from_id, member: row.to_id, blockNumber: row.block_number };
}
