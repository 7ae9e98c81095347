/**
 * The SQL core of a recall: the affected set as ONE recursive CTE (cycle-safe through UNION: a
 * node enters once), then one row per affected item with its current state and derived status.
 * recall.queries.ts aggregates these CTEs into the GraphQL answer; the CSV export streams them.
 */
import { sql, type RawBuilder } from 'kysely';
import { liveEdge } from './lineage.queries.js';

/** Where an affected item stands now. */
export type ItemStatus =
  'IN_STOCK' | 'IN_TRANSIT' | 'DISPENSED' | 'DESTROYED' | 'RECALLED' | 'UNKNOWN';

/** Lots the recall starts from and the instant whose graph it walks. */
export interface RecallScope {
  roots: string[];
  asOf: Date;
}

/** SQL: the shipping event of shipment `alias` was not declared erroneous. */
function liveShipment(alias: string): RawBuilder<boolean> {
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

/**
 * SQL: edge `alias`, from the node `from`, is a lot's membership of a covered member (one whose
 * every edge carries the lot): the walk reaches such members through `members` and their edges
 * through the lot's range scan, never one probe at a time. Lots are lgtin classes.
 */
function coveredMembership(from: RawBuilder<unknown>, alias: string): RawBuilder<boolean> {
  return sql<boolean>`${from} LIKE 'urn:epc:class:lgtin:%' AND ${sql.ref(`${alias}.kind`)} = 'lot_membership' AND NOT ${sql.ref(`${alias}.stray_edges`)}`;
}

/** SQL: edge `alias` held at `asOf` (and its event was not declared erroneous). */
export function validAt(alias: string, asOf: Date): RawBuilder<boolean> {
  const e = (column: string): RawBuilder<unknown> => sql.ref(`${alias}.${column}`);
  return sql<boolean>`${e('valid_from')} <= ${asOf} AND (${e('valid_to')} IS NULL OR ${e('valid_to')} > ${asOf}) AND ${liveEdge(alias)}`;
}

/**
 * The CTEs. `walk` follows every edge valid at asOf downstream of the roots (transformations, lot
 * membership, containment) and keeps the edges it followed as rows (id, from_id, kind). Its
 * recursive step expands the DISTINCT nodes of the previous step: a case reached from its 48
 * units is probed once, and as rows are edges the walk ends when no new edge turns up (cycles
 * too). Each node's edges come from one LATERAL index probe (a subquery with its own CTE, which
 * the planner cannot flatten into hash joins over whole tables, as it would when it misjudges CTE
 * sizes): the cost follows the size of the answer, not of the mirror. Rows carry the edge's
 * valid_from, for `since`.
 *
 * A lot's units are most of a recall, and they are not rows of the walk. A lot brings the edges
 * of its members from one range scan over the edges tagged with it (lineage_edge.from_lot), kept
 * when their from-node is among the memberships just read: such a member is `covered`, never
 * probed, and its edges enter the walk as one row per node they lead to (from_id NULL): a case
 * holding 48 units of the lot is one row, not 48. The covered memberships themselves are read
 * once more, outside the recursion (`members`). Only a member whose every edge carries the lot
 * qualifies (not stray_edges, migration 570); the others are walked one probe at a time. So
 * ~14,000 units pass through none of the walk's per-row work (its dedup, its worktable, the
 * next step's DISTINCT), and the containment of a unit is read where it is shown (a page's rows,
 * the export) instead of carried by the walk.
 *
 * Per-item facts (state, shipments) are fetched with one `= ANY (array)` index scan each: the
 * array's keys are sorted once and neighbouring keys (the serials of one lot) share index pages,
 * which is cheaper than a probe per item. The other CTEs: `affected` (the walk's nodes and the
 * members), `since` (when the recalled goods came into being), `junctions` (transformation IDs:
 * walked through, not listed), `made_lots` (lots of serials a transformation made: listed, not
 * walked), `lot_units`, `others`, `box_custody` and `items` (current state), `holds` (containment
 * among affected items), `direct` (each item's container), `containers`, `nested`, `chain` (each
 * container's containers, climbed from the containers only), `chain_top`, `moving_containers` and
 * `moving_items` (what an open shipment carries), `carried` (items per container under way at
 * asOf), `reached` (the edge each item joined by, for the export) and `detail` (one row per listed
 * item: state, kind, status; withContainers adds its containers where they are shown).
 */
export function recallCtes(
  scope: RecallScope,
  columns: ReadonlySet<StateColumn> = ALL_STATE_COLUMNS,
): RawBuilder<unknown> {
  const { roots, asOf } = scope;
  const stateColumns = (alias: string): RawBuilder<unknown> => stateColumnsOf(alias, columns);
  return sql`
    walk(id, from_id, kind, valid_from) AS (
      SELECT unnest(${roots}::text[]), NULL::text, NULL::text, NULL::timestamptz
      UNION
      SELECT e.to_id, e.from_id, e.kind, e.valid_from FROM (SELECT DISTINCT id FROM walk) a
      CROSS JOIN LATERAL (
        WITH out AS MATERIALIZED (
          SELECT e.to_id, e.from_id, e.kind, e.stray_edges, e.valid_from FROM lineage_edge e
          WHERE e.from_id = a.id AND ${validAt('e', asOf)}
        )
        -- Every edge but a lot's memberships of covered members (those are \`members\`).
        SELECT o.to_id, o.from_id, o.kind, o.valid_from FROM out o
        WHERE NOT (${coveredMembership(sql`a.id`, 'o')})
        UNION ALL
        -- The edges tagged with the lot (a range scan) whose from-node is among its covered
        -- members just read: a hashed subplan over those, built once per lot. A join here could
        -- become a nested loop probing once per member, the very cost this branch exists to
        -- avoid. One row per node and kind they lead to. Lots are lgtin classes (the contract's
        -- lotClassOf): other nodes skip the scan.
        SELECT e.to_id, NULL::text, e.kind, min(e.valid_from) FROM lineage_edge e
        WHERE a.id LIKE 'urn:epc:class:lgtin:%' AND e.from_lot = a.id AND ${validAt('e', asOf)}
          AND (e.from_id IN (SELECT o.to_id FROM out o WHERE ${coveredMembership(sql`a.id`, 'o')})) IS TRUE
        GROUP BY e.to_id, e.kind
      ) e
    ),
    -- The covered members of the lots walked: the memberships the walk left out, read in one
    -- index scan.
    members AS MATERIALIZED (
      SELECT e.to_id AS id, e.valid_from FROM lineage_edge e
      WHERE e.from_id = ANY (ARRAY(SELECT DISTINCT id FROM walk WHERE id LIKE 'urn:epc:class:lgtin:%'))
        AND ${coveredMembership(sql`e.from_id`, 'e')} AND ${validAt('e', asOf)}
    ),
    affected AS MATERIALIZED (SELECT id FROM walk UNION SELECT id FROM members),
    -- When the recalled goods came into being: the roots' first event or, if earlier, the first
    -- link of the walk (a unit's membership begins at its commissioning, which may name no lot).
    -- Nothing affected was on the way of the recalled goods before it, so the sensor alerts the
    -- summary looks at start there: their number follows the lots' lifetime, not the mirror's.
    since AS MATERIALIZED (
      SELECT COALESCE(LEAST((SELECT min(valid_from) FROM (SELECT valid_from FROM walk UNION ALL SELECT valid_from FROM members) w),
        (SELECT min(ei.event_time) FROM event_identifiers ei WHERE ei.identifier = ANY (${roots}::text[]))),
        '-infinity') AS t
    ),
    -- The nodes reached through a transformation (a handful), for the two CTEs below: one scan
    -- of the walk instead of one each.
    transformed AS MATERIALIZED (SELECT DISTINCT id FROM walk WHERE kind = 'transformation'),
    -- A transformation ID is only ever reached through a transformation edge.
    junctions AS MATERIALIZED (
      SELECT w.id FROM transformed w WHERE EXISTS (SELECT 1 FROM events t WHERE t.transformation_id = w.id)
    ),
    -- States: the units of affected lots in one range scan over identifier_state.lot_class (a lot's
    -- serials share index pages), then everything else (containers, loose items) by key. A unit
    -- commissioned after asOf comes along with its lot but joins no affected node, so it is dropped.
    -- A unit outside any container has its own row as current state (the view's chain is itself
    -- alone); one in a container takes its container's custody (box_custody).
    lot_units AS MATERIALIZED (
      SELECT ${stateColumns('s')}, s.parent FROM identifier_state s
      WHERE s.lot_class = ANY (ARRAY(SELECT id FROM affected WHERE id LIKE 'urn:epc:class:lgtin:%'))
    ),
    -- The lots of serials a transformation made from the recalled goods (outputEPCList): such a
    -- lot has no transformation edge of its own, so the walk reaches its serials, not it. It is
    -- listed (a recall names lots) but not walked: its other serials are not affected.
    made_lots AS MATERIALIZED (
      SELECT DISTINCT m.from_id AS id FROM lineage_edge m
      WHERE m.to_id = ANY (ARRAY(
          SELECT w.id FROM transformed w
          WHERE w.id NOT LIKE 'urn:epc:class:lgtin:%' AND NOT ${memberOf(sql`w.id`, 'junctions')}))
        AND m.kind = 'lot_membership' AND ${validAt('m', asOf)}
        AND NOT ${memberOf(sql`m.from_id`, 'affected')}
    ),
    -- Affected items that are not units of an affected lot (containers, lots, units of other
    -- lots), junctions left out, and the made lots: their states are looked up by key.
    others AS MATERIALIZED (
      SELECT id FROM affected
      WHERE NOT ${memberOf(sql`id`, 'lot_units')} AND NOT ${memberOf(sql`id`, 'junctions')}
      UNION ALL
      SELECT id FROM made_lots
    ),
    -- A unit of an affected lot inside a container takes custody from its container's custody
    -- (container_custody, resolved once per container) unless its own last event is later:
    -- identifier_current_state's rule, without a chain of joins per unit (migration 600). The
    -- containers are the lot units' current parents (custody is current, even with asOf).
    box_custody AS MATERIALIZED (
      SELECT ${stateColumns('c')} FROM container_custody c
      WHERE c.epc = ANY (ARRAY(SELECT DISTINCT parent FROM lot_units WHERE parent IS NOT NULL))
    ),
    -- Every listed item with its current state (has_state false when it has none). Most of a
    -- recall is units of its lots: their rows come straight from lot_units in one pass, each
    -- joined to its container's custody (a loose unit, or one whose container has no state, keeps
    -- its own) and kept when affected (a hashed test instead of a join of two ten-thousand-row
    -- sets). The others go through identifier_current_state by key. Read once, by \`detail\`.
    items AS (
      SELECT u.id, true AS has_state, ${unitStateColumns('u')} FROM ${fullJoined(sql`
        SELECT u.*, c.id IS NULL OR u.last_event_time > c.last_event_time AS own,
          ${containerCustodyColumns('c')}
        FROM lot_units u FULL JOIN box_custody c ON c.id = u.parent`)} u
      WHERE ${memberOf(sql`u.id`, 'affected')}
      UNION ALL
      SELECT * FROM ${fullJoined(sql`
        SELECT o.id, s.id IS NOT NULL AS has_state, ${stateColumnNames('s')} FROM others o
        FULL JOIN (SELECT ${stateColumns('s')} FROM identifier_current_state s
                   WHERE s.epc = ANY (ARRAY(SELECT id FROM others))) s ON s.id = o.id`)} o
    ),
    -- The aggregation edges the walk followed (both ends are affected, and a child is never a
    -- junction): those of the nodes it probed, and those of covered members, which the walk
    -- summarised, read again from the lots' range scans. Only for \`direct\`.
    holds AS MATERIALIZED (
      SELECT id AS parent, from_id AS child FROM walk WHERE kind = 'aggregation' AND from_id IS NOT NULL
      UNION ALL
      SELECT e.to_id, e.from_id FROM lineage_edge e
      WHERE e.from_lot = ANY (ARRAY(SELECT DISTINCT id FROM walk WHERE id LIKE 'urn:epc:class:lgtin:%'))
        AND e.kind = 'aggregation' AND ${validAt('e', asOf)} AND ${memberOf(sql`e.from_id`, 'members')}
    ),
    -- Each item's direct container (directContainers), for every item: read by the export
    -- (withContainers), by \`carried\` (shipments in transit) and by \`moving_items\` when
    -- something affected is under way. A page reads its own rows' (page_direct).
    direct AS MATERIALIZED (${directContainers(sql`holds`)}),
    -- The nodes an aggregation edge led to.
    containers AS MATERIALIZED (SELECT DISTINCT id FROM walk WHERE kind = 'aggregation'),
    -- Containers inside containers (a case on a pallet) with their direct container: the only
    -- links a container chain climbs.
    nested AS MATERIALIZED (
      SELECT item AS container, container AS parent
      FROM (${directContainers(containmentOf('containers', asOf))}) d
    ),
    -- Every container with each container above it (itself at hops 0). Climbing from the few
    -- hundred containers, not from the ten thousand items, keeps this small: an item's containers
    -- are its direct container's chain.
    chain(container, above, hops) AS (
      SELECT id, id, 0 FROM containers
      UNION
      SELECT c.container, n.parent, c.hops + 1 FROM chain c JOIN nested n ON n.container = c.above WHERE c.hops < 32
    ),
    -- Per container: the top of its chain (what an item in it shows as its top container).
    chain_top AS MATERIALIZED (
      SELECT DISTINCT ON (container) container, above AS top FROM chain ORDER BY container, hops DESC, above
    ),
    -- Containers on an open shipment or inside one (everything in them is moving), and the items
    -- whose direct container is one: small sets, which detail reads only when something affected
    -- is under way.
    moving_containers AS MATERIALIZED (
      SELECT DISTINCT container FROM chain WHERE ${memberOf(sql`above`, 'open_shipped', 'identifier')}
    ),
    moving_items AS MATERIALIZED (
      SELECT item FROM direct
      WHERE EXISTS (SELECT 1 FROM moving_containers) AND ${memberOf(sql`container`, 'moving_containers', 'container')}
    ),
    -- Affected items on a shipment not received yet: each affected item tested against the
    -- open shipments (a partial index holds them, as many as goods under way in the whole
    -- network), rather than every affected item probed for its shipments.
    open_shipments AS MATERIALIZED (
      SELECT sh.identifier FROM shipments sh WHERE sh.receive_event_id IS NULL AND ${liveShipment('sh')}
    ),
    open_shipped AS MATERIALIZED (
      SELECT id AS identifier FROM affected WHERE ${memberOf(sql`id`, 'open_shipments', 'identifier')}
    ),
    -- Shipments of affected items under way at asOf, for the summary: the shipments under way
    -- then (an index over the time each was under way, migration 630: as many as goods on the
    -- road at asOf in the whole network), each tested against the affected set (junctions, which
    -- affected also holds, are never shipped).
    in_transit AS MATERIALIZED (
      SELECT * FROM shipments sh
      WHERE ${underWay('sh')} @> ${asOf}::timestamptz AND ${liveShipment('sh')}
        AND ${memberOf(sql`sh.identifier`, 'affected')}
    ),
    -- Items inside each container under way at asOf, at any depth. Only when something is under
    -- way (a one-time test): the FULL JOIN reads every item's direct container.
    carried AS MATERIALIZED (
      SELECT j.above AS container, count(DISTINCT j.item) AS n
      FROM ${fullJoined(sql`
        SELECT d.item AS id, d.item, c.above
        FROM (SELECT * FROM chain WHERE ${memberOf(sql`above`, 'in_transit', 'identifier')}) c
        FULL JOIN direct d ON d.container = c.container`)} j
      WHERE EXISTS (SELECT 1 FROM in_transit) AND j.above IS NOT NULL GROUP BY j.above
    ),
    -- For each item the edge it joined by: the earliest recorded one from an affected node.
    reached AS MATERIALIZED (
      SELECT DISTINCT ON (e.to_id) e.to_id, e.kind, e.from_id, e.event_id, e.tx_id, e.block_number
      FROM affected f
      CROSS JOIN LATERAL (SELECT * FROM lineage_edge e WHERE e.from_id = f.id AND ${validAt('e', asOf)} OFFSET 0) e
      ORDER BY e.to_id, e.block_number, e.tx_index, e.record_index, e.from_id
    ),
    -- Every listed item with its kind and status. Containers, and the names of parties and
    -- locations, are joined where they are shown (withContainers, namedRows), not here.
    detail AS MATERIALIZED (
      SELECT i.*,
        CASE WHEN i.is_lot THEN 'LOT'
             WHEN i.holds_container THEN 'PALLET'
             WHEN i.holds_any OR i.id LIKE 'urn:epc:id:sscc:%' THEN 'CASE'
             WHEN i.id LIKE 'urn:epc:id:sgtin:%' THEN 'UNIT'
             ELSE 'OTHER' END AS kind,
        CASE
          WHEN i.is_lot THEN CASE WHEN i.disposition = 'recalled' OR i.recall_id IS NOT NULL THEN 'RECALLED' ELSE 'UNKNOWN' END
          WHEN NOT i.has_state THEN 'UNKNOWN'
          WHEN i.disposition IN ('destroyed', 'disposed', 'inactive') THEN 'DESTROYED'
          WHEN i.disposition IN ('dispensed', 'partially_dispensed') THEN 'DISPENSED'
          WHEN i.disposition = 'recalled' THEN 'RECALLED'
          WHEN i.in_transit_to_msp IS NOT NULL OR i.in_transit_to_party IS NOT NULL OR i.in_transit_to_location IS NOT NULL
            OR i.moving THEN 'IN_TRANSIT'
          ELSE 'IN_STOCK'
        END AS status
      FROM (
        SELECT a.id, a.has_state,
          (l.lot_class IS NOT NULL OR a.id LIKE 'urn:epc:class:lgtin:%') AS is_lot,
          COALESCE(a.lot_class, l.lot_class) AS lot_class,
          COALESCE(a.gtin, l.gtin) AS gtin, COALESCE(a.owner_msp, l.owner_msp) AS owner_msp,
          a.owner_party, a.possessor_party, a.location,
          COALESCE(a.disposition, l.disposition) AS disposition, l.recall_id,
          a.in_transit_to_msp, a.in_transit_to_party, a.in_transit_to_location,
          COALESCE(a.last_event_id, l.last_event_id) AS last_event_id, a.last_event_time,
          COALESCE(a.tx_id, l.tx_id) AS tx_id, COALESCE(a.block_number, l.block_number) AS block_number,
          -- As a container, whether it holds something (a CASE) or a container (a PALLET). It
          -- moves when it or a container above it is on an open shipment. Hashed tests against
          -- a few hundred containers, not joins: each join of ten thousand rows forms a wide row
          -- per item, and only the answer's rows that show containers pay for them
          -- (withContainers).
          ${memberOf(sql`a.id`, 'containers')} AS holds_any,
          ${memberOf(sql`a.id`, 'nested', 'parent')} AS holds_container,
          EXISTS (SELECT 1 FROM open_shipped) AND (${memberOf(sql`a.id`, 'open_shipped', 'identifier')}
            OR ${memberOf(sql`a.id`, 'moving_containers', 'container')}
            OR ${memberOf(sql`a.id`, 'moving_items', 'item')}) AS moving
        FROM items a
        LEFT JOIN lots l ON l.lot_class = a.id
        -- A fence: the CASEs above read holds_container, holds_any and moving, which the planner
        -- would otherwise inline and test twice per item.
        OFFSET 0
      ) i
    )`;
}

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
function containerCustodyColumns(alias: string): RawBuilder<unknown> {
  return sql.join(
    CUSTODY_COLUMNS.map((c) => sql`${sql.ref(`${alias}.${c}`)} AS ${sql.ref(`container_${c}`)}`),
  );
}

/** SQL: the state columns (without the id) of a lot unit joined to its container's custody. */
function unitStateColumns(alias: string): RawBuilder<unknown> {
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
function stateColumnsOf(alias: string, columns: ReadonlySet<StateColumn>): RawBuilder<unknown> {
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
function stateColumnNames(alias: string): RawBuilder<unknown> {
  return sql.join(STATE_COLUMNS.map((c) => sql.ref(`${alias}.${c}`)));
}

/**
 * SQL: `detail` rows with the names of their possessor's organisation and location, as `itemJson`
 * wants them: the FROM of a page or of the export. `rows` is a subquery or CTE of detail rows.
 */
export function namedRows(rows: RawBuilder<unknown>, alias: string): RawBuilder<unknown> {
  return sql`(SELECT r.*, pp.msp_id AS possessor_msp, loc.name AS location_name FROM ${rows} r
    LEFT JOIN parties pp ON pp.party_id = r.possessor_party
    LEFT JOIN locations loc ON loc.location_id = r.location) ${sql.raw(alias)}`;
}

/** SQL: the JSON object of one named `detail` row `d` (see namedRows), as RecallItemJson. */
export function itemJson(d: string): RawBuilder<unknown> {
  const c = (column: string): RawBuilder<unknown> => sql.ref(`${d}.${column}`);
  return sql`json_build_object('id', ${c('id')}, 'kind', ${c('kind')}, 'status', ${c('status')},
    'lot_class', ${c('lot_class')}, 'gtin', ${c('gtin')}, 'owner_msp', ${c('owner_msp')},
    'owner_party', ${c('owner_party')}, 'possessor_party', ${c('possessor_party')},
    'possessor_msp', ${c('possessor_msp')}, 'location', ${c('location')}, 'location_name', ${c('location_name')},
    'disposition', ${c('disposition')}, 'container', ${c('container')}, 'top_container', ${c('top_container')},
    'in_transit_to_msp', ${c('in_transit_to_msp')}, 'in_transit_to_party', ${c('in_transit_to_party')},
    'in_transit_to_location', ${c('in_transit_to_location')}, 'last_event_id', ${c('last_event_id')},
    'last_event_time', ${c('last_event_time')}, 'tx_id', ${c('tx_id')}, 'block_number', ${c('block_number')}::text)`;
}

/**
 * SQL: the edge `detail` row `d` joined the affected set by (the earliest recorded one from an
 * affected node), as JSON or null: a lookup per row, for pages (the CSV export joins `reached`).
 */
export function viaOf(d: string, asOf: Date): RawBuilder<unknown> {
  return sql`(SELECT ${viaJson('e')} FROM lineage_edge e
    WHERE e.to_id = ${sql.ref(`${d}.id`)} AND ${validAt('e', asOf)} AND ${memberOf(sql`e.from_id`, 'affected')}
    ORDER BY e.block_number, e.tx_index, e.record_index, e.from_id LIMIT 1)`;
}

/** SQL: the `reached` row `v` (the edge an item joined the affected set by) as JSON, or null. */
export function viaJson(v: string): RawBuilder<unknown> {
  const c = (column: string): RawBuilder<unknown> => sql.ref(`${v}.${column}`);
  return sql`CASE WHEN ${c('to_id')} IS NULL THEN NULL ELSE json_build_object('kind', ${c('kind')}, 'from', ${c('from_id')},
    'event_id', ${c('event_id')}, 'tx_id', ${c('tx_id')}, 'block_number', ${c('block_number')}::text) END`;
}

/** How an item joined the affected set (JSON). */
export interface ViaJson {
  kind: 'transformation' | 'aggregation' | 'lot_membership';
  from: string;
  event_id: string;
  tx_id: string;
  block_number: string;
}

/** One affected item as the statements return it (JSON: block numbers as text, times as ISO text). */
export interface RecallItemJson {
  id: string;
  kind: 'LOT' | 'UNIT' | 'CASE' | 'PALLET' | 'OTHER';
  status: ItemStatus;
  lot_class: string | null;
  gtin: string | null;
  owner_msp: string | null;
  owner_party: string | null;
  possessor_party: string | null;
  possessor_msp: string | null;
  location: string | null;
  location_name: string | null;
  disposition: string | null;
  container: string | null;
  top_container: string | null;
  in_transit_to_msp: string | null;
  in_transit_to_party: string | null;
  in_transit_to_location: string | null;
  last_event_id: string | null;
  last_event_time: string | null;
  tx_id: string | null;
  block_number: string | null;
}
