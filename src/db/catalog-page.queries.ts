/**
 * Keyset pagination and list-filter helpers shared by the API's list queries: a page is the rows
 * strictly after a key, ordered by that key, so pages never skip or repeat rows while data grows.
 */
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { BadUserInputError } from '../errors.js';

/** A page of rows, the keyset position of each, and whether more follow. */
export interface Page<T> {
  rows: T[];
  keys: string[][];
  hasNextPage: boolean;
}

/** Page size and the key (as text) after which the page starts. */
export interface PageQuery {
  first: number;
  after: readonly string[] | undefined;
}

/** A column of a keyset, with the SQL type its cursor text is cast to. */
export interface KeyColumn {
  column: string;
  type: 'text' | 'timestamptz';
}

/** A list filter value: absent, or alternatives. */
export type AnyOf = readonly string[] | null | undefined;

/** Where the row came from (invariant 6). */
export interface Provenanced {
  txId: string;
  blockNumber: bigint;
}

/** SQL: `column = ANY(values)`, one array parameter whatever the number of values. */
export function anyOf(column: string, values: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} = ANY(${[...values]}::text[])`;
}

/** Adds `column = ANY(values)` when values are given. */
export function whereAny<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  column: string,
  values: AnyOf,
): SelectQueryBuilder<DB, TB, O> {
  return values == null ? qb : qb.where(anyOf(column, values));
}

/**
 * One keyset page of `qb`: rows strictly after `page.after` in key order (descending when `desc`),
 * one row more than asked to learn whether another page follows.
 */
export async function keysetPage<DB, TB extends keyof DB, O, T>(
  qb: SelectQueryBuilder<DB, TB, O>,
  keys: readonly KeyColumn[],
  page: PageQuery,
  toRow: (o: O) => T,
  keyOf: (o: O) => string[],
  desc = false,
): Promise<Page<T>> {
  let q = qb;
  if (page.after !== undefined) {
    assertCursorParts(keys, page.after);
    const columns = sql.join(keys.map((k) => sql.ref(k.column)));
    const values = sql.join(keys.map((k, i) => sql`${page.after?.[i] ?? ''}::${sql.raw(k.type)}`));
    q = q.where(
      desc ? sql<boolean>`(${columns}) < (${values})` : sql<boolean>`(${columns}) > (${values})`,
    );
  }
  for (const k of keys) q = q.orderBy(sql.ref(k.column), desc ? 'desc' : 'asc');
  const found = await q.limit(page.first + 1).execute();
  const rows = found.slice(0, page.first);
  return { rows: rows.map(toRow), keys: rows.map(keyOf), hasNextPage: found.length > page.first };
}

// The text of Date.toISOString(), as the keyOf functions write timestamps into cursors.
const ISO_INSTANT = /^[+-]?\d{4,6}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Checks a decoded cursor's parts against the key's types before they reach SQL, where a bad
 * timestamp would fail the statement as an internal error.
 * @throws BadUserInputError naming `after`.
 */
function assertCursorParts(keys: readonly KeyColumn[], parts: readonly string[]): void {
  keys.forEach((k, i) => {
    const part = parts[i] ?? '';
    if (k.type === 'timestamptz' && !(ISO_INSTANT.test(part) && !Number.isNaN(Date.parse(part)))) {
      throw new BadUserInputError(
        'after is not a cursor of this list (a damaged position); pass pageInfo.endCursor from a previous page',
        'after',
      );
    }
  });
}

/** Number of rows `qb` selects (its select list and order are replaced). */
export async function countRows<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
): Promise<number> {
  // With a generic DB, Kysely cannot narrow the result of a replaced select list: say it here.
  const row = (await qb
    .clearSelect()
    .clearOrderBy()
    .select(sql<bigint>`count(*)`.as('n'))
    .executeTakeFirst()) as { n: bigint } | undefined;
  return Number(row?.n ?? 0n);
}
