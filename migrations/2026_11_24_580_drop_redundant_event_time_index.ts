import type { Kysely } from 'kysely';

/**
 * events_time_id_idx (event_time, event_id) from migration 510 serves every read that
 * events_event_time_idx (event_time) served, so the older index only cost writes: one more btree
 * insert per projected event.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('events_event_time_idx').ifExists().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('events_event_time_idx').on('events').column('event_time').execute();
}
