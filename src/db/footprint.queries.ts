/**
 * Footprint inputs: everything a cradle-to-gate roll-up of one lot needs, read in two statements.
 * The first walks upstream from the lot through transformations and lot membership, and from a lot
 * to those of its serials that transformations made (ONE recursive CTE), and brings the lots,
 * instances, products and PACT footprints of the nodes it reaches; the second brings every
 * shipping leg that carried those nodes (or the lot's own serials), the cargo of each leg and its
 * GLEC emissions. The arithmetic is in footprint-rollup.ts.
 */
import { sql, type Kysely } from 'kysely';
import { NotFoundError } from '../errors.js';
import type { Database } from './database.js';
import { rollUpFootprint } from './footprint-rollup.js';
import type { FootprintResult } from './footprint-result.js';
import { liveEdge } from './lineage.queries.js';

/** A transformation or lot-membership edge upstream of the lot, with its event's facts. */
export interface UpstreamEdge {
  from_id: string;
  to_id: string;
  kind: 'transformation' | 'lot_membership';
  event_id: string;
  transformation_id: string | null;
  from_quantity: number | null;
  from_uom: string | null;
  to_quantity: number | null;
  to_uom: string | null;
  event_time: string;
  captured_by_msp: string;
  tx_id: string;
  block_number: string;
}

/** A lot's quantities. */
export interface LotFacts {
  lot_class: string;
  gtin: string;
  quantity_produced: number;
  serial_count: number | null;
  uom: string | null;
  owner_msp: string | null;
}

/** A PACT footprint record (the newest per product id wins). */
export interface FootprintFacts {
  footprint_id: string;
  product_ids: string[];
  declared_unit_of_measurement: string;
  co2e_per_unit_kg: number;
  spec_version: string;
  converted_from_v2: boolean;
  submitted_by_msp: string;
  tx_id: string;
  block_number: string;
}

/** The upstream graph of a lot and the master data of its nodes. */
export interface FootprintGraph {
  lot: LotFacts;
  edges: UpstreamEdge[];
  lots: LotFacts[];
  /** Instances reached (transformation inputs), with their lot and GTIN. */
  instances: { epc: string; lot_class: string | null; gtin: string | null }[];
  /** GTIN → kg per unit, for products that declare it. */
  unitMass: { gtin: string; unit_mass_kg: number }[];
  footprints: FootprintFacts[];
}

/** A shipping event that carried a subject, with its cargo and emissions. */
export interface Leg {
  event_id: string;
  event_time: string;
  captured_by_msp: string;
  tx_id: string;
  block_number: string;
  /** Identifiers of the subjects (nodes of the graph, or the lot's serials) it carried. */
  subjects: string[];
  cargo: {
    identifier: string;
    is_class: boolean;
    quantity: number | null;
    uom: string | null;
    lot_class: string | null;
    gtin: string | null;
  }[];
  receipts: { identifier: string; received_by_msp: string | null; receive_time: string | null }[];
  emissions: {
    emission_id: string;
    mode: string;
    distance_km: number;
    mass_kg: number;
    factor_id: string;
    factor_value: number;
    factor_source: string;
    factor_version: string;
    scope: string;
    co2e_kg: number;
    recorded_by_msp: string;
    tx_id: string;
    block_number: string;
  }[];
}

/**
 * The upstream graph of `lotClass`.
 * @throws NotFoundError when the mirror has no lot record for it.
 */
export async function loadFootprintGraph(
  db: Kysely<Database>,
  lotClass: string,
): Promise<FootprintGraph> {
  const result = await sql<{ answer: Omit<FootprintGraph, 'lot'> & { lot: LotFacts | null } }>`
    WITH RECURSIVE walk(node, depth, made_member) AS (
      SELECT ${lotClass}::text, 0, false
      UNION
      SELECT x.node, w.depth + 1, x.made_member FROM walk w CROSS JOIN LATERAL (
        -- Inputs, and the lot of a serial. A serial reached from its lot (below) goes on to its
        -- inputs only, not back to the lot.
        SELECT e.from_id AS node, false AS made_member FROM lineage_edge e
        WHERE e.to_id = w.node AND ${liveEdge('e')}
          AND (e.kind = 'transformation' OR (e.kind = 'lot_membership' AND NOT w.made_member))
        UNION ALL
        -- A lot's serials that transformations made (outputEPCList): a lot made that way has no
        -- transformation edge of its own, its inputs are those of its serials' runs. One index
        -- scan over the sorted serials (neighbours share pages), not a probe per serial.
        SELECT DISTINCT t.to_id, true FROM lineage_edge t
        WHERE w.node LIKE 'urn:epc:class:lgtin:%' AND t.kind = 'transformation' AND ${liveEdge('t')}
          AND t.to_id = ANY (ARRAY(SELECT m.to_id FROM lineage_edge m
            WHERE m.from_id = w.node AND m.kind = 'lot_membership' AND ${liveEdge('m')}))
      ) x
      WHERE w.depth < 32
    ),
    nodes AS (SELECT DISTINCT node FROM walk),
    reached AS (
      SELECT e.*, ev.transformation_id, ev.event_time, ev.captured_by_msp
      FROM nodes n JOIN lineage_edge e ON e.to_id = n.node JOIN events ev ON ev.event_id = e.event_id
      WHERE e.kind IN ('transformation', 'lot_membership') AND NOT ev.retracted
    ),
    -- Every output of the transformations reached, co-products included: an output's share of the
    -- inputs is its part of all of them (edges of the same event; or out of the same
    -- transformation ID, for a transformation split over several events).
    -- (Two index probes per transformation, by event and by junction: an OR of the two would
    -- scan the whole edge table.)
    co_products AS (
      SELECT e.*, ev.transformation_id, ev.event_time, ev.captured_by_msp
      FROM (
        SELECT e.* FROM (SELECT DISTINCT event_id FROM reached WHERE kind = 'transformation') r
        CROSS JOIN LATERAL (SELECT * FROM lineage_edge e WHERE e.event_id = r.event_id
          AND e.kind = 'transformation' OFFSET 0) e
        UNION
        SELECT e.* FROM (SELECT DISTINCT transformation_id FROM reached WHERE transformation_id IS NOT NULL) r
        CROSS JOIN LATERAL (SELECT * FROM lineage_edge e WHERE e.from_id = r.transformation_id
          AND e.kind = 'transformation' OFFSET 0) e
      ) e
      JOIN events ev ON ev.event_id = e.event_id
      WHERE NOT ev.retracted
    ),
    edges AS (
      SELECT DISTINCT e.from_id, e.to_id, e.kind, e.event_id, e.transformation_id, e.from_quantity, e.from_uom,
        e.to_quantity, e.to_uom, e.event_time, e.captured_by_msp, e.tx_id, e.block_number::text AS block_number
      FROM (SELECT * FROM reached UNION ALL SELECT * FROM co_products) e
    ),
    lot_rows AS (
      SELECT l.lot_class, l.gtin, l.quantity_produced, l.serial_count, l.uom, l.owner_msp FROM lots l JOIN nodes n ON n.node = l.lot_class
    ),
    -- Instances reached, and the serials the runs reached made (whose lots share the runs' inputs).
    instance_rows AS (
      SELECT s.epc, s.lot_class, s.gtin FROM identifier_state s
      WHERE s.epc IN (SELECT node FROM nodes UNION SELECT to_id FROM co_products)
    ),
    gtins AS (SELECT gtin FROM lot_rows UNION SELECT gtin FROM instance_rows WHERE gtin IS NOT NULL)
    SELECT json_build_object(
      'lot', (SELECT row_to_json(l) FROM lot_rows l WHERE l.lot_class = ${lotClass}),
      'edges', COALESCE((SELECT json_agg(row_to_json(e) ORDER BY e.event_time, e.from_id, e.to_id) FROM edges e), '[]'),
      'lots', COALESCE((SELECT json_agg(row_to_json(l)) FROM lot_rows l), '[]'),
      'instances', COALESCE((SELECT json_agg(row_to_json(i)) FROM instance_rows i), '[]'),
      'unitMass', COALESCE((SELECT json_agg(json_build_object('gtin', p.gtin, 'unit_mass_kg', p.unit_mass_kg))
        FROM products p JOIN gtins g ON g.gtin = p.gtin WHERE p.unit_mass_kg IS NOT NULL), '[]'),
      'footprints', COALESCE((SELECT json_agg(json_build_object('footprint_id', f.footprint_id, 'product_ids', f.product_ids,
          'declared_unit_of_measurement', f.declared_unit_of_measurement, 'co2e_per_unit_kg', f.co2e_per_unit_kg,
          'spec_version', f.spec_version, 'converted_from_v2', f.converted_from_v2, 'submitted_by_msp', f.submitted_by_msp,
          'tx_id', f.tx_id, 'block_number', f.block_number::text) ORDER BY f.block_number, f.tx_index)
        FROM footprints f
        WHERE f.product_ids && (ARRAY(SELECT node FROM nodes) || ARRAY(SELECT 'urn:gtin:' || gtin FROM gtins))), '[]')
    ) AS answer`.execute(db);
  const answer = result.rows[0]?.answer;
  if (answer?.lot == null) throw new NotFoundError(`lot ${lotClass} is not in the mirror`);
  return { ...answer, lot: answer.lot };
}

type Nullable<T, K extends keyof T> = Omit<T, K> & { [P in K]: T[P] | null };

/**
 * Every shipping leg (not error-declared) that named one of `subjects` or a serial of `lotClass`,
 * directly or as contents of a shipped container, with its whole cargo, receipts and emissions.
 */
export async function loadLegs(
  db: Kysely<Database>,
  lotClass: string,
  subjects: readonly string[],
): Promise<Leg[]> {
  const result = await sql<{ legs: Nullable<Leg, 'cargo' | 'receipts' | 'emissions'>[] | null }>`
    WITH subjects AS (
      SELECT unnest(${[...subjects]}::text[]) AS id
      UNION SELECT e.to_id FROM lineage_edge e WHERE e.from_id = ${lotClass} AND e.kind = 'lot_membership'
    ),
    -- Every event naming a subject: one index scan over the sorted subjects (a lot's serials are
    -- neighbours in the index), not a probe per subject.
    named AS MATERIALIZED (
      SELECT ei.event_id, ei.identifier FROM event_identifiers ei
      WHERE ei.identifier = ANY (ARRAY(SELECT id FROM subjects ORDER BY id))
    ),
    -- Of those events, the shipping ones: each event looked up once, not once per subject it names
    -- (a lot's serials share their packing, shipping and receiving events).
    shipping AS MATERIALIZED (
      SELECT ev.event_id FROM events ev
      WHERE ev.event_id = ANY (ARRAY(SELECT DISTINCT event_id FROM named))
        AND ev.biz_step = 'shipping' AND NOT ev.retracted
    ),
    hits AS MATERIALIZED (
      SELECT n.event_id, array_agg(DISTINCT n.identifier) AS subjects FROM named n
      WHERE (n.event_id IN (SELECT event_id FROM shipping)) IS TRUE
      GROUP BY n.event_id
    ),
    -- The legs' whole cargo, each identifier once per leg (its first role), and the state of
    -- every identifier in it from one index scan over them sorted (not a probe per identifier and
    -- leg). Each leg's cargo is in identifier order: the roll-up sums masses in that order, and
    -- a float sum's last bit depends on it.
    cargo AS MATERIALIZED (
      SELECT DISTINCT ON (event_id, identifier) event_id, identifier, is_class, quantity, uom
      FROM event_identifiers WHERE event_id = ANY (ARRAY(SELECT event_id FROM hits))
      ORDER BY event_id, identifier, role
    ),
    cargo_state AS MATERIALIZED (
      SELECT s.epc, s.lot_class, s.gtin FROM identifier_state s
      WHERE s.epc = ANY (ARRAY(SELECT DISTINCT identifier FROM cargo ORDER BY identifier))
    ),
    cargo_json AS (
      SELECT c.event_id, json_agg(json_build_object('identifier', c.identifier, 'is_class', c.is_class,
          'quantity', c.quantity, 'uom', c.uom,
          'lot_class', CASE WHEN c.is_class THEN c.identifier ELSE s.lot_class END,
          'gtin', COALESCE(s.gtin, l.gtin)) ORDER BY c.identifier) AS cargo
      FROM cargo c LEFT JOIN cargo_state s ON s.epc = c.identifier LEFT JOIN lots l ON l.lot_class = c.identifier
      GROUP BY c.event_id
    )
    SELECT json_agg(json_build_object('event_id', ev.event_id, 'event_time', ev.event_time,
      'captured_by_msp', ev.captured_by_msp, 'tx_id', ev.tx_id, 'block_number', ev.block_number::text, 'subjects', h.subjects,
      'cargo', cj.cargo,
      'receipts', (SELECT json_agg(json_build_object('identifier', sh.identifier, 'received_by_msp', sh.received_by_msp,
                  'receive_time', sh.receive_time)) FROM shipments sh WHERE sh.ship_event_id = ev.event_id),
      'emissions', (SELECT json_agg(json_build_object('emission_id', m.emission_id, 'mode', m.mode, 'distance_km', m.distance_km,
                  'mass_kg', m.mass_kg, 'factor_id', m.factor_id, 'factor_value', m.factor_value, 'factor_source', m.factor_source,
                  'factor_version', m.factor_version, 'scope', m.scope, 'co2e_kg', m.co2e_kg, 'recorded_by_msp', m.recorded_by_msp,
                  'tx_id', m.tx_id, 'block_number', m.block_number::text) ORDER BY m.emission_id)
                FROM emissions m WHERE m.event_id = ev.event_id)
    ) ORDER BY ev.event_time, ev.event_id) AS legs
    FROM hits h JOIN events ev ON ev.event_id = h.event_id
    LEFT JOIN cargo_json cj ON cj.event_id = h.event_id`.execute(db);
  // json_agg over no rows is null, not [].
  return (result.rows[0]?.legs ?? []).map((leg) => ({
    ...leg,
    cargo: leg.cargo ?? [],
    receipts: leg.receipts ?? [],
    emissions: leg.emissions ?? [],
  }));
}

/**
 * The cradle-to-gate footprint of `lotClass` (see footprint-rollup.ts for the method).
 * @throws NotFoundError when the mirror has no lot record for it.
 */
export async function findFootprint(
  db: Kysely<Database>,
  lotClass: string,
): Promise<FootprintResult> {
  const graph = await loadFootprintGraph(db, lotClass);
  const nodes = new Set([lotClass, ...graph.edges.flatMap((e) => [e.from_id, e.to_id])]);
  return rollUpFootprint(graph, await loadLegs(db, lotClass, [...nodes]));
}
