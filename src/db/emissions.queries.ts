/**
 * GLEC transport emissions: per-leg rows and roll-ups by organisation, product, mode, GHG scope 3
 * category and period. Every roll-up also groups by factor scope (WTW/TTW), source and version, so
 * numbers computed with different factors are never added up silently.
 *
 * Product allocation: a leg moves a container of possibly several products; its CO2e and tonne-km
 * are split over the GTINs the shipping event moved (named objects, class quantities and the units
 * inside named containers) by mass (units × unitMassKg), or by unit count when a product of the
 * leg has no unit mass. A leg whose goods have no known GTIN stays whole with product null.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import {
  anyOf,
  keysetPage,
  type AnyOf,
  type Page,
  type PageQuery,
  type Provenanced,
} from './catalog-page.queries.js';
import type { Database } from './database.js';

/** What emission roll-ups can be grouped by. */
export type EmissionGroupKey =
  'ORGANIZATION' | 'PRODUCT' | 'MODE' | 'CATEGORY' | 'DAY' | 'WEEK' | 'MONTH';

/** Emission conditions; list values are alternatives. Legs of retracted events never count. */
export interface EmissionQuery {
  organization?: AnyOf;
  product?: AnyOf;
  mode?: AnyOf;
  scope?: AnyOf;
  factorSource?: AnyOf;
  factorVersion?: AnyOf;
  eventId?: AnyOf;
  from?: Date | null;
  to?: Date | null;
}

/** One roll-up row: the group's keys (null when not grouped by) and its sums. */
export interface EmissionGroupRow {
  organization: string | null;
  product: string | null;
  mode: string | null;
  scope3Category: number | null;
  period: Date | null;
  scope: string;
  factorSource: string;
  factorVersion: string;
  co2eKg: number;
  tonneKm: number;
  legs: number;
  /** The first MAX_GROUP_TX_IDS by id. */
  txIds: string[];
  /** All of them. */
  txCount: number;
  lastBlockNumber: bigint;
}

/** Most transaction ids a roll-up row lists (all of a year's legs would make one row huge). */
export const MAX_GROUP_TX_IDS = 100;

/** A page of roll-up rows (offset-based, see analytics.queries.ts) and the group count. */
export interface GroupPage<T> {
  rows: T[];
  hasNextPage: boolean;
  totalCount: number;
}

const PERIOD = { DAY: 'day', WEEK: 'week', MONTH: 'month' } as const;

const allOf = (conditions: RawBuilder<boolean>[]): RawBuilder<boolean> =>
  sql<boolean>`${sql.join(conditions, sql` AND `)}`;

/** SQL conditions on the legs CTE (`m` emissions, `e` events). */
function legConditions(f: EmissionQuery): RawBuilder<boolean>[] {
  const where: RawBuilder<boolean>[] = [sql<boolean>`NOT e.retracted`];
  for (const [column, values] of [
    ['m.recorded_by_msp', f.organization],
    ['m.mode', f.mode],
    ['m.scope', f.scope],
    ['m.factor_source', f.factorSource],
    ['m.factor_version', f.factorVersion],
    ['m.event_id', f.eventId],
  ] as const) {
    if (values != null) where.push(anyOf(column, values));
  }
  if (f.product != null) {
    // Legs that moved the GTIN at all; the roll-up then keeps only its share of them.
    where.push(sql<boolean>`m.event_id IN (SELECT ei.event_id FROM event_identifiers ei
      LEFT JOIN identifier_state ist ON NOT ei.is_class AND ist.epc = ei.identifier
      LEFT JOIN lots l ON ei.is_class AND l.lot_class = ei.identifier
      WHERE ei.role IN ('epc', 'child', 'contained') AND coalesce(ist.gtin, l.gtin) = ANY(${[...f.product]}::text[]))`);
  }
  if (f.from != null) where.push(sql<boolean>`e.event_time >= ${f.from}`);
  if (f.to != null) where.push(sql<boolean>`e.event_time < ${f.to}`);
  return where;
}

// The mass of one event_identifiers element `ei` (its product `p`), or null when unknown.
const elementMassKg = sql`(CASE
    WHEN ei.uom = 'KGM' THEN ei.quantity
    WHEN ei.uom = 'GRM' THEN ei.quantity / 1000
    WHEN ei.uom = 'TNE' THEN ei.quantity * 1000
    WHEN ei.uom IS NULL OR ei.uom IN ('H87', 'EA', 'C62') THEN coalesce(ei.quantity, 1) * p.unit_mass_kg
  END)`;

// Per leg and GTIN: the share of the leg the GTIN carries (see the module comment), by mass when
// every element's mass is known: a mass quantity is its own mass (KGM, GRM, TNE), a count (none,
// or H87, EA, C62) weighs count × the product's unit mass; else by count.
const SHARES = sql`shares AS (
  SELECT u.event_id, u.gtin,
    CASE WHEN bool_and(u.mass_kg IS NOT NULL) OVER w AND sum(u.mass_kg) OVER w > 0
      THEN u.mass_kg / sum(u.mass_kg) OVER w ELSE u.n / sum(u.n) OVER w END AS share
  FROM (
    SELECT ei.event_id, coalesce(ist.gtin, l.gtin) AS gtin, sum(coalesce(ei.quantity, 1)) AS n,
      -- sum() skips nulls: an element of unknown mass must make the whole sum unknown.
      CASE WHEN bool_and(${elementMassKg} IS NOT NULL) THEN sum(${elementMassKg}) END AS mass_kg
    FROM event_identifiers ei
    LEFT JOIN identifier_state ist ON NOT ei.is_class AND ist.epc = ei.identifier
    LEFT JOIN lots l ON ei.is_class AND l.lot_class = ei.identifier
    LEFT JOIN products p ON p.gtin = coalesce(ist.gtin, l.gtin)
    WHERE ei.event_id IN (SELECT event_id FROM legs) AND ei.role IN ('epc', 'child', 'contained')
      AND coalesce(ist.gtin, l.gtin) IS NOT NULL
    GROUP BY ei.event_id, coalesce(ist.gtin, l.gtin)
  ) u
  WINDOW w AS (PARTITION BY u.event_id))`;

/**
 * Rolls legs up by `groupBy` (at most one of DAY, WEEK, MONTH). CATEGORY is seen from
 * `perspectiveMsp`: goods shipped to it are upstream transport (category 4), goods it shipped are
 * downstream transport (category 9), other legs null.
 */
export async function groupEmissions(
  db: Kysely<Database>,
  groupBy: readonly EmissionGroupKey[],
  f: EmissionQuery,
  perspectiveMsp: string,
  page: { first: number; offset: number },
  maxTxIds = MAX_GROUP_TX_IDS,
): Promise<GroupPage<EmissionGroupRow>> {
  const by = new Set(groupBy);
  const allocate = by.has('PRODUCT') || f.product != null;
  const period = (['DAY', 'WEEK', 'MONTH'] as const).find((p) => by.has(p));
  const keys: [string, RawBuilder<unknown>, boolean][] = [
    ['organization', sql`recorded_by_msp`, by.has('ORGANIZATION')],
    ['product', sql`product`, by.has('PRODUCT')],
    ['mode', sql`mode`, by.has('MODE')],
    ['scope3_category', sql`scope3_category`, by.has('CATEGORY')],
    // A literal unit: GROUP BY must see the very expression the select list has, not a parameter.
    [
      'period',
      period === undefined
        ? sql`NULL`
        : sql`date_trunc(${sql.lit(PERIOD[period])}, event_time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
      period !== undefined,
    ],
  ];
  const grouped = keys.filter(([, , on]) => on).map(([, expr]) => expr);
  const groupList = sql.join([...grouped, sql`scope`, sql`factor_source`, sql`factor_version`]);
  const select = sql.join(
    keys.map(([name, expr, on]) =>
      on ? sql`${expr} AS ${sql.ref(name)}` : sql`NULL AS ${sql.ref(name)}`,
    ),
  );
  const result = await sql<{
    organization: string | null;
    product: string | null;
    mode: string | null;
    scope3_category: number | null;
    period: Date | null;
    scope: string;
    factor_source: string;
    factor_version: string;
    co2e_kg: number;
    tonne_km: number;
    legs: bigint;
    tx_ids: string[];
    tx_count: bigint;
    last_block_number: bigint;
    total_count: bigint;
  }>`
    WITH legs AS (
      SELECT m.*, e.event_time,
        CASE WHEN sh.received_by_msp = ${perspectiveMsp}
               OR sh.destination_party IN (SELECT party_id FROM parties WHERE msp_id = ${perspectiveMsp}) THEN 4
             WHEN sh.shipped_by_msp = ${perspectiveMsp} THEN 9 END AS scope3_category
      FROM emissions m
      JOIN events e ON e.event_id = m.event_id
      LEFT JOIN LATERAL (SELECT s.shipped_by_msp, s.destination_party, s.received_by_msp FROM shipments s
                         WHERE s.ship_event_id = m.event_id ORDER BY s.identifier LIMIT 1) sh ON true
      WHERE ${allOf(legConditions(f))}
    ),
    ${allocate ? SHARES : sql`shares AS (SELECT NULL::text AS event_id, NULL::text AS gtin, NULL::numeric AS share WHERE false)`},
    allocated AS (
      SELECT legs.*, sh.gtin AS product, coalesce(sh.share, 1) AS share
      FROM legs LEFT JOIN shares sh ON sh.event_id = legs.event_id
      ${f.product == null ? sql`` : sql`WHERE ${anyOf('sh.gtin', f.product)}`}
    )
    SELECT ${select}, scope, factor_source, factor_version,
      sum(co2e_kg * share)::float8 AS co2e_kg,
      sum(mass_kg / 1000 * distance_km * share)::float8 AS tonne_km,
      count(DISTINCT emission_id) AS legs,
      (array_agg(DISTINCT tx_id ORDER BY tx_id))[1:${maxTxIds}] AS tx_ids,
      count(DISTINCT tx_id) AS tx_count,
      max(block_number) AS last_block_number,
      count(*) OVER () AS total_count
    FROM allocated
    GROUP BY ${groupList}
    ORDER BY ${groupList}
    LIMIT ${page.first + 1} OFFSET ${page.offset}`.execute(db);
  const rows = result.rows.slice(0, page.first).map((r) => ({
    organization: r.organization,
    product: r.product,
    mode: r.mode,
    scope3Category: r.scope3_category,
    period: r.period,
    scope: r.scope,
    factorSource: r.factor_source,
    factorVersion: r.factor_version,
    co2eKg: r.co2e_kg,
    tonneKm: r.tonne_km,
    legs: Number(r.legs),
    txIds: r.tx_ids,
    txCount: Number(r.tx_count),
    lastBlockNumber: r.last_block_number,
  }));
  // An offset past the end returns no rows and so no window count (groupConnection reads it then).
  const totalCount = Number(result.rows[0]?.total_count ?? 0n);
  return { rows, hasNextPage: result.rows.length > page.first, totalCount };
}

/** One recorded leg. */
export interface EmissionLegRow extends Provenanced {
  emissionId: string;
  eventId: string;
  eventTime: Date;
  mode: string;
  distanceKm: number;
  massKg: number;
  tonneKm: number;
  factorId: string;
  factorValue: number;
  factorSource: string;
  factorVersion: string;
  scope: string;
  co2eKg: number;
  recordedByMsp: string;
}

/** Legs matching `f`, as a query to page or count; legs of retracted events are left out. */
export function emissionLegsQuery(db: Kysely<Database>, f: EmissionQuery) {
  return db
    .selectFrom('emissions as m')
    .innerJoin('events as e', 'e.event_id', 'm.event_id')
    .select([
      'm.emission_id as emissionId',
      'm.event_id as eventId',
      'e.event_time as eventTime',
      'm.mode',
      sql<number>`m.distance_km::float8`.as('distanceKm'),
      sql<number>`m.mass_kg::float8`.as('massKg'),
      sql<number>`(m.mass_kg / 1000 * m.distance_km)::float8`.as('tonneKm'),
      'm.factor_id as factorId',
      sql<number>`m.factor_value::float8`.as('factorValue'),
      'm.factor_source as factorSource',
      'm.factor_version as factorVersion',
      'm.scope',
      sql<number>`m.co2e_kg::float8`.as('co2eKg'),
      'm.recorded_by_msp as recordedByMsp',
      'm.tx_id as txId',
      'm.block_number as blockNumber',
    ])
    .where(allOf(legConditions(f)));
}

/** A page of legs by (event time, emission id). */
export function findEmissionLegs(
  db: Kysely<Database>,
  f: EmissionQuery,
  page: PageQuery,
): Promise<Page<EmissionLegRow>> {
  const key = [
    { column: 'e.event_time', type: 'timestamptz' },
    { column: 'm.emission_id', type: 'text' },
  ] as const;
  return keysetPage(
    emissionLegsQuery(db, f),
    key,
    page,
    (r) => r,
    (r) => [r.eventTime.toISOString(), r.emissionId],
  );
}
