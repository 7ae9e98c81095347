/**
 * Lineage: the graph around one identifier, walked with ONE recursive CTE per direction over
 * lineage_edge. Each walk row carries the time window in which its path existed (a tstzrange):
 * a step is taken only when the edge's validity overlaps it, so a unit unpacked from a case
 * before that case went onto a pallet never reaches the pallet. With `asOf` the window starts as
 * that instant and only edges valid then are followed. UNION over (node, depth, window) makes the
 * walk cycle-safe; the depth bound makes it finite.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { BadUserInputError, NotFoundError } from '../errors.js';
import type { Database, LineageKind } from './database.js';

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
}

/** A node and its distance from the root. */
export interface LineageNodeRow {
  id: string;
  kind: NodeKind;
  depth: number;
}

/** An edge with its provenance and validity interval. */
export interface LineageEdgeRow {
  from: string;
  to: string;
  kind: LineageKind;
  eventId: string;
  txId: string;
  blockNumber: bigint;
  validFrom: Date;
  validTo: Date | null;
  closedByEventId: string | null;
  closedTxId: string | null;
  closedBlockNumber: bigint | null;
  fromQuantity: number | null;
  fromUom: string | null;
  toQuantity: number | null;
  toUom: string | null;
}

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
 * CASE (an emptied case reused as a tote stays a case).
 */
export function nodeKind(id: RawBuilder<unknown>): RawBuilder<NodeKind> {
  return sql<NodeKind>`CASE
    WHEN ${id} LIKE 'urn:epc:class:lgtin:%' THEN 'LOT'
    WHEN EXISTS (SELECT 1 FROM lineage_edge kc JOIN lineage_edge kg ON kg.to_id = kc.from_id AND kg.kind = 'aggregation'
                 WHERE kc.to_id = ${id} AND kc.kind = 'aggregation' AND ${edgeRange('kc')} && ${edgeRange('kg')}) THEN 'PALLET'
    WHEN EXISTS (SELECT 1 FROM lineage_edge kc WHERE kc.to_id = ${id} AND kc.kind = 'aggregation') THEN 'CASE'
    WHEN ${id} LIKE 'urn:epc:id:sscc:%' THEN 'CASE'
    WHEN ${id} LIKE 'urn:epc:id:sgtin:%' THEN 'UNIT'
    ELSE 'OTHER' END`;
}

/** One direction's recursive walk, as the body of a CTE named `name`; empty when not asked for. */
function walk(name: string, q: LineageQuery, down: boolean): RawBuilder<unknown> {
  const self = sql.table(name);
  const [near, far] = down ? ['from_id', 'to_id'] : ['to_id', 'from_id'];
  const enabled = down ? q.direction !== 'UPSTREAM' : q.direction !== 'DOWNSTREAM';
  return sql`${self}(node, depth, win) AS (
      SELECT ${q.root}::text, 0, ${startWindow(q.asOf)} WHERE ${enabled}
      UNION
      SELECT e.${sql.ref(far)}, w.depth + 1, w.win * ${edgeRange('e')}
      FROM ${self} w JOIN lineage_edge e ON e.${sql.ref(near)} = w.node
      WHERE w.depth < ${q.maxDepth} AND w.win && ${edgeRange('e')} AND ${liveEdge('e')}
    )`;
}

/** Edges leaving the walk rows of `name` in its direction (depth < bound: those it followed). */
function followed(
  name: string,
  down: boolean,
  atBound: boolean,
  maxDepth: number,
): RawBuilder<unknown> {
  const near = down ? 'from_id' : 'to_id';
  const depth = atBound ? sql`w.depth = ${maxDepth}` : sql`w.depth < ${maxDepth}`;
  return sql`SELECT e.* FROM ${sql.table(name)} w JOIN lineage_edge e ON e.${sql.ref(near)} = w.node
    WHERE ${depth} AND w.win && ${edgeRange('e')} AND ${liveEdge('e')}`;
}

interface LineageJson {
  known: boolean;
  walk_rows: number;
  truncated: boolean;
  nodes: { id: string; depth: number; kind: NodeKind }[] | null;
  edges: EdgeJson[] | null;
}

interface EdgeJson {
  from_id: string;
  to_id: string;
  kind: LineageKind;
  event_id: string;
  tx_id: string;
  block_number: string;
  valid_from: string;
  valid_to: string | null;
  valid_to_event_id: string | null;
  closed_tx_id: string | null;
  closed_block_number: string | null;
  from_quantity: number | null;
  from_uom: string | null;
  to_quantity: number | null;
  to_uom: string | null;
}

/**
 * The lineage of `q.root`: every node within `q.maxDepth` hops in the asked direction(s) and the
 * edges followed, in one statement.
 * @throws NotFoundError when nothing in the mirror mentions the root.
 * @throws BadUserInputError when the answer would exceed MAX_LINEAGE_NODES nodes.
 */
export async function findLineage(db: Kysely<Database>, q: LineageQuery): Promise<LineageResult> {
  const maxNodes = q.maxNodes ?? MAX_LINEAGE_NODES;
  const result = await sql<{ answer: LineageJson }>`
    WITH RECURSIVE ${walk('down', q, true)}, ${walk('up', q, false)},
    d AS MATERIALIZED (SELECT * FROM down LIMIT ${MAX_WALK_ROWS}),
    u AS MATERIALIZED (SELECT * FROM up LIMIT ${MAX_WALK_ROWS}),
    nodes AS (SELECT node AS id, min(depth) AS depth FROM (SELECT * FROM d UNION ALL SELECT * FROM u) x GROUP BY node),
    edges AS (${followed('d', true, false, q.maxDepth)} UNION ${followed('u', false, false, q.maxDepth)})
    SELECT json_build_object(
      'known', EXISTS (SELECT 1 FROM event_identifiers WHERE identifier = ${q.root})
        OR EXISTS (SELECT 1 FROM lineage_edge WHERE from_id = ${q.root})
        OR EXISTS (SELECT 1 FROM lineage_edge WHERE to_id = ${q.root}),
      'walk_rows', GREATEST((SELECT count(*) FROM d), (SELECT count(*) FROM u)),
      'truncated', EXISTS (${followed('d', true, true, q.maxDepth)}) OR EXISTS (${followed('u', false, true, q.maxDepth)}),
      'nodes', (SELECT json_agg(json_build_object('id', n.id, 'depth', n.depth, 'kind', ${nodeKind(sql`n.id`)})
                ORDER BY n.depth, n.id) FROM nodes n WHERE (SELECT count(*) FROM nodes) <= ${maxNodes}),
      'edges', (SELECT json_agg(json_build_object('from_id', e.from_id, 'to_id', e.to_id, 'kind', e.kind,
                  'event_id', e.event_id, 'tx_id', e.tx_id, 'block_number', e.block_number::text,
                  'valid_from', e.valid_from, 'valid_to', e.valid_to, 'valid_to_event_id', e.valid_to_event_id,
                  'closed_tx_id', e.closed_tx_id, 'closed_block_number', e.closed_block_number::text,
                  'from_quantity', e.from_quantity, 'from_uom', e.from_uom, 'to_quantity', e.to_quantity, 'to_uom', e.to_uom)
                ORDER BY e.valid_from, e.from_id, e.to_id, e.kind) FROM edges e
                WHERE (SELECT count(*) FROM nodes) <= ${maxNodes})
    ) AS answer`.execute(db);
  const answer = result.rows[0]?.answer;
  if (answer?.known !== true) throw new NotFoundError(`nothing in the mirror mentions ${q.root}`);
  if (answer.walk_rows >= MAX_WALK_ROWS || answer.nodes === null) {
    throw new BadUserInputError(
      `the lineage of ${q.root} within ${q.maxDepth} hops exceeds ${maxNodes} nodes; lower maxDepth, ask one direction, or use recallImpact for whole downstream sets`,
      'maxDepth',
    );
  }
  return {
    root: q.root,
    nodes: answer.nodes,
    edges: (answer.edges ?? []).map(toEdge),
    truncated: answer.truncated,
  };
}

const num = (value: number | string | null): number | null =>
  value === null ? null : Number(value);
const block = (value: string | null): bigint | null => (value === null ? null : BigInt(value));

function toEdge(e: EdgeJson): LineageEdgeRow {
  return {
    from: e.from_id,
    to: e.to_id,
    kind: e.kind,
    eventId: e.event_id,
    txId: e.tx_id,
    blockNumber: BigInt(e.block_number),
    validFrom: new Date(e.valid_from),
    validTo: e.valid_to === null ? null : new Date(e.valid_to),
    closedByEventId: e.valid_to_event_id,
    closedTxId: e.closed_tx_id,
    closedBlockNumber: block(e.closed_block_number),
    fromQuantity: num(e.from_quantity),
    fromUom: e.from_uom,
    toQuantity: num(e.to_quantity),
    toUom: e.to_uom,
  };
}
