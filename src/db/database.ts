/**
 * Table types of the Postgres mirror, one interface per table, matching migrations/.
 * Select types are what the pg driver returns (int8 → bigint, numeric → string, timestamptz →
 * Date, bytea → Buffer); insert types also accept what the projector produces (JS numbers for
 * numeric, ISO strings for timestamps).
 */
import type { ColumnType, Generated } from 'kysely';

/** numeric: selected as an exact decimal string, written from a number or a string. */
export type Numeric = ColumnType<string, number | string, number | string>;
/** timestamptz: selected as a Date, written from a Date or an ISO 8601 string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** bytea: selected as a Buffer, written from any byte array. */
export type Bytea = ColumnType<Buffer, Uint8Array, Uint8Array>;
/** jsonb: any JSON value. */
export type Json = ColumnType<unknown, unknown, unknown>;

/** Every table Kysely knows about. */
export interface Database {
  indexer_checkpoint: IndexerCheckpointTable;
  indexer_chain_height: IndexerChainHeightTable;
  blocks: BlocksTable;
  transactions: TransactionsTable;
  organizations: OrganizationsTable;
  parties: PartiesTable;
  locations: LocationsTable;
  products: ProductsTable;
  events: EventsTable;
  event_identifiers: EventIdentifiersTable;
  biz_transactions: BizTransactionsTable;
  sensor_readings: SensorReadingsTable;
  lineage_edge: LineageEdgeTable;
  containment: ContainmentView;
  identifier_state: IdentifierStateTable;
  /** View: identifier_state with custody resolved through containers (migration 550). */
  identifier_current_state: IdentifierCurrentStateView;
  /** The same rule over one hop fewer: what a unit inside the container takes (migration 600). */
  container_custody: IdentifierCurrentStateView;
  lots: LotsTable;
  recalls: RecallsTable;
  recall_lots: RecallLotsTable;
  shipments: ShipmentsTable;
  custody_transfers: CustodyTransfersTable;
  emissions: EmissionsTable;
  footprints: FootprintsTable;
}

/** The chain height the indexer last saw (for lag in blocks). */
export interface IndexerChainHeightTable {
  channel: string;
  chain_height: bigint;
  observed_at: Generated<Date>;
}

/** The next block to read, per channel; written in the same transaction as that block's rows. */
export interface IndexerCheckpointTable {
  channel: string;
  next_block: bigint;
  updated_at: Generated<Date>;
}

/** Where a row came from (invariant 6): the transaction that wrote it and its position. */
export interface Provenance {
  tx_id: string;
  block_number: bigint;
  tx_index: number;
}

/** One block header and the facts about its contents. */
export interface BlocksTable {
  number: bigint;
  header_hash: Bytea;
  previous_hash: Bytea;
  data_hash: Bytea;
  tx_count: number;
  is_config: boolean;
  block_time: Timestamp | null;
  indexed_at: Generated<Date>;
}

/** Every transaction of every block, valid or not, keyed by position. */
export interface TransactionsTable {
  block_number: bigint;
  tx_index: number;
  tx_id: string;
  header_type: number;
  validation_code: number;
  creator_msp: string;
  endorser_msps: string[];
  chaincode_name: string | null;
  function_name: string | null;
  tx_time: Timestamp;
  payload_version: number | null;
  decode_error: string | null;
}

/** A trading partner's MSP with its GS1 party ids and company prefixes. */
export interface OrganizationsTable extends Provenance {
  msp_id: string;
  name: string;
  role: string;
  party_ids: string[];
  company_prefixes: string[];
}

/** A PGLN and the MSP it belongs to. */
export interface PartiesTable extends Provenance {
  party_id: string;
  msp_id: string;
}

/** A site (SGLN). */
export interface LocationsTable extends Provenance {
  location_id: string;
  name: string;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  owner_msp: string;
}

/** A trade item (GTIN). */
export interface ProductsTable extends Provenance {
  gtin: string;
  ndc: string | null;
  name: string;
  dosage_form: string | null;
  strength: string | null;
  unit_mass_kg: Numeric | null;
  owner_msp: string;
}

/** A captured EPCIS event; provenance is the capture, retraction columns the first errorDeclaration. */
export interface EventsTable extends Provenance {
  event_id: string;
  event_type: string;
  event_time: Timestamp;
  event_time_zone_offset: string;
  action: string | null;
  biz_step: string | null;
  disposition: string | null;
  read_point: string | null;
  biz_location: string | null;
  transformation_id: string | null;
  parent_id: string | null;
  event_id_generated: boolean;
  ilmd: Json | null;
  unverified_identifiers: string[];
  captured_by_msp: string;
  document: Json;
  content_hash: string | null;
  affected_lots: string[];
  retracted: boolean;
  retraction_time: Timestamp | null;
  retraction_reason: string | null;
  corrective_event_ids: string[] | null;
  retracted_tx_id: string | null;
  retracted_block_number: bigint | null;
  retracted_tx_index: number | null;
  record_index: number;
}

/** An identifier (instance or class) an event names, with its role. */
export interface EventIdentifiersTable extends Provenance {
  event_id: string;
  role: 'epc' | 'parent' | 'child' | 'input' | 'output' | 'contained';
  identifier: string;
  is_class: boolean;
  quantity: Numeric | null;
  uom: string | null;
  event_time: Timestamp;
}

/** A business transaction reference (po, desadv, …) of an event. */
export interface BizTransactionsTable extends Provenance {
  event_id: string;
  type: string;
  value: string;
}

/** One sensor report of an event. */
export interface SensorReadingsTable extends Provenance {
  event_id: string;
  reading_index: number;
  type: string;
  value: Numeric | null;
  min_value: Numeric | null;
  max_value: Numeric | null;
  uom: string | null;
  reading_time: Timestamp | null;
  device_id: string | null;
  exception: string | null;
  temperature_min_c: Numeric | null;
  temperature_max_c: Numeric | null;
  event_time: Timestamp;
}

/** The kinds of lineage edges. */
export type LineageKind = 'transformation' | 'aggregation' | 'lot_membership';

/** A directed lineage edge; aggregation edges close when unpacked. */
export interface LineageEdgeTable extends Provenance {
  from_id: string;
  to_id: string;
  kind: LineageKind;
  event_id: string;
  from_quantity: Numeric | null;
  from_uom: string | null;
  to_quantity: Numeric | null;
  to_uom: string | null;
  valid_from: Timestamp;
  valid_to: Timestamp | null;
  valid_to_event_id: string | null;
  closed_tx_id: string | null;
  closed_block_number: bigint | null;
  closed_tx_index: number | null;
  record_index: number;
  /**
   * Transformation and aggregation edges: the lot of from_id per its record in the same
   * transaction (migration 570). Lot-membership edges: NULL.
   */
  from_lot: string | null;
  /** Lot-membership edges: some edge out of the member carries another lot (set by the store). */
  stray_edges: Generated<boolean>;
}

/** Read-only view: aggregation edges as containment intervals. */
export interface ContainmentView {
  child_id: string;
  parent_id: string;
  valid_from_event_id: string;
  valid_from: Date;
  valid_to_event_id: string | null;
  valid_to: Date | null;
  tx_id: string;
  block_number: bigint;
  closed_tx_id: string | null;
  closed_block_number: bigint | null;
}

/** Latest state of one instance identifier, as the contract computed it. */
export interface IdentifierStateTable extends Provenance {
  epc: string;
  scheme: string;
  lot_class: string | null;
  gtin: string | null;
  owner_msp: string | null;
  owner_party: string | null;
  possessor_party: string | null;
  location: string | null;
  disposition: string | null;
  parent: string | null;
  in_transit_to_msp: string | null;
  in_transit_to_party: string | null;
  in_transit_to_location: string | null;
  unverified_origin: boolean;
  last_event_id: string;
  last_event_time: Timestamp;
}

/**
 * identifier_state with the custody columns taken from the latest member of the parent chain
 * (containment is lazy: chaincode/src/domain/containment.ts). Read-only.
 */
export interface IdentifierCurrentStateView extends IdentifierStateTable {
  /** The identifier (itself or a container) whose row supplied the custody columns. */
  custody_from: string;
}

/** Latest state of a lot. */
export interface LotsTable extends Provenance {
  lot_class: string;
  gtin: string;
  lot_number: string;
  expiry: string | null;
  owner_msp: string | null;
  quantity_produced: Numeric;
  quantity_remaining: Numeric;
  uom: string | null;
  unverified_origin: boolean;
  recall_id: string | null;
  disposition: string | null;
  serial_count: number | null;
  /** MSP id → quantity received by quantity and held (migration 620). */
  held_by: Json | null;
  /** MSP id → quantity shipped by quantity and not received yet (migration 620). */
  shipped_to: Json | null;
  last_event_id: string;
}

/** Latest state of a recall. */
export interface RecallsTable extends Provenance {
  recall_id: string;
  classification: string;
  reason: string;
  status: string;
  initiated_by_msp: string;
  initiated_at: Timestamp;
  closed_at: Timestamp | null;
}

/** A lot covered by a recall (provenance of the recall's latest record). */
export interface RecallLotsTable extends Provenance {
  recall_id: string;
  lot_class: string;
}

/** One identifier of a shipping event, and the receiving event that ended its transit. */
export interface ShipmentsTable extends Provenance {
  ship_event_id: string;
  identifier: string;
  is_class: boolean;
  quantity: Numeric | null;
  uom: string | null;
  ship_time: Timestamp;
  shipped_by_msp: string;
  source_party: string | null;
  source_location: string | null;
  destination_party: string | null;
  destination_location: string | null;
  receive_event_id: string | null;
  receive_time: Timestamp | null;
  received_by_msp: string | null;
  receive_tx_id: string | null;
  receive_block_number: bigint | null;
  receive_tx_index: number | null;
  record_index: number;
}

/** An ownership or possession change an event declared for one identifier. */
export interface CustodyTransfersTable extends Provenance {
  event_id: string;
  identifier: string;
  kind: 'ownership' | 'possession';
  from_party: string | null;
  to_party: string;
  biz_step: string | null;
  event_time: Timestamp;
}

/** A GLEC transport emission. */
export interface EmissionsTable extends Provenance {
  emission_id: string;
  event_id: string;
  mode: string;
  distance_km: Numeric;
  mass_kg: Numeric;
  factor_id: string;
  factor_value: Numeric;
  factor_source: string;
  factor_version: string;
  scope: string;
  co2e_kg: Numeric;
  recorded_by_msp: string;
}

/** A PACT product carbon footprint (v3 meaning). */
export interface FootprintsTable extends Provenance {
  footprint_id: string;
  product_ids: string[];
  declared_unit_of_measurement: string;
  declared_unit_amount: Numeric;
  pcf_excluding_biogenic_uptake: Numeric;
  co2e_per_unit_kg: Numeric;
  spec_version: string;
  converted_from_v2: boolean;
  submitted_by_msp: string;
}
