/**
 * How each mirror table is written and deduplicated. Column lists are checked against the Kysely
 * table types at compile time (every column listed once, none invented).
 */
import type { Database } from '../db/database.js';
import type { ChildTable } from '../db/mirror-closes.queries.js';
import type { TableSpec } from '../db/mirror-write.queries.js';
import { EVENT_TABLE_SPECS } from './event-table-specs.js';
import { PROJECTED_TABLES, type ProjectedTable } from './row-set.js';
import { columnsOf, provenance, spec } from './table-spec-helpers.js';

/** The write spec of every projected table (ORDERED_SPECS gives the write order). */
export const TABLE_SPECS: { readonly [T in ProjectedTable]: TableSpec } = {
  blocks: spec({
    table: 'blocks',
    // indexed_at is left to its default: it is the one column a replay may not reproduce.
    ...columnsOf<Omit<Database['blocks'], 'indexed_at'>>({
      number: 'bigint',
      header_hash: 'bytea',
      previous_hash: 'bytea',
      data_hash: 'bytea',
      tx_count: 'integer',
      is_config: 'boolean',
      block_time: 'timestamptz',
    }),
    key: ['number'],
    write: 'fact',
    insertOnly: true,
    blockColumn: 'number',
  }),
  transactions: spec({
    table: 'transactions',
    ...columnsOf<Database['transactions']>({
      block_number: 'bigint',
      tx_index: 'integer',
      tx_id: 'text',
      header_type: 'integer',
      validation_code: 'integer',
      creator_msp: 'text',
      endorser_msps: 'text[]',
      chaincode_name: 'text',
      function_name: 'text',
      tx_time: 'timestamptz',
      payload_version: 'integer',
      decode_error: 'text',
    }),
    key: ['block_number', 'tx_index'],
    write: 'fact',
    insertOnly: true,
  }),
  organizations: spec({
    table: 'organizations',
    ...columnsOf<Database['organizations']>({
      msp_id: 'text',
      name: 'text',
      role: 'text',
      party_ids: 'text[]',
      company_prefixes: 'text[]',
      ...provenance,
    }),
    key: ['msp_id'],
    write: 'state',
  }),
  parties: spec({
    table: 'parties',
    ...columnsOf<Database['parties']>({ party_id: 'text', msp_id: 'text', ...provenance }),
    key: ['party_id'],
    write: 'state',
  }),
  locations: spec({
    table: 'locations',
    ...columnsOf<Database['locations']>({
      location_id: 'text',
      name: 'text',
      address: 'text',
      latitude: 'double precision',
      longitude: 'double precision',
      owner_msp: 'text',
      ...provenance,
    }),
    key: ['location_id'],
    write: 'state',
  }),
  products: spec({
    table: 'products',
    ...columnsOf<Database['products']>({
      gtin: 'text',
      ndc: 'text',
      name: 'text',
      dosage_form: 'text',
      strength: 'text',
      unit_mass_kg: 'numeric',
      owner_msp: 'text',
      ...provenance,
    }),
    key: ['gtin'],
    write: 'state',
  }),
  identifier_state: spec({
    table: 'identifier_state',
    ...columnsOf<Database['identifier_state']>({
      epc: 'text',
      scheme: 'text',
      lot_class: 'text',
      gtin: 'text',
      owner_msp: 'text',
      owner_party: 'text',
      possessor_party: 'text',
      location: 'text',
      disposition: 'text',
      parent: 'text',
      in_transit_to_msp: 'text',
      in_transit_to_party: 'text',
      in_transit_to_location: 'text',
      unverified_origin: 'boolean',
      last_event_id: 'text',
      last_event_time: 'timestamptz',
      ...provenance,
    }),
    key: ['epc'],
    write: 'state',
  }),
  lots: spec({
    table: 'lots',
    ...columnsOf<Database['lots']>({
      lot_class: 'text',
      gtin: 'text',
      lot_number: 'text',
      expiry: 'text',
      owner_msp: 'text',
      quantity_produced: 'numeric',
      quantity_remaining: 'numeric',
      uom: 'text',
      unverified_origin: 'boolean',
      recall_id: 'text',
      disposition: 'text',
      serial_count: 'integer',
      held_by: 'jsonb',
      shipped_to: 'jsonb',
      last_event_id: 'text',
      ...provenance,
    }),
    key: ['lot_class'],
    write: 'state',
  }),
  recalls: spec({
    table: 'recalls',
    ...columnsOf<Database['recalls']>({
      recall_id: 'text',
      classification: 'text',
      reason: 'text',
      status: 'text',
      initiated_by_msp: 'text',
      initiated_at: 'timestamptz',
      closed_at: 'timestamptz',
      ...provenance,
    }),
    key: ['recall_id'],
    write: 'state',
  }),
  recall_lots: spec({
    table: 'recall_lots',
    ...columnsOf<Database['recall_lots']>({ recall_id: 'text', lot_class: 'text', ...provenance }),
    key: ['recall_id', 'lot_class'],
    write: 'state',
  }),
  emissions: spec({
    table: 'emissions',
    ...columnsOf<Database['emissions']>({
      emission_id: 'text',
      event_id: 'text',
      mode: 'text',
      distance_km: 'numeric',
      mass_kg: 'numeric',
      factor_id: 'text',
      factor_value: 'numeric',
      factor_source: 'text',
      factor_version: 'text',
      scope: 'text',
      co2e_kg: 'numeric',
      recorded_by_msp: 'text',
      ...provenance,
    }),
    key: ['emission_id'],
    write: 'state',
  }),
  footprints: spec({
    table: 'footprints',
    ...columnsOf<Database['footprints']>({
      footprint_id: 'text',
      product_ids: 'text[]',
      declared_unit_of_measurement: 'text',
      declared_unit_amount: 'numeric',
      pcf_excluding_biogenic_uptake: 'numeric',
      co2e_per_unit_kg: 'numeric',
      spec_version: 'text',
      converted_from_v2: 'boolean',
      submitted_by_msp: 'text',
      ...provenance,
    }),
    key: ['footprint_id'],
    write: 'state',
  }),
  ...EVENT_TABLE_SPECS,
};

/** Specs in write order. */
export const ORDERED_SPECS: readonly TableSpec[] = PROJECTED_TABLES.map((t) => TABLE_SPECS[t]);

/** Child tables whose rows follow their parent's latest record, with the parent table. */
export const CHILD_TABLES: readonly (ChildTable & { parent: ProjectedTable; parentKey: string })[] =
  [
    { table: 'parties', parentColumn: 'msp_id', parent: 'organizations', parentKey: 'msp_id' },
    { table: 'recall_lots', parentColumn: 'recall_id', parent: 'recalls', parentKey: 'recall_id' },
  ];

/**
 * The identity under which two rows of a table are "the same row" for deduplication. Lot
 * membership is one edge per (lot, serial) whichever event reported it (a partial unique index).
 */
export function dedupeKey(spec: TableSpec, row: Record<string, unknown>): string {
  if (spec.table === 'lineage_edge' && row.kind === 'lot_membership') {
    return `lot\u0000${String(row.from_id)}\u0000${String(row.to_id)}`;
  }
  let key = '';
  for (const column of spec.key) key += `${String(row[column])}\u0000`;
  return key;
}
