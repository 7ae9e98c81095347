/**
 * The state columns of an affected item: which of them a recall statement reads, and the SQL that
 * selects them from identifier_state, identifier_current_state or a container's custody.
 */
import { sql, type RawBuilder } from 'kysely';

// The state columns an item shows.
const STATE_COLUMNS = [
  'lot_class',
  'gtin',
  'owner_msp',
  'owner_party',
  'possessor_party',
  'location',
  'disposition',
  'in_transit_to_msp',
  'in_transit_to_party',
  'in_transit_to_location',
  'last_event_id',
  'last_event_time',
  'tx_id',
  'block_number',
] as const;

/** A column of an item's state (identifier_state's, as the recall shows it). */
export type StateColumn = (typeof STATE_COLUMNS)[number];

/** Every state column: what a page of whole items and the CSV export read. */
export const ALL_STATE_COLUMNS: ReadonlySet<StateColumn> = new Set(STATE_COLUMNS);

/**
 * The state columns every recall reads: status needs the disposition and the in-transit fields,
 * and custody goes to the container unless the item's own last event is later. The others are
 * read only when an item's details, a count by party or one by location are asked for: carrying
 * them through every stage of a 14,000-item recall costs it ~8%.
 */
export const STATUS_STATE_COLUMNS: ReadonlySet<StateColumn> = new Set([
  'disposition',
  'in_transit_to_msp',
  'in_transit_to_party',
  'in_transit_to_location',
  'last_event_time',
] as const);

// SQL types of the state columns that are not text, for the NULLs of columns not read.
const NON_TEXT: Partial<Record<StateColumn, string>> = {
  last_event_time: 'timestamptz',
  block_number: 'int8',
};

// Of those, the ones identifier_current_state takes from the member of the parent chain that
// supplies custody (the others are the item's own).
const CUSTODY_COLUMNS: readonly StateColumn[] = STATE_COLUMNS.filter(
  (c) => c !== 'lot_class' && c !== 'gtin',
);

/** SQL: a box_custody row `alias`'s custody columns, each prefixed `container_`. */
export function containerCustodyColumns(alias: string): RawBuilder<unknown> {
  return sql.join(
    CUSTODY_COLUMNS.map((c) => sql`${sql.ref(`${alias}.${c}`)} AS ${sql.ref(`container_${c}`)}`),
  );
}

/** SQL: the state columns (without the id) of a lot unit joined to its container's custody. */
export function unitStateColumns(alias: string): RawBuilder<unknown> {
  const ref = (c: string): RawBuilder<unknown> => sql.ref(`${alias}.${c}`);
  return sql.join(
    STATE_COLUMNS.map((c) =>
      CUSTODY_COLUMNS.includes(c)
        ? sql`CASE WHEN ${ref('own')} THEN ${ref(c)} ELSE ${ref(`container_${c}`)} END AS ${sql.ref(c)}`
        : ref(c),
    ),
  );
}

/**
 * SQL: the state columns of identifier_state, identifier_current_state or container_custody
 * `alias`, epc as `id`; those not in `columns` as NULLs of their types.
 */
export function stateColumnsOf(
  alias: string,
  columns: ReadonlySet<StateColumn>,
): RawBuilder<unknown> {
  return sql.join([
    sql`${sql.ref(`${alias}.epc`)} AS id`,
    ...STATE_COLUMNS.map((c) =>
      columns.has(c)
        ? sql.ref(`${alias}.${c}`)
        : sql`NULL::${sql.raw(NON_TEXT[c] ?? 'text')} AS ${sql.ref(c)}`,
    ),
  ]);
}

/** SQL: the state columns (without the id) of a row built with stateColumns, from `alias`. */
export function stateColumnNames(alias: string): RawBuilder<unknown> {
  return sql.join(STATE_COLUMNS.map((c) => sql.ref(`${alias}.${c}`)));
}
