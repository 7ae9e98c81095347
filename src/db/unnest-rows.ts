/**
 * Rows as a relation for bulk statements: `SELECT … FROM unnest($1::type[], …) AS x(…)`, one
 * array parameter per column (see pg-array.ts for the encoding and why not json_to_recordset).
 */
import { sql, type RawBuilder } from 'kysely';
import { columnLiterals } from './pg-array.js';

/** A column of the relation: its name (a key of the rows) and SQL type. */
export interface UnnestColumn {
  readonly name: string;
  /** SQL type, from code, never from input: it is spliced into the statement. */
  readonly type: string;
}

/** Rows of an array column travel as text literals of that type: unnest needs rectangular arrays. */
const isArrayType = (type: string): boolean => type.endsWith('[]');

/** The SELECT producing `rows` with `columns`, named and typed as given. */
export function unnestRows(
  columns: readonly UnnestColumn[],
  rows: readonly object[],
): RawBuilder<unknown> {
  return unnestLiterals(
    columns,
    columnLiterals(
      rows,
      columns.map((c) => c.name),
    ),
  );
}

/** The SELECT producing the rows whose column literals (see pg-array.ts) are given, in order. */
export function unnestLiterals(
  columns: readonly UnnestColumn[],
  literals: readonly string[],
): RawBuilder<unknown> {
  const arrays = columns.map(({ type }, i) => {
    const elementType = isArrayType(type) ? 'text' : type;
    return sql`${literals[i]}::${sql.raw(elementType)}[]`;
  });
  const selected = columns.map(({ name, type }) =>
    isArrayType(type) ? sql`${sql.id(name)}::${sql.raw(type)} AS ${sql.id(name)}` : sql.id(name),
  );
  const names = sql.join(columns.map((c) => sql.id(c.name)));
  return sql`SELECT ${sql.join(selected)} FROM unnest(${sql.join(arrays)}) AS x(${names})`;
}
