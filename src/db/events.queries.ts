/**
 * Event reads: EPCIS-query-style filtering (MATCH_epc, MATCH_anyEPC, EQ_bizStep, GE/LT_eventTime,
 * …) over the events table, keyset pages on (event_time, event_id), and the per-event detail
 * (identifiers, business transactions, sensor readings) in batches for the DataLoaders.
 */
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { EpcisEventType } from '../../chaincode/src/payload.js';
import { cbvShortName } from '../indexer/cbv.js';
import {
  anyOf,
  keysetPage,
  whereAny,
  type AnyOf,
  type Page,
  type PageQuery,
  type Provenanced,
} from './catalog-page.queries.js';
import { num, provenanceOf } from './catalog.queries.js';
import type { Database, EventIdentifiersTable, EventsTable } from './database.js';

/** An event as the API returns it. */
export interface EventRow extends Provenanced {
  eventId: string;
  eventIdGenerated: boolean;
  eventType: EpcisEventType;
  eventTime: Date;
  eventTimeZoneOffset: string;
  action: string | null;
  bizStep: string | null;
  disposition: string | null;
  readPoint: string | null;
  bizLocation: string | null;
  parentId: string | null;
  transformationId: string | null;
  capturedByMsp: string;
  contentHash: string | null;
  affectedLots: string[];
  unverifiedIdentifiers: string[];
  ilmd: unknown;
  document: unknown;
  retracted: boolean;
  retractionTime: Date | null;
  retractionReason: string | null;
  correctiveEventIds: string[] | null;
  retractedTxId: string | null;
  retractedBlockNumber: bigint | null;
  txIndex: number;
}

/** Converts an events row. */
export function toEvent(r: Selectable<EventsTable>): EventRow {
  return {
    eventId: r.event_id,
    eventIdGenerated: r.event_id_generated, // The mirror holds only what the contract validated: one of the five EPCIS types.
    eventType: r.event_type as EpcisEventType,
    eventTime: r.event_time,
    eventTimeZoneOffset: r.event_time_zone_offset,
    action: r.action,
    bizStep: r.biz_step,
    disposition: r.disposition,
    readPoint: r.read_point,
    bizLocation: r.biz_location,
    parentId: r.parent_id,
    transformationId: r.transformation_id,
    capturedByMsp: r.captured_by_msp,
    contentHash: r.content_hash,
    affectedLots: r.affected_lots,
    unverifiedIdentifiers: r.unverified_identifiers,
    ilmd: r.ilmd,
    document: r.document,
    retracted: r.retracted,
    retractionTime: r.retraction_time,
    retractionReason: r.retraction_reason,
    correctiveEventIds: r.corrective_event_ids,
    retractedTxId: r.retracted_tx_id,
    retractedBlockNumber: r.retracted_block_number,
    txIndex: r.tx_index,
    ...provenanceOf(r),
  };
}

/** Event list conditions; list values are alternatives, all given conditions must hold. */
export interface EventQuery {
  eventId?: AnyOf;
  epc?: AnyOf;
  anyEPC?: AnyOf;
  affectedEPC?: AnyOf;
  anyEPCClass?: AnyOf;
  bizStep?: AnyOf;
  disposition?: AnyOf;
  eventType?: AnyOf;
  location?: AnyOf;
  parentId?: AnyOf;
  capturedByMsp?: AnyOf;
  party?: AnyOf;
  bizTransaction?: AnyOf;
  transformationId?: AnyOf;
  from?: Date | null;
  to?: Date | null;
  fromBlock?: bigint | null;
  retracted?: boolean | null;
}

/** The roles each EPC matcher looks at (EPCIS 2.0 query semantics; `contained` is ours). */
export const EPC_ROLES = {
  epc: ['epc', 'child'],
  anyEPC: ['epc', 'parent', 'child', 'input', 'output'],
  affectedEPC: ['epc', 'parent', 'child', 'input', 'output', 'contained'],
} as const satisfies Record<string, readonly EventIdentifiersTable['role'][]>;

/** SQL: the event names one of `ids` in one of `roles` (instances, or classes when `classes`). */
function naming(
  ids: readonly string[],
  roles: readonly string[],
  classes: boolean,
): RawBuilder<boolean> {
  return sql<boolean>`e.event_id IN (SELECT ei.event_id FROM event_identifiers ei
    WHERE ${anyOf('ei.identifier', ids)} AND ${anyOf('ei.role', roles)} AND ei.is_class = ${classes})`;
}

/** SQL: a party is named as source or destination (custody changes and shipments record them). */
function namingParty(parties: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`e.event_id IN (
    SELECT ct.event_id FROM custody_transfers ct WHERE ${anyOf('ct.to_party', parties)} OR ${anyOf('ct.from_party', parties)}
    UNION SELECT s.ship_event_id FROM shipments s WHERE ${anyOf('s.source_party', parties)} OR ${anyOf('s.destination_party', parties)})`;
}

const shortNames = (values: AnyOf): AnyOf => values?.map((v) => cbvShortName(v) ?? v);

/** Events matching `f`, as a query to page or count. */
export function eventsQuery(db: Kysely<Database>, f: EventQuery) {
  let q = db.selectFrom('events as e').selectAll('e');
  for (const [column, values] of [
    ['e.event_id', f.eventId],
    ['e.biz_step', shortNames(f.bizStep)],
    ['e.disposition', shortNames(f.disposition)],
    ['e.event_type', f.eventType],
    ['e.parent_id', f.parentId],
    ['e.captured_by_msp', f.capturedByMsp],
    ['e.transformation_id', f.transformationId],
  ] as const) {
    q = whereAny(q, column, values);
  }
  if (f.epc != null) q = q.where(naming(f.epc, EPC_ROLES.epc, false));
  if (f.anyEPC != null) q = q.where(naming(f.anyEPC, EPC_ROLES.anyEPC, false));
  if (f.affectedEPC != null) q = q.where(naming(f.affectedEPC, EPC_ROLES.affectedEPC, false));
  if (f.anyEPCClass != null) q = q.where(naming(f.anyEPCClass, EPC_ROLES.affectedEPC, true));
  if (f.location != null)
    q = q.where(
      sql<boolean>`(${anyOf('e.biz_location', f.location)} OR ${anyOf('e.read_point', f.location)})`,
    );
  if (f.party != null) q = q.where(namingParty(f.party));
  if (f.bizTransaction != null) {
    q = q.where(
      sql<boolean>`e.event_id IN (SELECT bt.event_id FROM biz_transactions bt WHERE ${anyOf('bt.value', f.bizTransaction)})`,
    );
  }
  if (f.from != null) q = q.where('e.event_time', '>=', f.from);
  if (f.to != null) q = q.where('e.event_time', '<', f.to);
  if (f.fromBlock != null) q = q.where('e.block_number', '>=', f.fromBlock);
  if (f.retracted != null) q = q.where('e.retracted', '=', f.retracted);
  return q;
}

const EVENT_KEY = [
  { column: 'e.event_time', type: 'timestamptz' },
  { column: 'e.event_id', type: 'text' },
] as const;

/** A page of events by (event_time, event_id), ascending or descending. */
export function findEvents(
  db: Kysely<Database>,
  f: EventQuery,
  page: PageQuery,
  desc: boolean,
): Promise<Page<EventRow>> {
  // The contract truncates event times to milliseconds, so the ISO text of a Date is exact.
  return keysetPage(
    eventsQuery(db, f),
    EVENT_KEY,
    page,
    toEvent,
    (r) => [r.event_time.toISOString(), r.event_id],
    desc,
  );
}

/** Events by eventID (batch). */
export async function eventsById(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<EventRow[]> {
  return (
    await db.selectFrom('events as e').selectAll('e').where(anyOf('e.event_id', ids)).execute()
  ).map(toEvent);
}

/** Events captured, or declared erroneous, in block `block`, in ledger order. */
export async function eventsInBlock(db: Kysely<Database>, block: bigint): Promise<EventRow[]> {
  const rows = await db
    .selectFrom('events as e')
    .selectAll('e')
    .where((eb) =>
      eb.or([eb('e.block_number', '=', block), eb('e.retracted_block_number', '=', block)]),
    )
    .orderBy('e.tx_index')
    .orderBy('e.record_index')
    .execute();
  return rows.map(toEvent);
}

/** An identifier named by an event. */
export interface EventIdentifierRow {
  eventId: string;
  role: EventIdentifiersTable['role'];
  identifier: string;
  isClass: boolean;
  quantity: number | null;
  uom: string | null;
}

/** Identifiers named by events (batch, ordered by event, role, identifier). */
export async function identifiersOfEvents(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<EventIdentifierRow[]> {
  const rows = await db
    .selectFrom('event_identifiers')
    .select(['event_id', 'role', 'identifier', 'is_class', 'quantity', 'uom'])
    .where(anyOf('event_id', ids))
    .orderBy('event_id')
    .orderBy('role')
    .orderBy('identifier')
    .execute();
  return rows.map((r) => ({
    eventId: r.event_id,
    role: r.role,
    identifier: r.identifier,
    isClass: r.is_class,
    quantity: num(r.quantity),
    uom: r.uom,
  }));
}

/** A business transaction reference of an event. */
export interface BizTransactionRow {
  eventId: string;
  type: string;
  value: string;
}

/** Business transactions of events (batch). */
export function bizTransactionsOfEvents(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<BizTransactionRow[]> {
  return db
    .selectFrom('biz_transactions')
    .select(['event_id as eventId', 'type', 'value'])
    .where(anyOf('event_id', ids))
    .orderBy('event_id')
    .orderBy('type')
    .orderBy('value')
    .execute();
}

/** A sensor reading of an event. */
export interface SensorReadingRow {
  eventId: string;
  readingIndex: number;
  type: string;
  value: number | null;
  minValue: number | null;
  maxValue: number | null;
  uom: string | null;
  time: Date | null;
  deviceId: string | null;
  exception: string | null;
  temperatureMinC: number | null;
  temperatureMaxC: number | null;
}

/** Sensor readings of events (batch, in report order). */
export async function sensorReadingsOfEvents(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<SensorReadingRow[]> {
  const rows = await db
    .selectFrom('sensor_readings')
    .selectAll()
    .where(anyOf('event_id', ids))
    .orderBy('event_id')
    .orderBy('reading_index')
    .execute();
  return rows.map((r) => ({
    eventId: r.event_id,
    readingIndex: r.reading_index,
    type: r.type,
    value: num(r.value),
    minValue: num(r.min_value),
    maxValue: num(r.max_value),
    uom: r.uom,
    time: r.reading_time,
    deviceId: r.device_id,
    exception: r.exception,
    temperatureMinC: num(r.temperature_min_c),
    temperatureMaxC: num(r.temperature_max_c),
  }));
}
