import { sql, type Kysely } from 'kysely';

/** GLEC transport emissions per event and PACT product footprints (kg CO2e as numeric). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('emissions')
    .addColumn('emission_id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('distance_km', 'numeric', (c) => c.notNull())
    .addColumn('mass_kg', 'numeric', (c) => c.notNull())
    .addColumn('factor_id', 'text', (c) => c.notNull())
    .addColumn('factor_value', 'numeric', (c) => c.notNull())
    .addColumn('factor_source', 'text', (c) => c.notNull())
    .addColumn('factor_version', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('co2e_kg', 'numeric', (c) => c.notNull())
    .addColumn('recorded_by_msp', 'text', (c) => c.notNull())
    .addColumn('tx_id', 'text', (c) => c.notNull())
    .addColumn('block_number', 'bigint', (c) => c.notNull())
    .addColumn('tx_index', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('emissions_event_id_idx')
    .on('emissions')
    .column('event_id')
    .execute();
  await db.schema
    .createIndex('emissions_block_number_idx')
    .on('emissions')
    .column('block_number')
    .execute();

  await db.schema
    .createTable('footprints')
    .addColumn('footprint_id', 'text', (c) => c.primaryKey())
    .addColumn('product_ids', sql`text[]`, (c) => c.notNull())
    .addColumn('declared_unit_of_measurement', 'text', (c) => c.notNull())
    .addColumn('declared_unit_amount', 'numeric', (c) => c.notNull())
    .addColumn('pcf_excluding_biogenic_uptake', 'numeric', (c) => c.notNull())
    .addColumn('co2e_per_unit_kg', 'numeric', (c) => c.notNull())
    .addColumn('spec_version', 'text', (c) => c.notNull())
    .addColumn('converted_from_v2', 'boolean', (c) => c.notNull())
    .addColumn('submitted_by_msp', 'text', (c) => c.notNull())
    .addColumn('tx_id', 'text', (c) => c.notNull())
    .addColumn('block_number', 'bigint', (c) => c.notNull())
    .addColumn('tx_index', 'integer', (c) => c.notNull())
    .execute();
  // "Footprints of this GTIN or lot" is an array containment test.
  await db.schema
    .createIndex('footprints_product_ids_idx')
    .on('footprints')
    .column('product_ids')
    .using('gin')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('footprints').execute();
  await db.schema.dropTable('emissions').execute();
}
