/**
 * Recall impact: everything downstream of recalled lots, who holds it, where it is, what is in
 * transit and which temperature alarms it went through. The affected set is computed ONCE per
 * statement (recall-affected.queries.ts) and every summary and the page are aggregated from it.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { BadUserInputError, NotFoundError } from '../errors.js';
import type { Database } from './database.js';
import { setLocalWorkMem } from './work-mem.queries.js';
import { recallCtes, type RecallScope } from './recall-affected.queries.js';
import {
  itemJson,
  namedRows,
  viaJson,
  viaOf,
  type ItemStatus,
  type RecallItemJson,
  type ViaJson,
} from './recall-item-json.js';
import {
  containmentOf,
  directContainers,
  fullJoined,
  memberOf,
  withContainers,
} from './recall-sql.js';
import {
  ALL_STATE_COLUMNS,
  STATUS_STATE_COLUMNS,
  type StateColumn,
} from './recall-state-columns.js';
import {
  toRecallItem,
  toRecallSummary,
  type RecallItem,
  type RecallSummary,
  type SummaryJson,
} from './recall-rows.js';

/** Which recall: a lot, or a recall record (its lots), as of an instant (default now). */
export interface RecallTarget {
  lot?: string | undefined;
  recallId?: string | undefined;
  asOf?: Date | undefined;
}

/** A recall record with its provenance. */
export interface RecallInfo {
  recallId: string;
  classification: string;
  reason: string;
  status: string;
  initiatedByMsp: string;
  initiatedAt: Date;
  closedAt: Date | null;
  lotClasses: string[];
  txId: string;
  blockNumber: bigint;
}

/** A resolved target: the root lots, the instant, and the recall record if there is one. */
export interface ResolvedRecall extends RecallScope {
  recall: RecallInfo | null;
}

/** The answer of a recall impact question: summary plus one page of items. */
export interface RecallImpactResult extends ResolvedRecall {
  totalCount: number;
  summary: RecallSummary;
  items: RecallItem[];
  hasNextPage: boolean;
}

export type { ItemStatus, RecallItem, RecallSummary };

/**
 * Resolves a target to its root lots and recall record.
 * @throws BadUserInputError unless exactly one of lot and recallId is given.
 * @throws NotFoundError for an unknown recall or a lot nothing in the mirror mentions.
 */
export async function resolveRecall(
  db: Kysely<Database>,
  target: RecallTarget,
): Promise<ResolvedRecall> {
  const asOf = target.asOf ?? new Date();
  if ((target.lot === undefined) === (target.recallId === undefined)) {
    throw new BadUserInputError(
      'give exactly one of lot (an lgtin URN) and recallId',
      target.lot === undefined ? 'lot' : 'recallId',
    );
  }
  if (target.recallId !== undefined) {
    const recall = await findRecall(db, target.recallId);
    if (recall === undefined)
      throw new NotFoundError(`recall ${target.recallId} is not in the mirror`);
    return { roots: recall.lotClasses, asOf, recall };
  }
  const lot = target.lot ?? '';
  const found = await sql<{ recall_id: string | null; known: boolean }>`
    SELECT (SELECT recall_id FROM lots WHERE lot_class = ${lot}) AS recall_id,
      EXISTS (SELECT 1 FROM lots WHERE lot_class = ${lot}) OR EXISTS (SELECT 1 FROM lineage_edge WHERE from_id = ${lot})
        OR EXISTS (SELECT 1 FROM event_identifiers WHERE identifier = ${lot}) AS known`.execute(db);
  const row = found.rows[0];
  if (row?.known !== true)
    throw new NotFoundError(
      `lot ${lot} is not in the mirror (no lot record and no event names it)`,
    );
  const recall = row.recall_id === null ? undefined : await findRecall(db, row.recall_id);
  return { roots: [lot], asOf, recall: recall ?? null };
}

async function findRecall(db: Kysely<Database>, recallId: string): Promise<RecallInfo | undefined> {
  const row = await db
    .selectFrom('recalls')
    .selectAll()
    .where('recall_id', '=', recallId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const lots = await db
    .selectFrom('recall_lots')
    .select('lot_class')
    .where('recall_id', '=', recallId)
    .orderBy('lot_class')
    .execute();
  return {
    recallId: row.recall_id,
    classification: row.classification,
    reason: row.reason,
    status: row.status,
    initiatedByMsp: row.initiated_by_msp,
    initiatedAt: row.initiated_at,
    closedAt: row.closed_at,
    lotClasses: lots.map((l) => l.lot_class),
    txId: row.tx_id,
    blockNumber: row.block_number,
  };
}

/** A part of the summary: a field of RecallSummary. */
export type SummaryPart = keyof RecallSummary;

/** Every part of the summary. */
export const SUMMARY_PARTS: readonly SummaryPart[] = [
  'byKind',
  'byStatus',
  'byParty',
  'byLocation',
  'lots',
  'inTransit',
  'excursions',
];

/**
 * What of a recall answer to compute. A part left out is answered empty (reachedVia null) and
 * costs the statement nothing: the API asks for what the operation selects, so a client counting
 * by status does not pay for sensor alerts and shipments. totalCount is always computed.
 */
export interface RecallParts {
  summary: ReadonlySet<SummaryPart>;
  /** The page of items (edges, pageInfo). */
  page: boolean;
  /** How each item of the page joined the affected set. */
  reachedVia: boolean;
  /**
   * The page's items with their details: lot, GTIN, owner, possessor, location, last event and
   * transaction. Without, an item has its id, kind, status, disposition, containers, in-transit
   * fields and last event time, and the others are null (a lot's still come from its lot record).
   */
  itemDetails: boolean;
}

/** The whole answer. */
export const ALL_RECALL_PARTS: RecallParts = {
  summary: new Set(SUMMARY_PARTS),
  page: true,
  reachedVia: true,
  itemDetails: true,
};

/** The state columns the statement reads for `parts` (see STATUS_STATE_COLUMNS). */
function stateColumnsFor(parts: RecallParts): ReadonlySet<StateColumn> {
  if (parts.page && parts.itemDetails) return ALL_STATE_COLUMNS;
  const columns = new Set(STATUS_STATE_COLUMNS);
  if (parts.summary.has('byParty')) columns.add('owner_msp').add('owner_party');
  if (parts.summary.has('byLocation')) columns.add('location');
  return columns;
}

/** A page request: at most `first` items after the item with id `after`. */
export interface RecallPage {
  first: number;
  after?: string | undefined;
}

/**
 * Memory for the recall statements' sorts, hashes and materialised CTEs (their transaction only):
 * at 10,000 items they outgrow the default 4 MB work_mem and spill to disk (about 10% of the
 * statement's time at 1M events).
 */
export const RECALL_WORK_MEM_MB = 64;

/**
 * SQL: the body of the `counts` CTE: detail counted by kind and by each column a breakdown asked
 * for, in one hash per item (the others are NULL constants). Every breakdown, and the total, then
 * sums this small table: cheaper than grouping sets, which hash every item once per set.
 */
function countsSql(summary: ReadonlySet<SummaryPart>): RawBuilder<unknown> {
  const column = (name: string, part: SummaryPart): RawBuilder<unknown> =>
    summary.has(part) ? sql.ref(name) : sql`NULL::text AS ${sql.ref(name)}`;
  return sql`SELECT kind, ${column('status', 'byStatus')}, ${column('owner_msp', 'byParty')},
    ${column('owner_party', 'byParty')}, ${column('location', 'byLocation')}, count(*) AS n
    FROM detail GROUP BY 1, 2, 3, 4, 5`;
}

/**
 * SQL of each summary part over the CTEs of the statement (detail, counts, alarmed, in_transit,
 * carried), with its JSON name in the answer. A CTE only a part left out reads is never run.
 */
const SUMMARY_SQL: Record<SummaryPart, [string, RawBuilder<unknown>]> = {
  byKind: [
    'by_kind',
    sql`(SELECT json_agg(json_build_object('key', kind, 'count', n))
        FROM (SELECT kind, sum(n) AS n FROM counts GROUP BY kind) x)`,
  ],
  byStatus: [
    'by_status',
    sql`(SELECT json_agg(json_build_object('status', status, 'count', n) ORDER BY status)
        FROM (SELECT status, sum(n) AS n FROM counts WHERE kind <> 'LOT' GROUP BY status) x)`,
  ],
  byParty: [
    'by_party',
    sql`(SELECT json_agg(json_build_object('owner_msp', owner_msp, 'owner_party', owner_party, 'count', n)
          ORDER BY n DESC, owner_msp, owner_party)
        FROM (SELECT owner_msp, owner_party, sum(n) AS n FROM counts WHERE kind <> 'LOT'
              GROUP BY owner_msp, owner_party) x)`,
  ],
  byLocation: [
    'by_location',
    sql`(SELECT json_agg(json_build_object('location', x.location, 'name', loc.name, 'count', x.n)
          ORDER BY x.n DESC, x.location)
        FROM (SELECT location, sum(n) AS n FROM counts WHERE kind <> 'LOT' GROUP BY location) x
        LEFT JOIN locations loc ON loc.location_id = x.location)`,
  ],
  lots: [
    'lots',
    sql`(SELECT json_agg(json_build_object('lot_class', l.lot_class, 'gtin', l.gtin, 'lot_number', l.lot_number,
          'owner_msp', l.owner_msp, 'quantity_produced', l.quantity_produced, 'quantity_remaining', l.quantity_remaining,
          'uom', l.uom, 'disposition', l.disposition, 'recall_id', l.recall_id,
          'held_by', l.held_by, 'shipped_to', l.shipped_to, 'tx_id', l.tx_id,
          'block_number', l.block_number::text) ORDER BY l.lot_class)
        FROM detail d JOIN lots l ON l.lot_class = d.id)`,
  ],
  inTransit: [
    'in_transit',
    sql`(SELECT json_agg(json_build_object('ship_event_id', sh.ship_event_id, 'identifier', sh.identifier,
          'ship_time', sh.ship_time, 'shipped_by_msp', sh.shipped_by_msp, 'source_party', sh.source_party,
          'source_location', sh.source_location, 'destination_party', sh.destination_party,
          'destination_location', sh.destination_location, 'tx_id', sh.tx_id, 'block_number', sh.block_number::text,
          'affected_items', COALESCE(sh.carried_items, 0) + 1)
          ORDER BY sh.ship_time, sh.identifier)
        FROM ${fullJoined(sql`SELECT sh.*, sh.identifier AS id, ca.n AS carried_items
          FROM in_transit sh FULL JOIN carried ca ON ca.container = sh.identifier`)} sh)`,
  ],
  excursions: [
    'excursions',
    sql`(SELECT json_agg(json_build_object('event_id', r.event_id, 'reading_index', r.reading_index,
          'biz_step', ev.biz_step, 'event_time', r.event_time, 'type', r.type, 'exception', r.exception,
          'temperature_min_c', r.temperature_min_c, 'temperature_max_c', r.temperature_max_c,
          'device_id', r.device_id, 'location', COALESCE(ev.biz_location, ev.read_point), 'tx_id', r.tx_id,
          'block_number', r.block_number::text, 'affected_items', t.n)
          ORDER BY r.event_time, r.event_id, r.reading_index)
        FROM alarmed t
        JOIN sensor_readings r ON r.event_id = t.event_id AND r.exception IS NOT NULL
        JOIN events ev ON ev.event_id = r.event_id AND NOT ev.retracted)`,
  ],
};

/**
 * The impact of a recall: summary over the whole affected set and one page of items ordered by
 * id, in ONE statement (the affected set is materialised once and aggregated). Only the `parts`
 * asked for are computed; the others are answered empty.
 * @throws BadUserInputError or NotFoundError from resolveRecall.
 */
export async function findRecallImpact(
  db: Kysely<Database>,
  target: RecallTarget,
  page: RecallPage,
  parts: RecallParts = ALL_RECALL_PARTS,
): Promise<RecallImpactResult> {
  const resolved = await resolveRecall(db, target);
  const { asOf } = resolved;
  const wants = (part: SummaryPart): boolean => parts.summary.has(part);
  // Each part as `'key', expression`; a part not wanted is NULL, an empty list.
  const summaryJson = sql.join(
    SUMMARY_PARTS.map((part) => {
      const [key, expression] = SUMMARY_SQL[part];
      return sql`${sql.lit(key)}, ${wants(part) ? expression : sql`NULL`}`;
    }),
  );
  const pageSql = sql`(SELECT json_agg(json_build_object('item', p.item, 'via', p.via) ORDER BY p.id)
    FROM (SELECT d.id, ${itemJson('d')} AS item, ${parts.reachedVia ? viaOf('d', asOf) : sql`NULL::json`} AS via
          FROM ${namedRows(withContainers(sql`page_rows`, 'page_direct'), 'd')}) p)`;
  // The page's rows, and their direct containers, probed for those rows only.
  const pageCtes = sql`,
    page_rows AS MATERIALIZED (
      SELECT * FROM detail WHERE ${page.after ?? null}::text IS NULL OR id > ${page.after ?? null}::text
      ORDER BY id LIMIT ${page.first + 1}
    ),
    page_direct AS MATERIALIZED (${directContainers(containmentOf('page_rows', asOf))})`;
  const statement = sql<{
    answer: SummaryJson & { page: { item: RecallItemJson; via: ViaJson | null }[] | null };
  }>`
    WITH RECURSIVE ${recallCtes(resolved, stateColumnsFor(parts))}${parts.page ? pageCtes : sql``},
    -- Every count of the summary in one pass over detail, by kind (so that lots can be left out
    -- of all but by_kind) and the columns of the breakdowns asked for.
    counts AS MATERIALIZED (${countsSql(parts.summary)}),
    -- Events with an alarm reading and the number of affected items they touched: one count per
    -- event (a fence, so that the count is not repeated for each of an event's readings). Only
    -- alarms between \`since\` and asOf: earlier ones (a reused pallet's previous trips) were not
    -- on the way of the recalled goods. A made lot (listed, not walked) does not count: an alarm
    -- naming it by quantity was not on the way of its serials made from the recalled goods.
    alarmed AS MATERIALIZED (
      SELECT f.event_id, n.n
      FROM (SELECT DISTINCT event_id FROM sensor_readings
            WHERE exception IS NOT NULL AND event_time <= ${asOf} AND event_time >= (SELECT t FROM since)) f
      CROSS JOIN LATERAL (SELECT count(DISTINCT ei.identifier) AS n FROM event_identifiers ei
        WHERE ei.event_id = f.event_id AND ${memberOf(sql`ei.identifier`, 'detail')}
          AND NOT ${memberOf(sql`ei.identifier`, 'made_lots')}) n
      WHERE n.n > 0
    )
    SELECT json_build_object(
      'total', (SELECT COALESCE(sum(n), 0) FROM counts),
      ${summaryJson},
      'page', ${parts.page ? pageSql : sql`NULL`}
    ) AS answer`;
  const result = await db.transaction().execute(async (trx) => {
    await setLocalWorkMem(trx, RECALL_WORK_MEM_MB);
    return statement.execute(trx);
  });
  const answer = result.rows[0]?.answer;
  if (answer === undefined) throw new Error('recall impact statement returned no row');
  const rows = answer.page ?? [];
  return {
    ...resolved,
    totalCount: answer.total,
    summary: toRecallSummary(answer),
    items: rows.slice(0, page.first).map((r) => toRecallItem(r.item, r.via)),
    hasNextPage: rows.length > page.first,
  };
}

/**
 * Streams every affected item, ordered by id, in chunks of `chunkSize` through a server-side
 * cursor: the affected set is computed once and never held in memory whole. Resolves to the count.
 * @throws BadUserInputError or NotFoundError from resolveRecall, before any chunk.
 */
export async function streamRecallItems(
  db: Kysely<Database>,
  target: RecallTarget,
  chunkSize: number,
  onChunk: (items: RecallItem[], resolved: ResolvedRecall) => Promise<void>,
): Promise<number> {
  const resolved = await resolveRecall(db, target);
  return db.transaction().execute(async (trx) => {
    await setLocalWorkMem(trx, RECALL_WORK_MEM_MB);
    // The cursor stays open while the client reads; should the process stall between chunks,
    // the server ends the transaction rather than hold its snapshot and connection for good.
    await sql`SET LOCAL idle_in_transaction_session_timeout = '120s'`.execute(trx);
    await sql`DECLARE recall_items NO SCROLL CURSOR FOR
      WITH RECURSIVE ${recallCtes(resolved)}
      SELECT ${itemJson('d')} AS item, d.via FROM ${namedRows(
        fullJoined(
          sql`SELECT d.*, ${viaJson('v')} AS via FROM ${withContainers(sql`detail`)} d
            FULL JOIN reached v ON v.to_id = d.id`,
        ),
        'd',
      )}
      ORDER BY d.id`.execute(trx);
    let count = 0;
    for (;;) {
      const chunk = await sql<{
        item: RecallItemJson;
        via: ViaJson | null;
      }>`FETCH ${sql.raw(String(Math.trunc(chunkSize)))} FROM recall_items`.execute(trx);
      if (chunk.rows.length === 0) break;
      count += chunk.rows.length;
      await onChunk(
        chunk.rows.map((r) => toRecallItem(r.item, r.via)),
        resolved,
      );
    }
    await sql`CLOSE recall_items`.execute(trx);
    return count;
  });
}
