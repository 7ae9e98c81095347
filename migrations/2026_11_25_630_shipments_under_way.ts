import { sql, type Kysely } from 'kysely';

/**
 * The recall summary lists the shipments of affected goods under way at asOf. Probing every
 * affected item's shipments costs a probe per item (14,000 for a large recall); this index finds
 * the shipments under way at an instant, as many as goods on the road in the whole network, and
 * each is then tested against the affected set. The range is the time a shipment was under way:
 * from shipping to receipt, open while unreceived, and empty should a receipt carry an earlier
 * event time than its shipping (tstzrange would reject such bounds).
 * src/db/recall-sql.ts (underWay) writes the same expression, as the planner matches
 * an index to a query by its expression.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX shipments_under_way_idx ON shipments USING gist
    (tstzrange(ship_time, CASE WHEN receive_time < ship_time THEN ship_time ELSE receive_time END, '[)'))`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('shipments_under_way_idx').ifExists().execute();
}
