/**
 * Operational analytics over the mirror: event counts per bizStep and period, dwell time per
 * location, transit time per lane. Each is one grouped statement; groups page by offset with the
 * group count from a window over the grouped rows. Offsets are positions, not keys: a group that
 * appears before the position between two pages (new data indexed meanwhile) shifts the next page
 * by one row. Keyset paging on the group columns would avoid that; these lists are small roll-ups
 * a BI tool reads in one go, so it was not built. A cursor carries a digest of its question.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { anyOf, type AnyOf } from './catalog-page.queries.js';
import type { Database } from './database.js';
import type { GroupPage } from './emissions.queries.js';
import { eventsQuery, type EventQuery } from './events.queries.js';

/** A calendar period to group by (UTC). */
export type Period = 'DAY' | 'WEEK' | 'MONTH';

/** Offset paging of groups. */
export interface GroupPaging {
  first: number;
  offset: number;
}

const UNIT = { DAY: 'day', WEEK: 'week', MONTH: 'month' } as const;

/** SQL: the start (UTC) of the period holding `column`. */
function periodStart(period: Period, column: string): RawBuilder<Date> {
  // A literal unit: GROUP BY must see the very expression the select list has.
  return sql<Date>`date_trunc(${sql.lit(UNIT[period])}, ${sql.ref(column)} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`;
}

const allOf = (conditions: RawBuilder<boolean>[]): RawBuilder<boolean> =>
  conditions.length === 0 ? sql<boolean>`true` : sql<boolean>`${sql.join(conditions, sql` AND `)}`;

/** Events per bizStep and period. */
export interface BizStepCountRow {
  period: Date;
  bizStep: string | null;
  events: number;
  retractedEvents: number;
  lastBlockNumber: bigint;
}

/** Counts events matching `f` per period and bizStep; retracted events are counted apart. */
export async function countEventsPerBizStep(
  db: Kysely<Database>,
  period: Period,
  f: EventQuery,
  page: GroupPaging,
): Promise<GroupPage<BizStepCountRow>> {
  const start = periodStart(period, 'e.event_time');
  const rows = await eventsQuery(db, f)
    .clearSelect()
    .select([
      start.as('period'),
      'e.biz_step as bizStep',
      sql<bigint>`count(*) FILTER (WHERE NOT e.retracted)`.as('events'),
      sql<bigint>`count(*) FILTER (WHERE e.retracted)`.as('retractedEvents'),
      sql<bigint>`max(e.block_number)`.as('lastBlockNumber'),
      sql<bigint>`count(*) OVER ()`.as('totalCount'),
    ])
    .groupBy([start, 'e.biz_step'])
    .orderBy(start)
    .orderBy('e.biz_step')
    .limit(page.first + 1)
    .offset(page.offset)
    .execute();
  return groupPage(rows, page, (r) => ({
    period: r.period,
    bizStep: r.bizStep,
    events: Number(r.events),
    retractedEvents: Number(r.retractedEvents),
    lastBlockNumber: r.lastBlockNumber,
  }));
}

/** Dwell conditions. */
export interface DwellQuery {
  location?: AnyOf;
  /** URN schemes of the identifiers counted (sgtin, sscc, …). */
  scheme?: AnyOf;
  from?: Date | null;
  to?: Date | null;
}

/** Time spent at one location between receipt and the next shipment. */
export interface DwellRow {
  locationId: string;
  stays: number;
  openReceipts: number;
  avgSeconds: number | null;
  minSeconds: number | null;
  maxSeconds: number | null;
  medianSeconds: number | null;
  p90Seconds: number | null;
  lastBlockNumber: bigint;
}

/**
 * Dwell per location: for each instance a receiving event named (or moved inside a named
 * container), the time until the next event of that instance is a shipping one. A receipt followed
 * by no shipment (still there, consumed, dispensed) is open; one followed by another receipt has no
 * dwell. `from`/`to` select receipts by event time.
 */
export async function dwellTimes(
  db: Kysely<Database>,
  f: DwellQuery,
  page: GroupPaging,
): Promise<GroupPage<DwellRow>> {
  const moves: RawBuilder<boolean>[] = [];
  if (f.scheme != null)
    moves.push(sql<boolean>`split_part(ei.identifier, ':', 4) = ANY(${[...f.scheme]}::text[])`);
  const receipts: RawBuilder<boolean>[] = [
    sql<boolean>`biz_step = 'receiving'`,
    sql<boolean>`location IS NOT NULL`,
  ];
  if (f.location != null) receipts.push(anyOf('location', f.location));
  if (f.from != null) receipts.push(sql<boolean>`event_time >= ${f.from}`);
  if (f.to != null) receipts.push(sql<boolean>`event_time < ${f.to}`);
  const result = await sql<
    DurationStats & {
      locationId: string;
      stays: bigint;
      openReceipts: bigint;
      lastBlockNumber: bigint;
      totalCount: bigint;
    }
  >`
    WITH moves AS (
      SELECT DISTINCT ei.identifier, e.event_id, e.event_time, e.biz_step, e.block_number,
        coalesce(e.biz_location, e.read_point) AS location
      FROM events e JOIN event_identifiers ei ON ei.event_id = e.event_id
      WHERE e.biz_step IN ('receiving', 'shipping') AND NOT e.retracted AND NOT ei.is_class
        AND ei.role IN ('epc', 'parent', 'child', 'contained') AND ${allOf(moves)}
    ),
    seq AS (
      SELECT m.*, lead(m.biz_step) OVER w AS next_step, lead(m.event_time) OVER w AS next_time,
        lead(m.block_number) OVER w AS next_block
      FROM moves m WINDOW w AS (PARTITION BY m.identifier ORDER BY m.event_time, m.event_id)
    ),
    stays AS (
      SELECT location, next_step, greatest(block_number, next_block) AS block,
        CASE WHEN next_step = 'shipping' THEN extract(epoch FROM next_time - event_time)::float8 END AS seconds
      FROM seq WHERE ${allOf(receipts)}
    )
    SELECT location AS "locationId", count(seconds) AS stays,
      count(*) FILTER (WHERE next_step IS NULL) AS "openReceipts", ${durationStats('seconds')},
      max(block) AS "lastBlockNumber", count(*) OVER () AS "totalCount"
    FROM stays GROUP BY location ORDER BY location
    LIMIT ${page.first + 1} OFFSET ${page.offset}`.execute(db);
  return groupPage(result.rows, page, (r) => ({
    locationId: r.locationId,
    stays: Number(r.stays),
    openReceipts: Number(r.openReceipts),
    ...stats(r),
    lastBlockNumber: r.lastBlockNumber,
  }));
}

/** Transit conditions (by ship time). */
export interface TransitQuery {
  fromLocation?: AnyOf;
  toLocation?: AnyOf;
  shippedByMsp?: AnyOf;
  from?: Date | null;
  to?: Date | null;
}

/** Ship → receive times of one lane (source location → destination location). */
export interface TransitRow {
  fromLocationId: string | null;
  toLocationId: string | null;
  shipments: number;
  items: number;
  received: number;
  inTransit: number;
  avgSeconds: number | null;
  minSeconds: number | null;
  maxSeconds: number | null;
  medianSeconds: number | null;
  p90Seconds: number | null;
  lastBlockNumber: bigint;
}

/** Transit times per lane over shipped identifiers; shipping events later retracted are left out. */
export async function transitTimes(
  db: Kysely<Database>,
  f: TransitQuery,
  page: GroupPaging,
): Promise<GroupPage<TransitRow>> {
  const where: RawBuilder<boolean>[] = [sql<boolean>`NOT ev.retracted`];
  if (f.fromLocation != null) where.push(anyOf('s.source_location', f.fromLocation));
  if (f.toLocation != null) where.push(anyOf('s.destination_location', f.toLocation));
  if (f.shippedByMsp != null) where.push(anyOf('s.shipped_by_msp', f.shippedByMsp));
  if (f.from != null) where.push(sql<boolean>`s.ship_time >= ${f.from}`);
  if (f.to != null) where.push(sql<boolean>`s.ship_time < ${f.to}`);
  const result = await sql<
    DurationStats & {
      fromLocationId: string | null;
      toLocationId: string | null;
      shipments: bigint;
      items: bigint;
      received: bigint;
      inTransit: bigint;
      lastBlockNumber: bigint;
      totalCount: bigint;
    }
  >`
    SELECT s.source_location AS "fromLocationId", s.destination_location AS "toLocationId",
      count(DISTINCT s.ship_event_id) AS shipments, count(*) AS items,
      count(s.receive_event_id) AS received, count(*) FILTER (WHERE s.receive_event_id IS NULL) AS "inTransit",
      ${durationStats('extract(epoch FROM s.receive_time - s.ship_time)::float8', true)},
      max(greatest(s.block_number, s.receive_block_number)) AS "lastBlockNumber", count(*) OVER () AS "totalCount"
    FROM shipments s JOIN events ev ON ev.event_id = s.ship_event_id
    WHERE ${allOf(where)}
    GROUP BY s.source_location, s.destination_location
    ORDER BY s.source_location, s.destination_location
    LIMIT ${page.first + 1} OFFSET ${page.offset}`.execute(db);
  return groupPage(result.rows, page, (r) => ({
    fromLocationId: r.fromLocationId,
    toLocationId: r.toLocationId,
    shipments: Number(r.shipments),
    items: Number(r.items),
    received: Number(r.received),
    inTransit: Number(r.inTransit),
    ...stats(r),
    lastBlockNumber: r.lastBlockNumber,
  }));
}

/** SQL: average, extremes, median and 90th percentile of a seconds expression (nulls ignored). */
function durationStats(expression: string, raw = false): RawBuilder<unknown> {
  const x = raw ? sql.raw(expression) : sql.ref(expression);
  return sql`avg(${x}) AS "avgSeconds", min(${x}) AS "minSeconds", max(${x}) AS "maxSeconds",
    percentile_cont(0.5) WITHIN GROUP (ORDER BY ${x}) AS "medianSeconds",
    percentile_cont(0.9) WITHIN GROUP (ORDER BY ${x}) AS "p90Seconds"`;
}

/** The columns durationStats selects (float8, so numbers; null over no durations). */
interface DurationStats {
  avgSeconds: number | null;
  minSeconds: number | null;
  maxSeconds: number | null;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

function stats(r: DurationStats): DurationStats {
  const { avgSeconds, minSeconds, maxSeconds, medianSeconds, p90Seconds } = r;
  return { avgSeconds, minSeconds, maxSeconds, medianSeconds, p90Seconds };
}

function groupPage<R extends { totalCount: unknown }, T>(
  rows: R[],
  page: GroupPaging,
  map: (r: R) => T,
): GroupPage<T> {
  return {
    rows: rows.slice(0, page.first).map(map),
    hasNextPage: rows.length > page.first,
    totalCount: Number(rows[0]?.totalCount ?? 0),
  };
}
