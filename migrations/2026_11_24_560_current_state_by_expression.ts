import { sql, type Kysely } from 'kysely';

/**
 * identifier_current_state, same rule and columns as migration 550, with the winning level of the
 * parent chain computed by one CASE over GREATEST instead of a per-row VALUES list sorted and
 * limited to one row. The subquery cost about 2.7 µs a row: 27 ms of a 10,000-unit recall.
 *
 * Why the CASE picks the same member: level k wins when its time is at least every inner level's
 * (GREATEST skips the NULLs of missing containers). Testing from the outermost level inwards, level
 * k is reached only when every outer level lost, so a k that passes also beats them: the latest
 * event wins and, on a tie, the outer member, exactly as the ORDER BY at DESC, level DESC did.
 */
const HOPS = 4;
const CUSTODY = [
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
  'tx_index',
] as const;

const level = (i: number): string => (i === 0 ? 's' : `p${i}`);
const time = (i: number): string => `${level(i)}.last_event_time`;

/**
 * CREATE OR REPLACE VIEW `name`: every identifier_state row with custody taken by the rule above
 * over at most `hops` parent hops. Exported for migration 600 (container_custody, one hop fewer).
 */
export function custodyViewSql(name: string, hops: number): string {
  const levels = Array.from({ length: hops + 1 }, (_, i) => i);
  const pick = (column: string): string =>
    `CASE w.level ${levels.map((i) => `WHEN ${i} THEN ${level(i)}.${column}`).join(' ')} END AS ${column}`;
  const joins = levels
    .slice(1)
    .map(
      (i) => `LEFT JOIN identifier_state ${level(i)} ON ${level(i)}.epc = ${level(i - 1)}.parent`,
    )
    .join('\n    ');
  const wins = levels
    .slice(1)
    .reverse()
    .map((k) => {
      const inner = levels.slice(0, k).map(time).join(', ');
      return `WHEN ${time(k)} >= ${k === 1 ? inner : `GREATEST(${inner})`} THEN ${k}`;
    })
    .join(' ');
  return `
  CREATE OR REPLACE VIEW ${name} AS
  SELECT s.epc, s.scheme, s.lot_class, s.gtin, s.parent, s.unverified_origin,
    ${CUSTODY.map(pick).join(',\n    ')},
    ${pick('epc').replace(/ AS epc$/, ' AS custody_from')}
  FROM identifier_state s
    ${joins}
    CROSS JOIN LATERAL (SELECT CASE ${wins} ELSE 0 END AS level) w`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(custodyViewSql('identifier_current_state', HOPS)).execute(db);
}

/** Back to migration 550's definition (same columns, so CREATE OR REPLACE works both ways). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP VIEW identifier_current_state`.execute(db);
  const previous = (await import('./2026_11_24_550_identifier_current_state.js')) as {
    up: (db: Kysely<unknown>) => Promise<void>;
  };
  await previous.up(db);
}
