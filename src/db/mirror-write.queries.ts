/**
 * The indexer's writes to the mirror. Each table's rows go in as one array parameter per column
 * expanded by unnest (see pg-array.ts for why not one json parameter), and all tables of a batch
 * go in ONE statement of data-modifying CTEs: a batch of thousands of events costs one round trip,
 * with no 65 535-parameter limit and no per-row statement overhead.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from './database.js';
import { columnLiteral, storableJsonText } from './pg-array.js';
import { unnestLiterals } from './unnest-rows.js';

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
  /**
   * A fact table whose key includes the block or the event that produced the row: a row can be
   * there already only when that block or event is written a second time (a replayed block), so
   * the store first inserts without a conflict check (see WriteRowsOptions.optimistic).
   */
  readonly insertOnly?: boolean;
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
  return storableJsonText(JSON.stringify(out));
}

const ident = (name: string): RawBuilder<unknown> => sql.id(...name.split('.'));
const list = (names: readonly string[]): RawBuilder<unknown> =>
  sql.join(names.map((n) => sql.id(n)));

/** The INSERT … SELECT FROM unnest for one table, with its conflict clause. */
function insertStatement(
  spec: TableSpec,
  literals: readonly string[],
  into: string,
  options: WriteRowsOptions,
): RawBuilder<unknown> {
  const source = unnestLiterals(
    spec.columns.map((name, i) => ({ name, type: spec.types[i] ?? 'text' })),
    literals,
  );
  const head = sql`INSERT INTO ${ident(into)} AS t (${list(spec.columns)}) ${source}`;
  if (options.plain === true) return head;
  if (spec.write === 'fact') {
    return spec.insertOnly === true && options.optimistic === true
      ? head
      : sql`${head} ON CONFLICT DO NOTHING`;
  }
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
  /**
   * Insert the rows of insertOnly tables without ON CONFLICT DO NOTHING: it costs an index probe
   * before each insert and a confirmation WAL record after it (about 20% of such a table's write,
   * 7% of a whole batch). A row that is there already then fails the statement with a unique
   * violation (see isUniqueViolation), and the caller writes the batch again without this option.
   */
  optimistic?: boolean;
}

/** True for Postgres's unique_violation, the error of an optimistic write that met a stored row. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505'
  );
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
    const insert = insertStatement(spec, literals, target(spec.table), options);
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
