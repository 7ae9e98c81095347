import { sql, type Kysely } from 'kysely';

/**
 * Sensor reports carrying an alert condition, by event: recallImpact starts its excursion search
 * from these (few) rows instead of scanning every reading in the mirror.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('sensor_readings_alert_idx')
    .on('sensor_readings')
    .column('event_id')
    .where(sql<boolean>`exception IS NOT NULL`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sensor_readings_alert_idx').execute();
}
