/**
 * The rows of the lineage statement and the answer made of them. Every row has one narrow layout:
 * `part` says what it is, and a node and an edge share the columns they have in common, so a big
 * graph's ten thousand rows carry six fields each instead of every part's columns side by side
 * (pg builds an object property per column and row, NULL or not). Measured on the 1M bench's drug
 * lot (3,097 nodes, 7,408 edges) against 23 columns: 1–2 ms of ~48 without provenance, nothing
 * with it. Edge provenance adds its columns only when it is asked for.
 */
import { sql, type RawBuilder } from 'kysely';
import { BadUserInputError, NotFoundError } from '../errors.js';
import type { LineageKind } from './database.js';
import type {
  LineageEdgeRow,
  LineageNodeRow,
  LineageQuery,
  LineageResult,
  NodeKind,
} from './lineage.queries.js';

/** What a row is: part 0 is the summary, 1 a node, 2 an edge. */
type Part = 0 | 1 | 2;

/** The summary row's `summary`: whether the root is known and how big the walk got. */
export interface LineageSummary {
  known: boolean;
  walk_rows: number;
  truncated: boolean;
  node_count: number;
}

/**
 * The columns every row has. A node: `id`, `kind` (null unless kinds were asked for) and its depth
 * in `num`. An edge: its from-node in `id`, `to_id`, `kind` and its start in `num`, in
 * microseconds since 1970 (pg's timestamptz parser, a regex and a Date per value, made a lot of
 * the garbage of an answer). The summary: `summary` only.
 */
const SHARED_COLUMNS = {
  summary: 'json',
  id: 'text',
  to_id: 'text',
  kind: 'text',
  num: 'float8',
} as const;

/** The columns an edge's provenance adds (absent unless asked for). */
const PROVENANCE_COLUMNS = {
  event_id: 'text',
  tx_id: 'text',
  block_number: 'int8',
  valid_to_us: 'float8',
  valid_to_event_id: 'text',
  closed_tx_id: 'text',
  closed_block_number: 'int8',
  from_quantity: 'numeric',
  from_uom: 'text',
  to_quantity: 'numeric',
  to_uom: 'text',
} as const;

interface ProvenanceColumns {
  event_id: string;
  tx_id: string;
  block_number: bigint;
  valid_to_us: number | null;
  valid_to_event_id: string | null;
  closed_tx_id: string | null;
  closed_block_number: bigint | null;
  from_quantity: string | null;
  from_uom: string | null;
  to_quantity: string | null;
  to_uom: string | null;
}

type SummaryRow = { part: 0; summary: LineageSummary };
type NodeRow = { part: 1; id: string; kind: NodeKind | null; num: number };
type EdgeRow = { part: 2; id: string; to_id: string; kind: LineageKind; num: number } & (
  ProvenanceColumns | { [K in keyof ProvenanceColumns]?: undefined }
);

/** A row of the lineage statement. */
export type AnswerRow = SummaryRow | NodeRow | EdgeRow;

/** SQL expressions of one row's values, by column; those not given are typed NULLs. */
export type RowValues = Partial<
  Record<keyof typeof SHARED_COLUMNS | keyof typeof PROVENANCE_COLUMNS, RawBuilder<unknown>>
>;

/**
 * SQL: the select list of a row of `part` with `values`, in the layout of every row (with the
 * provenance columns when `withProvenance`).
 */
export function answerColumns(
  part: Part,
  values: RowValues,
  withProvenance: boolean,
): RawBuilder<unknown> {
  const spec: Readonly<Record<string, string>> = withProvenance
    ? { ...SHARED_COLUMNS, ...PROVENANCE_COLUMNS }
    : SHARED_COLUMNS;
  return sql.join([
    sql`${sql.lit(part)}::int4 AS part`,
    ...Object.entries(spec).map(
      ([column, type]) =>
        sql`${values[column as keyof RowValues] ?? sql`NULL::${sql.raw(type)}`} AS ${sql.ref(column)}`,
    ),
  ]);
}

/** The provenance columns of lineage_edge row `alias` (its times as microseconds). */
export function provenanceValues(alias: string): RowValues {
  const values: RowValues = {};
  for (const column of Object.keys(PROVENANCE_COLUMNS) as (keyof typeof PROVENANCE_COLUMNS)[])
    values[column] = sql.ref(`${alias}.${column}`);
  return values;
}

/** Limits the answer is held to. */
export interface AnswerLimits {
  maxNodes: number;
  maxWalkRows: number;
}

/**
 * The result of the lineage statement's rows, or the error they call for. The rows come unordered:
 * the answer's order (nodes by depth and id, edges by start, ends and kind) is made here, where a
 * sort of ten thousand rows costs the API process a few ms instead of the shared database ~10 ms.
 */
export function answerOf(q: LineageQuery, limits: AnswerLimits, rows: AnswerRow[]): LineageResult {
  let summary: LineageSummary | undefined;
  const nodeRows: NodeRow[] = [];
  const edgeRows: EdgeRow[] = [];
  for (const row of rows) {
    if (row.part === 0) summary = row.summary;
    else if (row.part === 1) nodeRows.push(row);
    else edgeRows.push(row);
  }
  if (summary === undefined) throw new Error('the lineage statement returned no summary row');
  if (!summary.known) throw new NotFoundError(`nothing in the mirror mentions ${q.root}`);
  if (summary.walk_rows >= limits.maxWalkRows || summary.node_count > limits.maxNodes) {
    throw new BadUserInputError(
      `the lineage of ${q.root} within ${q.maxDepth} hops exceeds ${limits.maxNodes} nodes; lower maxDepth, ask one direction, or use recallImpact for whole downstream sets`,
      'maxDepth',
    );
  }
  nodeRows.sort((a, b) => a.num - b.num || byCodeUnits(a.id, b.id));
  // By the start in microseconds (the Dates keep milliseconds), then the ends and the kind.
  edgeRows.sort(
    (a, b) =>
      a.num - b.num ||
      byCodeUnits(a.id, b.id) ||
      byCodeUnits(a.to_id, b.to_id) ||
      byCodeUnits(a.kind, b.kind),
  );
  return {
    root: q.root,
    nodes: nodeRows.map(toNode),
    edges: edgeRows.map(toEdge),
    truncated: summary.truncated,
  };
}

/** Plain string order (the byte order of the database's C collation, for ASCII identifiers). */
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function toNode(n: NodeRow): LineageNodeRow {
  const node: LineageNodeRow = { id: n.id, depth: n.num };
  if (n.kind !== null) node.kind = n.kind;
  return node;
}

/** The Date of `micros` since 1970; like pg's parser it keeps whole milliseconds. */
const dateOfMicros = (micros: number): Date => new Date(Math.trunc(micros / 1000));

const num = (value: string | null): number | null => (value === null ? null : Number(value));

// Object literals, not spreads: merging two objects per edge made findLineage four times slower.
function toEdge(e: EdgeRow): LineageEdgeRow {
  const validFrom = dateOfMicros(e.num);
  if (e.event_id === undefined) return { from: e.id, to: e.to_id, kind: e.kind, validFrom };
  return {
    from: e.id,
    to: e.to_id,
    kind: e.kind,
    validFrom,
    eventId: e.event_id,
    txId: e.tx_id,
    blockNumber: e.block_number,
    validTo: e.valid_to_us === null ? null : dateOfMicros(e.valid_to_us),
    closedByEventId: e.valid_to_event_id,
    closedTxId: e.closed_tx_id,
    closedBlockNumber: e.closed_block_number,
    fromQuantity: num(e.from_quantity),
    fromUom: e.from_uom,
    toQuantity: num(e.to_quantity),
    toUom: e.to_uom,
  };
}
