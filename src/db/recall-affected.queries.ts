/**
 * The SQL core of a recall: the affected set as ONE recursive CTE (cycle-safe through UNION: a
 * node enters once), then one row per affected item with its current state and derived status.
 * recall.queries.ts aggregates these CTEs into the GraphQL answer; the CSV export streams them.
 */
import { sql, type RawBuilder } from 'kysely';
import {
  containmentOf,
  directContainers,
  fullJoined,
  liveShipment,
  memberOf,
  underWay,
  validAt,
} from './recall-sql.js';
import {
  ALL_STATE_COLUMNS,
  containerCustodyColumns,
  stateColumnNames,
  stateColumnsOf,
  unitStateColumns,
  type StateColumn,
} from './recall-state-columns.js';

/** Lots the recall starts from and the instant whose graph it walks. */
export interface RecallScope {
  roots: string[];
  asOf: Date;
}

/**
 * SQL: edge `alias`, from the node `from`, is a lot's membership of a covered member (one whose
 * every edge carries the lot): the walk reaches such members through `members` and their edges
 * through the lot's range scan, never one probe at a time. Lots are lgtin classes.
 */
function coveredMembership(from: RawBuilder<unknown>, alias: string): RawBuilder<boolean> {
  return sql<boolean>`${from} LIKE 'urn:epc:class:lgtin:%' AND ${sql.ref(`${alias}.kind`)} = 'lot_membership' AND NOT ${sql.ref(`${alias}.stray_edges`)}`;
}

/**
 * SQL: the lots the walk reached (lots are lgtin classes), as an array for one `= ANY` index scan:
 * their covered memberships (`members`) and their members' edges (`holds`) are read by it.
 */
const lotsWalked = sql`ARRAY(SELECT DISTINCT id FROM walk WHERE id LIKE 'urn:epc:class:lgtin:%')`;

/**
 * The CTEs of a recall, in five groups: the walk and the affected set (walkCtes), the listed
 * items with their current state (listedItemCtes), containment (containmentCtes), what is under
 * way (shipmentCtes) and the rows a recall answers with (detailCtes). A CTE no part of the
 * statement reads is never run. `columns`: the state columns carried (see STATUS_STATE_COLUMNS).
 */
export function recallCtes(
  scope: RecallScope,
  columns: ReadonlySet<StateColumn> = ALL_STATE_COLUMNS,
): RawBuilder<unknown> {
  return sql`${walkCtes(scope)},${listedItemCtes(scope.asOf, columns)},${containmentCtes(scope.asOf)},${shipmentCtes(scope.asOf)},${detailCtes(scope.asOf)}`;
}

/**
 * The walk and the affected set. `walk` follows every edge valid at asOf downstream of the roots
 * (transformations, lot membership, containment) and keeps the edges it followed as rows (id,
 * from_id, kind). Its recursive step expands the DISTINCT nodes of the previous step: a case
 * reached from its 48 units is probed once, and as rows are edges the walk ends when no new edge
 * turns up (cycles too). Each node's edges come from one LATERAL index probe (a subquery with its
 * own CTE, which the planner cannot flatten into hash joins over whole tables, as it would when
 * it misjudges CTE sizes): the cost follows the size of the answer, not of the mirror. Rows carry
 * the edge's valid_from, for `since`.
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
 * Then `affected` (the walk's nodes and the members), `since` (when the recalled goods came into
 * being) and `junctions` (transformation IDs: walked through, not listed).
 */
function walkCtes({ roots, asOf }: RecallScope): RawBuilder<unknown> {
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
      WHERE e.from_id = ANY (${lotsWalked})
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
    -- The nodes reached through a transformation (a handful), for \`junctions\` and \`made_lots\`:
    -- one scan of the walk instead of one each.
    transformed AS MATERIALIZED (SELECT DISTINCT id FROM walk WHERE kind = 'transformation'),
    -- A transformation ID is only ever reached through a transformation edge.
    junctions AS MATERIALIZED (
      SELECT w.id FROM transformed w WHERE EXISTS (SELECT 1 FROM events t WHERE t.transformation_id = w.id)
    )`;
}

/**
 * The listed items and their current state: `made_lots` (lots of serials a transformation made:
 * listed, not walked), `lot_units`, `others`, `box_custody` and `items`. Per-item facts are
 * fetched with one `= ANY (array)` index scan each: the array's keys are sorted once and
 * neighbouring keys (the serials of one lot) share index pages, which is cheaper than a probe per
 * item.
 */
function listedItemCtes(asOf: Date, columns: ReadonlySet<StateColumn>): RawBuilder<unknown> {
  const stateColumns = (alias: string): RawBuilder<unknown> => stateColumnsOf(alias, columns);
  return sql`
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
    )`;
}

/**
 * Containment among affected items: `holds` (all of it, for `direct`), `direct` (each item's
 * container), `containers`, `nested`, `chain` (each container's containers, climbed from the
 * containers only) and `chain_top`.
 */
function containmentCtes(asOf: Date): RawBuilder<unknown> {
  return sql`
    -- The aggregation edges the walk followed (both ends are affected, and a child is never a
    -- junction): those of the nodes it probed, and those of covered members, which the walk
    -- summarised, read again from the lots' range scans. Only for \`direct\`.
    holds AS MATERIALIZED (
      SELECT id AS parent, from_id AS child FROM walk WHERE kind = 'aggregation' AND from_id IS NOT NULL
      UNION ALL
      SELECT e.to_id, e.from_id FROM lineage_edge e
      WHERE e.from_lot = ANY (${lotsWalked})
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
    )`;
}

/**
 * What is under way: `moving_containers` and `moving_items` (what an open shipment carries now),
 * `open_shipments`, `open_shipped`, `in_transit` (shipments under way at asOf) and `carried`
 * (items per container under way at asOf).
 */
function shipmentCtes(asOf: Date): RawBuilder<unknown> {
  return sql`
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
    )`;
}

/**
 * The rows a recall answers with: `reached` (the edge each item joined by, for the export) and
 * `detail` (one row per listed item: state, kind, status; withContainers adds its containers
 * where they are shown).
 */
function detailCtes(asOf: Date): RawBuilder<unknown> {
  return sql`
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
