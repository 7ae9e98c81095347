/**
 * Verify's comparisons, done in SQL so both sides go through the same types (numeric, timestamptz
 * rounding, jsonb): the re-projected rows of a range of blocks are loaded into temporary tables
 * shaped like the mirror's, then compared with EXCEPT, row against row, in one transaction.
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from './database.js';
import { findCloseDifferences } from './mirror-verify-closes.queries.js';
import type { AggregationClose, ShipmentReceipt } from './mirror-closes.queries.js';
import { rowsToJson, writeRows, type TableRows } from './mirror-write.queries.js';

/** How one table (or one part of it) is compared. */
export interface CompareSpec {
  /** Name reported in a difference, e.g. "events" or "events (retraction)". */
  name: string;
  table: string;
  /** Compared columns; must include the key and version columns. */
  columns: readonly string[];
  key: readonly string[];
  /** Block column and, when the table has one, transaction index column of the row's version. */
  version: readonly [string, string?];
  /** first: an earlier writer of the key wins. last: a later one does (state tables). */
  policy: 'first' | 'last';
  /** A boolean column selecting the compared rows (events with a retraction). */
  filter?: string;
  /**
   * Rows the store derives from other mirror rows rather than projects from a block (the
   * `contained` rows of event_identifiers): a value of `column` they carry; verify skips them.
   */
  derived?: { column: string; value: string };
  /** For child rows: a newer parent record may have dropped them. */
  parent?: { table: string; column: string; parentKey: string };
}

/** One row the two sides disagree on. */
export interface RowDifference {
  table: string;
  /** "column=value, …" of the row's key. */
  key: string;
  blockNumber: bigint;
  /** unexpected: in the mirror, not on the ledger. missing: on the ledger, not in the mirror. */
  side: 'unexpected' | 'missing';
}

/** Everything re-projected from one range of blocks. */
export interface ExpectedRange {
  from: bigint;
  to: bigint;
  tables: readonly TableRows[];
  aggregationCloses: readonly AggregationClose[];
  shipmentReceipts: readonly ShipmentReceipt[];
}

const expectedName = (table: string): string => `expected_${table}`;
const ids = (columns: readonly string[], alias: string): RawBuilder<unknown> =>
  sql.join(columns.map((c) => sql.ref(`${alias}.${c}`)));

/** SQL condition: rows a and b have the same natural key (lot membership: one per lot and serial). */
function sameKey(spec: CompareSpec, a: string, b: string): RawBuilder<unknown> {
  const equal = (c: string): RawBuilder<unknown> =>
    sql`${sql.ref(`${a}.${c}`)} = ${sql.ref(`${b}.${c}`)}`;
  if (spec.table !== 'lineage_edge') return sql.join(spec.key.map(equal), sql` AND `);
  const rest = spec.key.filter((c) => c !== 'event_id').map(equal);
  return sql`${sql.join(rest, sql` AND `)} AND (${sql.ref(`${a}.kind`)} = 'lot_membership' OR ${equal('event_id')})`;
}

function version(spec: CompareSpec, alias: string): RawBuilder<unknown> {
  return ids(
    spec.version.filter((c): c is string => c !== undefined),
    alias,
  );
}

const keyText = (spec: CompareSpec, alias: string): RawBuilder<string> =>
  sql<string>`concat_ws(', ', ${sql.join(spec.key.map((c) => sql`${sql.lit(`${c}=`)} || ${sql.ref(`${alias}.${c}`)}::text`))})`;

const where = (spec: CompareSpec, alias: string): RawBuilder<unknown> => {
  const selected = spec.filter === undefined ? sql`true` : sql.ref(`${alias}.${spec.filter}`);
  if (spec.derived === undefined) return selected;
  return sql`${selected} AND ${sql.ref(`${alias}.${spec.derived.column}`)} IS DISTINCT FROM ${spec.derived.value}`;
};

/** Mirror rows of the range that no re-projected row explains. */
async function unexpectedRows(
  trx: Transaction<Database>,
  spec: CompareSpec,
  range: ExpectedRange,
  limit: number,
) {
  const block = spec.version[0];
  return sql<{ key: string; block: bigint }>`
    SELECT ${keyText(spec, 'd')} AS key, ${sql.ref(`d.${block}`)} AS block FROM (
      SELECT ${ids(spec.columns, 'm')} FROM ${sql.table(spec.table)} m
      WHERE ${sql.ref(`m.${block}`)} BETWEEN ${range.from} AND ${range.to} AND ${where(spec, 'm')}
      EXCEPT
      SELECT ${ids(spec.columns, 'x')} FROM ${sql.table(`pg_temp.${expectedName(spec.table)}`)} x WHERE ${where(spec, 'x')}
    ) d ORDER BY block LIMIT ${limit}`.execute(trx);
}

/** Re-projected rows the mirror lacks, unless another writer of the key legitimately won. */
async function missingRows(trx: Transaction<Database>, spec: CompareSpec, limit: number) {
  const expected = sql.table(`pg_temp.${expectedName(spec.table)}`);
  const won = spec.policy === 'first' ? sql`<` : sql`>`;
  const parentWon =
    spec.parent === undefined
      ? sql`false`
      : sql`EXISTS (SELECT 1 FROM ${sql.table(spec.parent.table)} p
          WHERE ${sql.ref(`p.${spec.parent.parentKey}`)} = ${sql.ref(`d.${spec.parent.column}`)}
            AND (p.block_number, p.tx_index) > (d.block_number, d.tx_index))`;
  return sql<{ key: string; block: bigint }>`
    SELECT ${keyText(spec, 'd')} AS key, ${sql.ref(`d.${spec.version[0]}`)} AS block FROM (
      SELECT ${ids(spec.columns, 'x')} FROM ${expected} x WHERE ${where(spec, 'x')}
      EXCEPT
      SELECT ${ids(spec.columns, 'm')} FROM ${sql.table(spec.table)} m
      WHERE ${where(spec, 'm')} AND EXISTS (SELECT 1 FROM ${expected} x WHERE ${sameKey(spec, 'x', 'm')})
    ) d
    WHERE NOT EXISTS (SELECT 1 FROM ${sql.table(spec.table)} m
        WHERE ${sameKey(spec, 'm', 'd')} AND ${where(spec, 'm')} AND (${version(spec, 'm')}) ${won} (${version(spec, 'd')}))
      AND NOT ${parentWon}
    ORDER BY block LIMIT ${limit}`.execute(trx);
}

async function loadExpected(trx: Transaction<Database>, range: ExpectedRange): Promise<void> {
  for (const { spec } of range.tables) {
    await sql`CREATE TEMP TABLE ${sql.id(expectedName(spec.table))} (LIKE ${sql.table(spec.table)} INCLUDING DEFAULTS) ON COMMIT DROP`.execute(
      trx,
    );
  }
  await writeRows(trx, range.tables, { into: (t) => `pg_temp.${expectedName(t)}`, plain: true });
  await sql`CREATE TEMP TABLE expected_aggregation_close ON COMMIT DROP AS
    SELECT * FROM json_to_recordset(${rowsToJson(range.aggregationCloses)}::json) AS op(child_id text,
      parent_id text, event_id text, event_time timestamptz, tx_id text, block_number bigint,
      tx_index integer, record_index integer)`.execute(trx);
  await sql`CREATE TEMP TABLE expected_shipment_receipt ON COMMIT DROP AS
    SELECT * FROM json_to_recordset(${rowsToJson(range.shipmentReceipts)}::json) AS op(identifier text,
      event_id text, event_time timestamptz, received_by_msp text, tx_id text, block_number bigint,
      tx_index integer, record_index integer)`.execute(trx);
  // Temporary tables have no statistics until analysed; the comparisons need good join plans.
  for (const { spec } of range.tables)
    await sql`ANALYZE ${sql.table(`pg_temp.${expectedName(spec.table)}`)}`.execute(trx);
}

/**
 * Compares the mirror with the re-projection of one range of blocks and returns up to `limit`
 * differences per check, unsorted (the caller picks the first by block).
 */
export async function findRangeDifferences(
  db: Kysely<Database>,
  specs: readonly CompareSpec[],
  range: ExpectedRange,
  limit = 5,
): Promise<RowDifference[]> {
  return db.transaction().execute(async (trx) => {
    await loadExpected(trx, range);
    const found: RowDifference[] = [];
    const push = (
      table: string,
      side: RowDifference['side'],
      rows: { key: string; block: bigint }[],
    ): void => {
      for (const r of rows) found.push({ table, key: r.key, blockNumber: r.block, side });
    };
    for (const spec of specs) {
      push(spec.name, 'unexpected', (await unexpectedRows(trx, spec, range, limit)).rows);
      push(spec.name, 'missing', (await missingRows(trx, spec, limit)).rows);
    }
    found.push(...(await findCloseDifferences(trx, range, limit)));
    return found;
  });
}

/** Rows claiming a block at or beyond `height` (the mirror's checkpoint): no block explains them. */
export async function findRowsBeyond(
  db: Kysely<Database>,
  specs: readonly CompareSpec[],
  height: bigint,
): Promise<RowDifference[]> {
  const found: RowDifference[] = [];
  for (const spec of specs) {
    const block = spec.version[0];
    const { rows } = await sql<{ key: string; block: bigint }>`
      SELECT ${keyText(spec, 'm')} AS key, ${sql.ref(`m.${block}`)} AS block FROM ${sql.table(spec.table)} m
      WHERE ${sql.ref(`m.${block}`)} >= ${height} ORDER BY 2 LIMIT 1`.execute(db);
    for (const r of rows)
      found.push({ table: spec.name, key: r.key, blockNumber: r.block, side: 'unexpected' });
  }
  return found;
}
