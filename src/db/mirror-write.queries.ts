/**
 * The indexer's writes to the mirror. Each table's rows go in as one array parameter per column
 * expanded by unnest (see pg-array.ts for why not one json parameter), and all tables of a batch
 * go in ONE statement of data-modifying CTEs: a batch of thousands of events costs one round trip,
 * with no 65 535-parameter limit and no per-row statement overhead.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from './database.js';
import { columnLiteral } from './pg-array.js';
import { unnestLiterals, unnestRows, type UnnestColumn } from './unnest-rows.js';

/** How the indexer writes one table (see src/indexer/table-specs.ts for the instances). */
export interface TableSpec {
  readonly table: string;
  /** Columns written, in order; JSON keys of the rows. */
  readonly columns: readonly string[];
  /** SQL type of each column, as in the migration (unnest needs them). */
  readonly types: readonly string[];
  /** Natural key (the conflict target of upserts). */
  readonly key: readonly string[];
  /**
   * fact: first writer wins (ON CONFLICT DO NOTHING). state: the newer (block_number, tx_index)
   * wins. retractable: a fact whose retraction columns are set once by a later declaration.
   */
  readonly write: 'fact' | 'state' | 'retractable';
  /** For retractable tables: the columns a declaration sets, `retracted` first. */
  readonly retractionColumns?: readonly string[];
  /** Column holding the block number (blocks call it `number`). */
  readonly blockColumn: string;
}

/** One table's rows for a batched write. */
export interface TableRows {
  spec: TableSpec;
  rows: readonly object[];
}

/**
 * Serialises rows for json_populate_recordset: bigint → decimal string, bytes → bytea hex input.
 * A shallow pass per row is far cheaper than a JSON.stringify replacer visiting every nested
 * document node.
 */
export function rowsToJson(rows: readonly object[]): string {
  const out: Record<string, unknown>[] = [];
  for (const item of rows) {
    const row = item as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const key in row) {
      const value = row[key];
      if (typeof value === 'bigint' || value instanceof Uint8Array) {
        copy ??= { ...row };
        copy[key] =
          typeof value === 'bigint' ? value.toString() : `\\x${Buffer.from(value).toString('hex')}`;
      }
    }
    out.push(copy ?? row);
  }
  return JSON.stringify(out);
}

const ident = (name: string): RawBuilder<unknown> => sql.id(...name.split('.'));
const list = (names: readonly string[]): RawBuilder<unknown> =>
  sql.join(names.map((n) => sql.id(n)));

/** The INSERT … SELECT FROM unnest for one table, with its conflict clause. */
function insertStatement(
  spec: TableSpec,
  literals: readonly string[],
  into: string,
  plain: boolean,
): RawBuilder<unknown> {
  const source = unnestLiterals(
    spec.columns.map((name, i) => ({ name, type: spec.types[i] ?? 'text' })),
    literals,
  );
  const head = sql`INSERT INTO ${ident(into)} AS t (${list(spec.columns)}) ${source}`;
  if (plain) return head;
  if (spec.write === 'fact') return sql`${head} ON CONFLICT DO NOTHING`;
  if (spec.write === 'state') {
    const updated = spec.columns.filter((c) => !spec.key.includes(c));
    const sets = sql.join(updated.map((c) => sql`${sql.id(c)} = EXCLUDED.${sql.id(c)}`));
    return sql`${head} ON CONFLICT (${list(spec.key)}) DO UPDATE SET ${sets}
      WHERE (t.block_number, t.tx_index) < (EXCLUDED.block_number, EXCLUDED.tx_index)`;
  }
  const retraction = spec.retractionColumns ?? [];
  const sets = sql.join(retraction.map((c) => sql`${sql.id(c)} = EXCLUDED.${sql.id(c)}`));
  // Only the first declaration counts; a capture arriving after one changes nothing.
  return sql`${head} ON CONFLICT (${list(spec.key)}) DO UPDATE SET ${sets}
    WHERE NOT t.retracted AND EXCLUDED.retracted`;
}

/** Where and how writeRows writes: see writeRows. */
export interface WriteRowsOptions {
  into?: (table: string) => string;
  plain?: boolean;
}

/**
 * Every table's rows as one statement, or undefined when there are none. Building it serialises
 * the rows, the costly part on the Node side, so the indexer builds the next batch's statement
 * while Postgres executes the current one: stepwise, pausing after each column, so the thread can
 * answer the current transaction's round trips in between (see src/indexer/time-slices.ts).
 */
export function* rowsStatementSteps(
  parts: readonly TableRows[],
  options: WriteRowsOptions = {},
): Generator<void, RawBuilder<unknown> | undefined, void> {
  const nonEmpty = parts.filter((p) => p.rows.length > 0);
  if (nonEmpty.length === 0) return undefined;
  const target = options.into ?? ((table: string) => table);
  const ctes: RawBuilder<unknown>[] = [];
  for (const { spec, rows } of nonEmpty) {
    const literals: string[] = [];
    for (const column of spec.columns) {
      literals.push(columnLiteral(rows, column));
      yield;
    }
    const insert = insertStatement(spec, literals, target(spec.table), options.plain ?? false);
    ctes.push(sql`${sql.id(`w${ctes.length}`)} AS (${insert})`);
  }
  return sql`WITH ${sql.join(ctes)} SELECT 1`;
}

/** rowsStatementSteps run to its end. */
export function rowsStatement(
  parts: readonly TableRows[],
  options: WriteRowsOptions = {},
): RawBuilder<unknown> | undefined {
  const steps = rowsStatementSteps(parts, options);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/**
 * Writes every table's rows in one statement. `into` maps a table to another target (verify's
 * temporary tables); with `plain` no conflict clause is added.
 */
export async function writeRows(
  db: Kysely<Database>,
  parts: readonly TableRows[],
  options: WriteRowsOptions = {},
): Promise<void> {
  await rowsStatement(parts, options)?.execute(db);
}

/** A close of aggregation edges: a child leaves a parent (or every child of a parent leaves it). */
export interface AggregationClose {
  /** The child leaving; null closes every open edge into parent_id. */
  child_id: string | null;
  /** The parent left; null closes the child's edge into any parent (it moved). */
  parent_id: string | null;
  event_id: string;
  event_time: string;
  tx_id: string;
  block_number: bigint;
  tx_index: number;
  record_index: number;
}

/** A receiving event ending the transit of an identifier. */
export interface ShipmentReceipt {
  identifier: string;
  event_id: string;
  event_time: string;
  received_by_msp: string;
  tx_id: string;
  block_number: bigint;
  tx_index: number;
  record_index: number;
}

/**
 * SQL condition: the event has not been declared erroneous. A close by such an event (a replay
 * after the declaration) does nothing. Retracted events are few, so one hashed set beats a probe
 * per close.
 */
export function stillCounts(eventId: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`${eventId} NOT IN (SELECT event_id FROM events WHERE retracted_block_number IS NOT NULL)`;
}

/** Columns of a close or receipt after its own: the position of the event doing it. */
const EVENT_POSITION: readonly UnnestColumn[] = [
  { name: 'event_id', type: 'text' },
  { name: 'event_time', type: 'timestamptz' },
  { name: 'tx_id', type: 'text' },
  { name: 'block_number', type: 'bigint' },
  { name: 'tx_index', type: 'integer' },
  { name: 'record_index', type: 'integer' },
];

const AGGREGATION_CLOSE_COLUMNS: readonly UnnestColumn[] = [
  { name: 'child_id', type: 'text' },
  { name: 'parent_id', type: 'text' },
  ...EVENT_POSITION,
];

const SHIPMENT_RECEIPT_COLUMNS: readonly UnnestColumn[] = [
  { name: 'identifier', type: 'text' },
  { name: 'received_by_msp', type: 'text' },
  ...EVENT_POSITION,
];

/**
 * Closes each open aggregation edge opened before a close, by the earliest such close (several
 * closes of one edge can arrive in one batch). Only a retraction reopens an edge (see
 * retraction.queries.ts), and a retracted event's close is skipped, so a replay is a no-op.
 */
export async function closeAggregationEdges(
  db: Kysely<Database>,
  closes: readonly AggregationClose[],
): Promise<void> {
  if (closes.length === 0) return;
  const before = sql`(e.block_number, e.tx_index, e.record_index) < (op.block_number, op.tx_index, op.record_index)`;
  const counts = stillCounts(sql`op.event_id`);
  // LATERAL … OFFSET 0 (a fence against pull-up) pins the plan to one index probe per close, by
  // child when the close names one, else by parent: the planner cannot know how many rows an
  // array parameter holds and may see stale statistics right after a bulk load, and its nested
  // loop the other way round costs seconds.
  await sql`
    WITH op AS MATERIALIZED (
      SELECT * FROM (${unnestRows(AGGREGATION_CLOSE_COLUMNS, closes)}) AS op WHERE ${counts}
    )
    UPDATE lineage_edge AS t SET valid_to = m.event_time, valid_to_event_id = m.event_id,
      closed_tx_id = m.tx_id, closed_block_number = m.block_number, closed_tx_index = m.tx_index
    FROM (
      SELECT DISTINCT ON (edge_event_id, edge_from, edge_to) * FROM (
        SELECT e.event_id AS edge_event_id, e.from_id AS edge_from, e.to_id AS edge_to, op.*
        FROM op CROSS JOIN LATERAL (SELECT * FROM lineage_edge e WHERE e.from_id = op.child_id
          AND e.kind = 'aggregation' AND (op.parent_id IS NULL OR e.to_id = op.parent_id) OFFSET 0) e
        WHERE op.child_id IS NOT NULL AND e.valid_to_event_id IS NULL AND ${before}
        UNION ALL
        SELECT e.event_id, e.from_id, e.to_id, op.*
        FROM op CROSS JOIN LATERAL (SELECT * FROM lineage_edge e WHERE e.to_id = op.parent_id
          AND e.kind = 'aggregation' OFFSET 0) e
        WHERE op.child_id IS NULL AND e.valid_to_event_id IS NULL AND ${before}
      ) candidates
      ORDER BY edge_event_id, edge_from, edge_to, block_number, tx_index, record_index
    ) m
    WHERE t.kind = 'aggregation' AND t.event_id = m.edge_event_id AND t.from_id = m.edge_from
      AND t.to_id = m.edge_to`.execute(db);
}

/**
 * Pairs each open shipment of an identifier, shipped before a receipt, with the earliest receipt;
 * receipts by retracted events are skipped.
 */
export async function receiveShipments(
  db: Kysely<Database>,
  receipts: readonly ShipmentReceipt[],
): Promise<void> {
  if (receipts.length === 0) return;
  await sql`
    UPDATE shipments AS t SET receive_event_id = m.event_id, receive_time = m.event_time,
      received_by_msp = m.received_by_msp, receive_tx_id = m.tx_id,
      receive_block_number = m.block_number, receive_tx_index = m.tx_index
    FROM (
      SELECT DISTINCT ON (s.ship_event_id, s.identifier) s.ship_event_id AS shipped_by_event,
        s.identifier AS shipped_identifier, op.*
      FROM (${unnestRows(SHIPMENT_RECEIPT_COLUMNS, receipts)}) AS op
      -- LATERAL: one index probe per receipt whatever the planner guesses (see closeAggregationEdges).
      CROSS JOIN LATERAL (SELECT * FROM shipments s WHERE s.identifier = op.identifier OFFSET 0) s
      WHERE s.receive_event_id IS NULL
        AND (s.block_number, s.tx_index, s.record_index) < (op.block_number, op.tx_index, op.record_index)
        AND ${stillCounts(sql`op.event_id`)}
      ORDER BY s.ship_event_id, s.identifier, op.block_number, op.tx_index, op.record_index
    ) m
    WHERE t.ship_event_id = m.shipped_by_event AND t.identifier = m.shipped_identifier`.execute(db);
}

/** Child rows that follow a parent record (parties of an organisation, lots of a recall). */
export interface ChildTable {
  table: string;
  /** Column of the child naming its parent. */
  parentColumn: string;
}

/**
 * Deletes children left over from an older version of their parent: the children the newest
 * parent record lists were just upserted to its (block_number, tx_index), so anything older under
 * that parent was dropped from it. A replayed old parent finds nothing older than itself.
 */
export async function deleteStaleChildren(
  db: Kysely<Database>,
  child: ChildTable,
  parents: readonly { key: string; block_number: bigint; tx_index: number }[],
): Promise<void> {
  if (parents.length === 0) return;
  await sql`
    DELETE FROM ${sql.id(child.table)} AS c
    USING json_to_recordset(${rowsToJson(parents)}::json) AS p(key text, block_number bigint, tx_index integer)
    WHERE c.${sql.id(child.parentColumn)} = p.key
      AND (c.block_number, c.tx_index) < (p.block_number, p.tx_index)`.execute(db);
}
