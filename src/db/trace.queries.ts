/**
 * Trace: the history of one unit (or case, or lot) in time order: the events that name it, plus
 * the events of every container while it was inside (containment intervals, walked up the
 * packing hierarchy with one recursive CTE and intersected level by level, so a unit is on a
 * pallet only while its case is). Error-declared events are left out: they no longer count.
 */
import { sql, type Kysely } from 'kysely';
import { cbvShortName } from '../indexer/cbv.js';
import { NotFoundError } from '../errors.js';
import type { Database } from './database.js';
import { edgeRange, liveEdge, nodeKind, type NodeKind } from './lineage.queries.js';

/** Most entries one trace returns. */
export const MAX_TRACE_ENTRIES = 1_000;

/**
 * Where an entry stands in the trace's order (event time, then ledger order): the event time as
 * UTC text to the microsecond (exactly what the mirror holds), block, transaction and record.
 */
export type TracePosition = [
  eventTime: string,
  block: string,
  txIndex: string,
  recordIndex: string,
];

/** Which entries: at most `first`, after the entry at `after` (from the start without). */
export interface TracePage {
  first: number;
  after?: TracePosition | undefined;
}

/** A time the traced object spent inside a container (directly at depth 1, else through others). */
export interface Containment {
  container: string;
  depth: number;
  /** The container it sat in at the level below (null at depth 1). */
  via: string | null;
  from: Date;
  to: Date | null;
  packEventId: string;
  unpackEventId: string | null;
  txId: string;
  blockNumber: bigint;
  closedTxId: string | null;
  closedBlockNumber: bigint | null;
}

/** A source or destination an event declared. */
export interface TraceParty {
  side: 'SOURCE' | 'DESTINATION';
  type: string;
  value: string;
}

/** One event in the history. */
export interface TraceEntry {
  eventId: string;
  eventType: string;
  eventTime: Date;
  action: string | null;
  bizStep: string | null;
  disposition: string | null;
  readPoint: string | null;
  bizLocation: string | null;
  locationName: string | null;
  /** How the event named the object itself (epc, child, …, or contained); null when only a container was named. */
  roles: string[];
  /** Containers holding the object that the event named. */
  containers: string[];
  parties: TraceParty[];
  bizTransactions: { type: string; value: string }[];
  capturedByMsp: string;
  excursion: boolean;
  temperatureMinC: number | null;
  temperatureMaxC: number | null;
  txId: string;
  blockNumber: bigint;
}

/** The current state of the traced object, with provenance. */
export interface TraceState {
  ownerMsp: string | null;
  ownerParty: string | null;
  location: string | null;
  disposition: string | null;
  parent: string | null;
  txId: string;
  blockNumber: bigint;
}

/** The answer. */
export interface TraceResult {
  epc: string;
  kind: NodeKind;
  state: TraceState | null;
  containments: Containment[];
  entries: TraceEntry[];
  /** More entries follow the last one returned. */
  truncated: boolean;
  /** The position of the last entry returned (null when none), to ask for the next ones. */
  end: TracePosition | null;
}

interface TraceJson {
  kind: NodeKind;
  state: Record<string, string | null> | null;
  containments: Record<string, string | number | null>[] | null;
  entries:
    | (Record<string, unknown> & {
        parties: { side: TraceParty['side']; type: string | null; value: string | null }[] | null;
      })[]
    | null;
}

const listOf = (document: string, key: string, side: string, valueKey: string) =>
  sql`SELECT json_build_object('side', ${side}::text, 'type', p->>'type', 'value', p->>${valueKey})
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(${sql.ref(document)}->${key}) = 'array' THEN ${sql.ref(document)}->${key} ELSE '[]' END) p`;

/**
 * The trace of `epc`: containment intervals and a page of events (at most MAX_TRACE_ENTRIES),
 * oldest first.
 * @throws NotFoundError when no event names the identifier and the mirror holds no state for it.
 */
export async function findTrace(
  db: Kysely<Database>,
  epc: string,
  page: TracePage = { first: MAX_TRACE_ENTRIES },
): Promise<TraceResult> {
  const after = page.after;
  const start =
    after === undefined
      ? sql`true`
      : sql`(ev.event_time, ev.block_number, ev.tx_index, ev.record_index)
          > (${after[0]}::timestamptz, ${after[1]}::bigint, ${after[2]}::int, ${after[3]}::int)`;
  const result = await sql<{ answer: TraceJson }>`
    WITH RECURSIVE chain(container, via, depth, win, edge_event, closed_event, tx_id, block_number, closed_tx_id, closed_block_number) AS (
      SELECT e.to_id, NULL::text, 1, ${edgeRange('e')}, e.event_id, e.valid_to_event_id, e.tx_id, e.block_number, e.closed_tx_id, e.closed_block_number
      FROM lineage_edge e WHERE e.from_id = ${epc} AND e.kind = 'aggregation' AND ${liveEdge('e')}
      UNION
      SELECT p.to_id, c.container, c.depth + 1, c.win * ${edgeRange('p')}, p.event_id, p.valid_to_event_id, p.tx_id, p.block_number, p.closed_tx_id, p.closed_block_number
      FROM chain c JOIN lineage_edge p ON p.from_id = c.container AND p.kind = 'aggregation'
      WHERE c.depth < 16 AND c.win && ${edgeRange('p')} AND ${liveEdge('p')}
    ),
    touched AS (
      SELECT ei.event_id, ei.role, NULL::text AS container FROM event_identifiers ei WHERE ei.identifier = ${epc}
      UNION
      SELECT ei.event_id, NULL, c.container FROM chain c JOIN event_identifiers ei ON ei.identifier = c.container
      WHERE ei.event_time >= lower(c.win) AND (upper(c.win) IS NULL OR ei.event_time <= upper(c.win))
    ),
    hits AS (
      SELECT t.event_id, array_remove(array_agg(DISTINCT t.role), NULL) AS roles,
        array_remove(array_agg(DISTINCT t.container), NULL) AS containers
      FROM touched t GROUP BY t.event_id
    ),
    ordered AS (
      SELECT ev.*, h.roles, h.containers FROM hits h JOIN events ev ON ev.event_id = h.event_id AND NOT ev.retracted
      WHERE ${start}
      ORDER BY ev.event_time, ev.block_number, ev.tx_index, ev.record_index LIMIT ${page.first + 1}
    )
    SELECT json_build_object(
      'kind', ${nodeKind(sql`${epc}::text`)},
      'state', (SELECT json_build_object('owner_msp', s.owner_msp, 'owner_party', s.owner_party, 'location', s.location,
          'disposition', s.disposition, 'parent', s.parent, 'tx_id', s.tx_id, 'block_number', s.block_number::text)
        FROM identifier_current_state s WHERE s.epc = ${epc}),
      'containments', (SELECT json_agg(json_build_object('container', c.container, 'via', c.via, 'depth', c.depth,
          'from', lower(c.win), 'to', upper(c.win), 'pack_event_id', c.edge_event, 'unpack_event_id', c.closed_event,
          'tx_id', c.tx_id, 'block_number', c.block_number::text, 'closed_tx_id', c.closed_tx_id,
          'closed_block_number', c.closed_block_number::text) ORDER BY lower(c.win), c.depth, c.container) FROM chain c),
      'entries', (SELECT json_agg(json_build_object('event_id', o.event_id, 'event_type', o.event_type,
          'event_time', o.event_time, 'action', o.action, 'biz_step', o.biz_step, 'disposition', o.disposition,
          'read_point', o.read_point, 'biz_location', o.biz_location,
          'location_name', (SELECT l.name FROM locations l WHERE l.location_id = COALESCE(o.biz_location, o.read_point)),
          'roles', o.roles, 'containers', o.containers, 'captured_by_msp', o.captured_by_msp,
          'parties', (SELECT json_agg(x) FROM (${listOf('o.document', 'sourceList', 'SOURCE', 'source')}
                      UNION ALL ${listOf('o.document', 'destinationList', 'DESTINATION', 'destination')}) x(x)),
          'biz_transactions', (SELECT json_agg(json_build_object('type', b.type, 'value', b.value) ORDER BY b.type, b.value)
                               FROM biz_transactions b WHERE b.event_id = o.event_id),
          'excursion', EXISTS (SELECT 1 FROM sensor_readings r WHERE r.event_id = o.event_id AND r.exception IS NOT NULL),
          'temperature_min_c', (SELECT min(r.temperature_min_c) FROM sensor_readings r WHERE r.event_id = o.event_id),
          'temperature_max_c', (SELECT max(r.temperature_max_c) FROM sensor_readings r WHERE r.event_id = o.event_id),
          'tx_id', o.tx_id, 'block_number', o.block_number::text,
          'position', json_build_array(to_char(o.event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            o.block_number::text, o.tx_index::text, o.record_index::text))
        ORDER BY o.event_time, o.block_number, o.tx_index, o.record_index) FROM ordered o)
    ) AS answer`.execute(db);
  const answer = result.rows[0]?.answer;
  // (A page after the last entry has none; its cursor came from a trace that had some.)
  if (
    answer === undefined ||
    (answer.state === null && answer.entries === null && after === undefined)
  ) {
    throw new NotFoundError(`no event in the mirror names ${epc}`);
  }
  const found = answer.entries ?? [];
  const entries = found.slice(0, page.first);
  return {
    epc,
    kind: answer.kind,
    state: answer.state === null ? null : toState(answer.state),
    containments: (answer.containments ?? []).map(toContainment),
    entries: entries.map(toEntry),
    truncated: found.length > page.first,
    end: (entries.at(-1)?.position as TracePosition | undefined) ?? null,
  };
}

type Scalar = string | number | boolean | null;
// JSON values of the answer are scalars or absent; anything else reads as absent.
const scalar = (v: unknown): Scalar =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
const str = (v: unknown): string => String(scalar(v));
const strOrNull = (v: unknown): string | null => (scalar(v) === null ? null : String(scalar(v)));
const numOrNull = (v: unknown): number | null => (scalar(v) === null ? null : Number(scalar(v)));
const blockOrNull = (v: unknown): bigint | null =>
  scalar(v) === null ? null : BigInt(String(scalar(v)));

function toState(s: Record<string, string | null>): TraceState {
  return {
    ownerMsp: s.owner_msp ?? null,
    ownerParty: s.owner_party ?? null,
    location: s.location ?? null,
    disposition: s.disposition ?? null,
    parent: s.parent ?? null,
    txId: str(s.tx_id),
    blockNumber: BigInt(str(s.block_number)),
  };
}

function toContainment(c: Record<string, string | number | null>): Containment {
  return {
    container: str(c.container),
    depth: Number(c.depth),
    via: strOrNull(c.via),
    from: new Date(str(c.from)),
    to: c.to === null ? null : new Date(str(c.to)),
    packEventId: str(c.pack_event_id),
    unpackEventId: strOrNull(c.unpack_event_id),
    txId: str(c.tx_id),
    blockNumber: BigInt(str(c.block_number)),
    closedTxId: strOrNull(c.closed_tx_id),
    closedBlockNumber: blockOrNull(c.closed_block_number),
  };
}

function toEntry(e: NonNullable<TraceJson['entries']>[number]): TraceEntry {
  return {
    eventId: str(e.event_id),
    eventType: str(e.event_type),
    eventTime: new Date(str(e.event_time)),
    action: strOrNull(e.action),
    bizStep: strOrNull(e.biz_step),
    disposition: strOrNull(e.disposition),
    readPoint: strOrNull(e.read_point),
    bizLocation: strOrNull(e.biz_location),
    locationName: strOrNull(e.location_name),
    roles: ((e.roles as string[] | null) ?? []).sort(),
    containers: ((e.containers as string[] | null) ?? []).sort(),
    // Types are as submitted (a CBV URI or a short name): shown as the CBV short name.
    parties: (e.parties ?? [])
      .filter((p) => p.value !== null)
      .map((p) => ({
        side: p.side,
        type: cbvShortName(p.type ?? undefined) ?? '',
        value: p.value ?? '',
      })),
    bizTransactions: (e.biz_transactions as { type: string; value: string }[] | null) ?? [],
    capturedByMsp: str(e.captured_by_msp),
    excursion: e.excursion === true,
    temperatureMinC: numOrNull(e.temperature_min_c),
    temperatureMaxC: numOrNull(e.temperature_max_c),
    txId: str(e.tx_id),
    blockNumber: BigInt(str(e.block_number)),
  };
}
