import { sql, type Kysely } from 'kysely';

/**
 * The recall summary reads the sensor alerts of a time window (from when the recalled goods came
 * into being up to asOf). Partial: only readings with an exception are indexed, a few hundred per
 * million events, so the index costs the projector next to nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('sensor_readings_alert_time_idx')
    .on('sensor_readings')
    .columns(['event_time', 'event_id'])
    .where(sql.ref('exception'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sensor_readings_alert_time_idx').ifExists().execute();
}
