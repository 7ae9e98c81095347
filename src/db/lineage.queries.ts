/**
 * Lineage: the graph around one identifier, walked with ONE recursive CTE per direction over
 * lineage_edge. Each walk row carries the time window in which its path existed (a tstzrange):
 * a step is taken only when the edge's validity overlaps it, so a unit unpacked from a case
 * before that case went onto a pallet never reaches the pallet. With `asOf` the window starts as
 * that instant and only edges valid then are followed. UNION over (node, depth, window) makes the
 * walk cycle-safe; the depth bound makes it finite. The same statement lists the nodes (with their
 * kinds when asked) and the edges followed, as plain rows.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database, LineageKind } from './database.js';
import { answerColumns, answerOf, provenanceValues, type AnswerRow } from './lineage-answer.js';

/** Which way to walk: toward inputs and contents, toward outputs and containers, or both. */
export type LineageDirection = 'UPSTREAM' | 'DOWNSTREAM' | 'BOTH';

/** What a node is, judged from its URN and the aggregation edges around it. */
export type NodeKind = 'LOT' | 'UNIT' | 'CASE' | 'PALLET' | 'OTHER';

/** Largest accepted maxDepth. */
export const MAX_LINEAGE_DEPTH = 50;
/** Most nodes one lineage answer may hold. */
export const MAX_LINEAGE_NODES = 10_000;
// Walk rows (a node can recur at several depths and windows) before the walk is stopped as too big.
const MAX_WALK_ROWS = 100_000;

/** A lineage question. */
export interface LineageQuery {
  root: string;
  direction: LineageDirection;
  maxDepth: number;
  asOf?: Date | undefined;
  /** Node cap; MAX_LINEAGE_NODES unless a caller (a test) lowers it. */
  maxNodes?: number | undefined;
  /**
   * Classify the nodes (LineageNodeRow.kind); default true. It costs a few index probes per node
   * (about as much as fetching the edges), so the API skips it when the operation has no `kind`.
   */
  withKinds?: boolean | undefined;
  /**
   * Fetch each edge's provenance (LineageEdgeProvenance); default true. Leaving it out more than
   * halves what the answer carries, for clients that draw the graph from the edges' ends.
   */
  withProvenance?: boolean | undefined;
}

/** A node, its distance from the root and, unless the query said withKinds: false, its kind. */
export interface LineageNodeRow {
  id: string;
  depth: number;
  kind?: NodeKind;
}

/** An edge: its ends, how it came about and when it began to hold. */
export interface LineageEdgeEnds {
  from: string;
  to: string;
  kind: LineageKind;
  validFrom: Date;
}

/** The fields of LineageEdgeEnds: all a withProvenance: false answer has of an edge. */
export const EDGE_END_FIELDS: readonly (keyof LineageEdgeEnds)[] = [
  'from',
  'to',
  'kind',
  'validFrom',
];

/** The event and ledger transaction behind an edge, its end (if closed) and its quantities. */
export interface LineageEdgeProvenance {
  eventId: string;
  txId: string;
  blockNumber: bigint;
  validTo: Date | null;
  closedByEventId: string | null;
  closedTxId: string | null;
  closedBlockNumber: bigint | null;
  fromQuantity: number | null;
  fromUom: string | null;
  toQuantity: number | null;
  toUom: string | null;
}

/** An edge with its provenance, unless the query said withProvenance: false. */
export type LineageEdgeRow = LineageEdgeEnds | (LineageEdgeEnds & LineageEdgeProvenance);

/** The answer: nodes, edges, and whether the depth bound cut the walk short. */
export interface LineageResult {
  root: string;
  nodes: LineageNodeRow[];
  edges: LineageEdgeRow[];
  truncated: boolean;
}

/**
 * SQL: the edge `alias` does not come from an event later declared erroneous. NOT IN over the
 * (few) declared events, found through their partial index, runs as one hashed subplan per
 * statement instead of a primary-key probe per edge.
 */
export function liveEdge(alias: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(`${alias}.event_id`)} NOT IN (SELECT rx.event_id FROM events rx WHERE rx.retracted_block_number IS NOT NULL)`;
}

/**
 * SQL: the validity of edge `alias` as a range. A zero-length interval (packed and unpacked in one
 * instant) is kept as a point rather than an empty range, which would overlap nothing.
 */
export function edgeRange(alias: string): RawBuilder<unknown> {
  const from = sql.ref(`${alias}.valid_from`);
  const to = sql.ref(`${alias}.valid_to`);
  return sql`tstzrange(${from}, ${to}, CASE WHEN ${to} = ${from} THEN '[]' ELSE '[)' END)`;
}

/** SQL: the window a walk starts with: the instant asOf, or all time. */
export function startWindow(asOf: Date | undefined): RawBuilder<unknown> {
  return asOf === undefined ? sql`tstzrange(NULL, NULL)` : sql`tstzrange(${asOf}, ${asOf}, '[]')`;
}

/**
 * SQL: the kind of node `id` (a text expression). An aggregation parent is a PALLET when one of
 * its children held something while inside it, else a CASE; an SSCC that never held anything is a
 * CASE (an emptied case reused as a tote stays a case). Only live edges count: a pallet whose
 * packing was declared erroneous never held anything. Most nodes of a graph hold nothing, so the
 * cheap "has it ever held anything" probe comes first and the pallet join runs only for parents.
 * OFFSET 0 keeps each EXISTS a per-node index probe: expecting a few hundred ids, the planner
 * would otherwise hash-join all aggregation edges for the pallet test (~250 ms on the 100k bench).
 */
export function nodeKind(id: RawBuilder<unknown>): RawBuilder<NodeKind> {
  return sql<NodeKind>`CASE
    WHEN ${id} LIKE 'urn:epc:class:lgtin:%' THEN 'LOT'
    WHEN NOT EXISTS (SELECT 1 FROM lineage_edge kc WHERE kc.to_id = ${id} AND kc.kind = 'aggregation'
                     AND ${liveEdge('kc')} OFFSET 0) THEN
      CASE WHEN ${id} LIKE 'urn:epc:id:sscc:%' THEN 'CASE' WHEN ${id} LIKE 'urn:epc:id:sgtin:%' THEN 'UNIT' ELSE 'OTHER' END
    WHEN EXISTS (SELECT 1 FROM lineage_edge kc JOIN lineage_edge kg ON kg.to_id = kc.from_id AND kg.kind = 'aggregation'
                 WHERE kc.to_id = ${id} AND kc.kind = 'aggregation' AND ${edgeRange('kc')} && ${edgeRange('kg')}
                   AND ${liveEdge('kc')} AND ${liveEdge('kg')} OFFSET 0) THEN 'PALLET'
    ELSE 'CASE' END`;
}

/**
 * SQL: the FROM and WHERE of the serials that transformations made (outputEPCList) for the lot of
 * walk row `w`, through their membership edges `m`. A lot made that way has no transformation
 * edge of its own: upstream, its inputs are those of these serials. Not from a lot the walk
 * reached from one of its own serials (`member`): the other serials are not that one's ancestors.
 */
const madeSerialsOf = sql`FROM lineage_edge m
  WHERE w.node LIKE 'urn:epc:class:lgtin:%' AND NOT w.member AND m.from_id = w.node
    AND m.kind = 'lot_membership' AND w.win && ${edgeRange('m')} AND ${liveEdge('m')}
    AND (m.to_id IN (SELECT t.to_id FROM lineage_edge t WHERE t.kind = 'transformation' AND ${liveEdge('t')}
      AND t.to_id = ANY (ARRAY(SELECT s.to_id FROM lineage_edge s
        WHERE s.from_id = w.node AND s.kind = 'lot_membership')))) IS TRUE`;

/**
 * SQL: the FROM and WHERE of the membership `m` tying downstream walk row `w`, a serial a
 * transformation made, to its lot. The lot has no transformation edge of its own when only serials
 * were made: without this step a downstream walk from an input would reach the serials, not it.
 */
const madeLotOf = sql`FROM lineage_edge m
  WHERE w.made AND m.to_id = w.node AND m.kind = 'lot_membership' AND w.win && ${edgeRange('m')} AND ${liveEdge('m')}`;

/**
 * One direction's recursive walk, as the body of a CTE named `name`; empty when not asked for.
 * Upstream, a lot also steps to its made serials (madeSerialsOf); a serial reached that way
 * (`made`) does not climb back to its lot, and a lot reached from its serial (`member`) does not
 * step to the others. Downstream, a serial reached by a transformation (`made`) also steps back
 * to its lot, which the transformation made too: that lot (`member`, reached from its member) is
 * listed but not walked, since its other serials may come from other inputs (the recall's rule
 * for made lots). A node reached at one depth both by a transformation and by another edge is
 * two rows (made or not), each expanded once: bounded, and cheaper than probing every serial
 * for a transformation into it.
 */
function walk(name: string, q: LineageQuery, down: boolean): RawBuilder<unknown> {
  const self = sql.table(name);
  const [near, far] = down ? ['from_id', 'to_id'] : ['to_id', 'from_id'];
  const enabled = down ? q.direction !== 'UPSTREAM' : q.direction !== 'DOWNSTREAM';
  const madeStep = down
    ? sql`UNION ALL SELECT m.from_id, ${edgeRange('m')}, false, true ${madeLotOf}`
    : sql`UNION ALL SELECT m.to_id, ${edgeRange('m')}, true, false ${madeSerialsOf}`;
  const made = down
    ? sql`e.kind = 'transformation' AND e.to_id NOT LIKE 'urn:epc:class:lgtin:%'`
    : sql`false`;
  const member = down ? sql`false` : sql`e.kind = 'lot_membership'`;
  // Downstream a made lot is not walked; upstream a made serial does not climb back to its lot.
  const stop = down ? sql`NOT w.member` : sql`NOT (w.made AND e.kind = 'lot_membership')`;
  return sql`${self}(node, depth, win, made, member) AS (
      SELECT ${q.root}::text, 0, ${startWindow(q.asOf)}, false, false WHERE ${enabled}
      UNION
      SELECT e.next, w.depth + 1, w.win * e.range, e.made, e.member FROM ${self} w CROSS JOIN LATERAL (
        SELECT e.${sql.ref(far)} AS next, ${edgeRange('e')} AS range, ${made} AS made, ${member} AS member
        FROM lineage_edge e
        WHERE e.${sql.ref(near)} = w.node AND w.win && ${edgeRange('e')} AND ${liveEdge('e')} AND ${stop}
        ${madeStep}
      ) e
      WHERE w.depth < ${q.maxDepth}
    )`;
}

/**
 * SQL: the FROM and WHERE of the edges leaving the walk rows of `name` (in its direction): the
 * edges the walk followed (rows below the bound), or, `beyond`, those it did not (rows at it). A
 * serial made by a transformation and reached from its lot (`made`) is tied to the lot by its
 * membership, which leaves it upstream: that edge is followed whatever the serial's depth.
 * Downstream, a made lot (`member`) is not walked: no edge leaves it.
 */
function leaving(
  name: string,
  down: boolean,
  maxDepth: number,
  beyond: boolean,
): RawBuilder<unknown> {
  const near = down ? 'from_id' : 'to_id';
  const tie = down ? sql`false` : sql`(w.made AND e.kind = 'lot_membership')`;
  const walked = down ? sql`NOT w.member` : sql`true`;
  const which = beyond
    ? sql`w.depth = ${maxDepth} AND NOT ${tie}`
    : sql`(w.depth < ${maxDepth} OR ${tie})`;
  return sql`FROM ${sql.table(name)} w JOIN lineage_edge e ON e.${sql.ref(near)} = w.node
    WHERE ${which} AND ${walked} AND w.win && ${edgeRange('e')} AND ${liveEdge('e')}`;
}

/**
 * SQL: the FROM and WHERE of the memberships tying the downstream walk's made serials (rows of
 * `d`) to their lots (madeLotOf): the ones followed (serials below the bound), or, `beyond`, those
 * the bound stopped.
 */
function madeLotTies(maxDepth: number, beyond: boolean): RawBuilder<unknown> {
  const which = beyond ? sql`w.depth = ${maxDepth}` : sql`w.depth < ${maxDepth}`;
  return sql`FROM d w JOIN lineage_edge e ON e.to_id = w.node
    WHERE w.made AND ${which} AND e.kind = 'lot_membership' AND w.win && ${edgeRange('e')} AND ${liveEdge('e')}`;
}

/**
 * SQL: the distinct edges the walks followed. An edge can be followed from several walk rows.
 * With provenance, ctid = ANY (array) is a TID scan that fetches each distinct edge once: cheaper
 * than UNION's sort over every column. Without, the edge's ends come from an index, made
 * distinct by the primary key's columns: downstream from the covering lineage_edge_from_idx (no
 * heap access); upstream and for the made lots' ties from lineage_edge_to_idx and the table.
 */
function followedEdges(withProvenance: boolean, maxDepth: number): RawBuilder<unknown> {
  const down = leaving('d', true, maxDepth, false);
  const ties = madeLotTies(maxDepth, false);
  const up = leaving('u', false, maxDepth, false);
  if (withProvenance) {
    return sql`SELECT e.*, ${epochMicros('e.valid_from')} AS valid_from_us, ${epochMicros('e.valid_to')} AS valid_to_us
      FROM lineage_edge e WHERE e.ctid = ANY (ARRAY(
      SELECT e.ctid ${down} UNION ALL SELECT e.ctid ${ties} UNION ALL SELECT e.ctid ${up}))`;
  }
  const ends = sql`e.from_id, e.to_id, e.kind, e.event_id, e.valid_from`;
  return sql`SELECT e.from_id, e.to_id, e.kind, ${epochMicros('e.valid_from')} AS valid_from_us
    FROM (SELECT ${ends} ${down} UNION SELECT ${ends} ${ties} UNION SELECT ${ends} ${up}) e`;
}

/**
 * SQL: timestamp `column` as microseconds since 1970 in a float8, exact until the year 2255.
 * pg's own timestamptz parser (a regex and a Date per value) made a lot of the garbage of an answer.
 */
const epochMicros = (column: string): RawBuilder<number> =>
  sql<number>`(extract(epoch FROM ${sql.ref(column)}) * 1000000)::float8`;

/**
 * The lineage of `q.root`: every node within `q.maxDepth` hops in the asked direction(s) and the
 * edges followed, in one statement.
 * @throws NotFoundError when nothing in the mirror mentions the root.
 * @throws BadUserInputError when the answer would exceed MAX_LINEAGE_NODES nodes.
 */
export async function findLineage(db: Kysely<Database>, q: LineageQuery): Promise<LineageResult> {
  const maxNodes = q.maxNodes ?? MAX_LINEAGE_NODES;
  const { rows } = await lineageStatement(q, maxNodes).execute(db);
  return answerOf(q, { maxNodes, maxWalkRows: MAX_WALK_ROWS }, rows);
}

/**
 * The lineage statement. It answers with plain rows in no particular order (a summary, one row
 * per node and one per edge, laid out by lineage-answer.ts, which orders them) rather than one
 * JSON document: building ~1 MB of JSON with json_build_object for a few thousand edges cost the
 * server more than the walk.
 */
function lineageStatement(q: LineageQuery, maxNodes: number): RawBuilder<AnswerRow> {
  const withProvenance = q.withProvenance !== false;
  const kind = q.withKinds === false ? undefined : nodeKind(sql`n.node_id`);
  // Over the node cap nothing is listed; the uncorrelated test lets the planner skip both lists.
  const listed = sql`(SELECT count(*) FROM nodes) <= ${maxNodes}`;
  const summary = sql`json_build_object('known', s.known, 'walk_rows', s.walk_rows,
    'truncated', s.truncated, 'node_count', s.node_count)`;
  return sql<AnswerRow>`
    WITH RECURSIVE ${walk('down', q, true)}, ${walk('up', q, false)},
    d AS MATERIALIZED (SELECT * FROM down LIMIT ${MAX_WALK_ROWS}),
    u AS MATERIALIZED (SELECT * FROM up LIMIT ${MAX_WALK_ROWS}),
    nodes AS (SELECT node AS node_id, min(depth) AS node_depth
      FROM (SELECT * FROM d UNION ALL SELECT * FROM u) x GROUP BY node),
    edges AS (${followedEdges(withProvenance, q.maxDepth)}),
    summary AS (SELECT
      EXISTS (SELECT 1 FROM event_identifiers WHERE identifier = ${q.root})
        OR EXISTS (SELECT 1 FROM lineage_edge WHERE from_id = ${q.root})
        OR EXISTS (SELECT 1 FROM lineage_edge WHERE to_id = ${q.root}) AS known,
      GREATEST((SELECT count(*) FROM d), (SELECT count(*) FROM u))::int AS walk_rows,
      EXISTS (SELECT 1 ${leaving('d', true, q.maxDepth, true)}) OR EXISTS (SELECT 1 ${leaving('u', false, q.maxDepth, true)})
        OR EXISTS (SELECT 1 ${madeLotTies(q.maxDepth, true)})
        OR EXISTS (SELECT 1 FROM u w CROSS JOIN LATERAL (SELECT 1 ${madeSerialsOf} LIMIT 1) m WHERE w.depth = ${q.maxDepth})
        AS truncated,
      (SELECT count(*) FROM nodes)::int AS node_count)
    SELECT ${answerColumns(0, { summary }, withProvenance)} FROM summary s
    UNION ALL
    SELECT ${answerColumns(1, { id: sql`n.node_id`, kind, num: sql`n.node_depth` }, withProvenance)}
      FROM nodes n WHERE ${listed}
    UNION ALL
    SELECT ${answerColumns(
      2,
      {
        id: sql`e.from_id`,
        to_id: sql`e.to_id`,
        kind: sql`e.kind`,
        num: sql`e.valid_from_us`,
        ...(withProvenance ? provenanceValues('e') : {}),
      },
      withProvenance,
    )}
      FROM edges e WHERE ${listed}`;
}
