/**
 * SQL building blocks of the recall statements (recall-affected.queries.ts, recall.queries.ts):
 * an edge or a shipment at an instant, membership in a CTE as one hashed test, joins between CTEs
 * that cannot become nested loops, and the rule for an item's direct container.
 */
import { sql, type RawBuilder } from 'kysely';
import { liveEdge } from './lineage.queries.js';

/** SQL: the shipping event of shipment `alias` was not declared erroneous. */
export function liveShipment(alias: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(`${alias}.ship_event_id`)} NOT IN (SELECT rx.event_id FROM events rx WHERE rx.retracted_block_number IS NOT NULL)`;
}

/**
 * SQL: the time shipment `alias` was under way, as a range: from shipping to receipt, open while
 * unreceived, empty should the receipt carry an earlier time than the shipping. Migration 630
 * indexes this very expression (the planner matches an index to a query by its expression).
 */
export function underWay(alias: string): RawBuilder<unknown> {
  const ship = sql.ref(`${alias}.ship_time`);
  const receive = sql.ref(`${alias}.receive_time`);
  return sql`tstzrange(${ship}, CASE WHEN ${receive} < ${ship} THEN ${ship} ELSE ${receive} END, '[)')`;
}

/**
 * SQL: `id` is in `column` of the CTE `set`. Wrapped so the planner cannot turn it into a join
 * (which it may nest-loop over a CTE it thinks tiny): it stays one hashed subplan, built once per
 * statement.
 */
export function memberOf(id: RawBuilder<unknown>, set: string, column = 'id'): RawBuilder<boolean> {
  return sql<boolean>`(${id} IN (SELECT ${sql.ref(column)} FROM ${sql.table(set)})) IS TRUE`;
}

/**
 * SQL: the rows of `join`, a select from a CTE FULL JOINed with other CTEs, whose first table's
 * `id` is not null, as a subquery. A left join of one CTE to another risks a nested loop: blind to
 * CTE sizes, the planner may scan the inner CTE once per outer row (9 s for 11,000 items in
 * cases). PostgreSQL runs a FULL JOIN only as a hash or merge join; the fence (OFFSET 0) keeps
 * the null filter outside, where it cannot turn the FULL JOIN back into a left join.
 */
export function fullJoined(join: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(SELECT * FROM (${join} OFFSET 0) j WHERE j.id IS NOT NULL)`;
}

/**
 * SQL: each child of `edges` (containment rows: parent, child) as `item`, with its direct
 * `container`: the least, should the data give an item several at asOf. One rule for every
 * reader: all items (`direct`), containers (`nested`), a page's rows.
 */
export function directContainers(edges: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`SELECT child AS item, min(parent) AS container FROM ${edges} h GROUP BY child`;
}

/**
 * SQL: the containment of the listed items in the CTE `set`, as rows (parent, child): their
 * aggregation edges held at asOf, one index probe each. For an affected item these are exactly
 * the aggregation edges the walk followed from it (`holds`), read for a few hundred items
 * (containers, a page) without the whole of `holds`. A made lot is listed but not walked: its
 * edges (a quantity of it packed into a tote) were not followed, and it shows no container.
 */
export function containmentOf(set: string, asOf: Date): RawBuilder<unknown> {
  return sql`(SELECT e.to_id AS parent, e.from_id AS child FROM lineage_edge e
    WHERE e.from_id = ANY (ARRAY(SELECT id FROM ${sql.table(set)} WHERE NOT ${memberOf(sql`id`, 'made_lots')}))
      AND e.kind = 'aggregation' AND ${validAt('e', asOf)})`;
}

/**
 * SQL: `rows` (detail rows, a parenthesised subquery or a CTE name) with each row's direct
 * container and the top of its chain, from the CTE `direct` or one like it restricted to the
 * rows (a page's own). detail leaves containers out: joining ten thousand rows to them costs a
 * wide row per item, and a page shows fifty.
 */
export function withContainers(rows: RawBuilder<unknown>, direct = 'direct'): RawBuilder<unknown> {
  return fullJoined(sql`SELECT r.*, d.container, t.top AS top_container FROM ${rows} r
    FULL JOIN ${sql.table(direct)} d ON d.item = r.id
    FULL JOIN chain_top t ON t.container = d.container`);
}

/** SQL: edge `alias` held at `asOf` (and its event was not declared erroneous). */
export function validAt(alias: string, asOf: Date): RawBuilder<boolean> {
  const e = (column: string): RawBuilder<unknown> => sql.ref(`${alias}.${column}`);
  return sql<boolean>`${e('valid_from')} <= ${asOf} AND (${e('valid_to')} IS NULL OR ${e('valid_to')} > ${asOf}) AND ${liveEdge(alias)}`;
}
