import { sql, type Kysely } from 'kysely';

/**
 * The footprint walk asks, for every serial of a lot, whether a transformation made it (a lot made
 * as serialised outputs has no transformation edge of its own). Partial: transformations are a few
 * hundred edges per million events, so the thousands of look-ups of a big lot stay on a few pages
 * and the index costs the projector next to nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('lineage_edge_transformation_to_idx')
    .on('lineage_edge')
    .column('to_id')
    .where(sql.ref('kind'), '=', 'transformation')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('lineage_edge_transformation_to_idx').ifExists().execute();
}
