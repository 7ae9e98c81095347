import { sql, type Kysely } from 'kysely';

/**
 * Indexes the read API's lists and filters need: keyset orders of events and shipments, events by
 * location, party and capturing organisation, identifiers by GTIN. A plain CREATE INDEX blocks the
 * indexer's writes while it builds; on a large mirror run this migration in a quiet window.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // events(filter, after) pages on (event_time, event_id), in both directions.
  await db.schema
    .createIndex('events_time_id_idx')
    .on('events')
    .columns(['event_time', 'event_id'])
    .execute();
  await db.schema
    .createIndex('events_biz_location_time_idx')
    .on('events')
    .columns(['biz_location', 'event_time'])
    .where(sql<boolean>`biz_location IS NOT NULL`)
    .execute();
  await db.schema
    .createIndex('events_read_point_time_idx')
    .on('events')
    .columns(['read_point', 'event_time'])
    .where(sql<boolean>`read_point IS NOT NULL`)
    .execute();
  await db.schema
    .createIndex('events_captured_by_time_idx')
    .on('events')
    .columns(['captured_by_msp', 'event_time'])
    .execute();
  // events(filter: { party }) finds the events naming a party through custody changes and shipments.
  await db.schema
    .createIndex('custody_transfers_to_party_idx')
    .on('custody_transfers')
    .column('to_party')
    .execute();
  await db.schema
    .createIndex('custody_transfers_from_party_idx')
    .on('custody_transfers')
    .column('from_party')
    .where(sql<boolean>`from_party IS NOT NULL`)
    .execute();
  // shipments(filter, after) pages on (ship_time, ship_event_id, identifier).
  await db.schema
    .createIndex('shipments_time_key_idx')
    .on('shipments')
    .columns(['ship_time', 'ship_event_id', 'identifier'])
    .execute();
  await db.schema
    .createIndex('shipments_source_party_idx')
    .on('shipments')
    .column('source_party')
    .where(sql<boolean>`source_party IS NOT NULL`)
    .execute();
  await db.schema
    .createIndex('shipments_destination_party_idx')
    .on('shipments')
    .column('destination_party')
    .where(sql<boolean>`destination_party IS NOT NULL`)
    .execute();
  await db.schema
    .createIndex('identifier_state_gtin_idx')
    .on('identifier_state')
    .column('gtin')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of [
    'identifier_state_gtin_idx',
    'shipments_destination_party_idx',
    'shipments_source_party_idx',
    'shipments_time_key_idx',
    'custody_transfers_from_party_idx',
    'custody_transfers_to_party_idx',
    'events_captured_by_time_idx',
    'events_read_point_time_idx',
    'events_biz_location_time_idx',
    'events_time_id_idx',
  ]) {
    await db.schema.dropIndex(name).execute();
  }
}
