import { sql, type Kysely } from 'kysely';

/**
 * identifier_current_state: identifier_state with custody resolved through containers.
 *
 * The contract resolves containment lazily (chaincode/src/domain/containment.ts): shipping a
 * pallet writes the pallet's state only, and the units inside keep their stored rows. An object's
 * custody is that of the member of its parent chain (itself, its container, that container's
 * container, ...) whose last event is the latest, the outer one on a tie. This view applies the
 * same rule over at most four parent hops, as the contract does. `custody_from` names the member
 * that supplied the custody columns; the last event and provenance columns are that member's too,
 * since its transaction is the one that established the custody shown.
 *
 * The chain is followed by fixed joins rather than a recursive CTE so that a caller's
 * `WHERE epc = …` reaches the primary key of every level.
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

function viewSql(): string {
  const levels = Array.from({ length: HOPS + 1 }, (_, i) => i);
  const pick = (column: string): string =>
    `CASE w.level ${levels.map((i) => `WHEN ${i} THEN ${level(i)}.${column}`).join(' ')} END AS ${column}`;
  const joins = levels
    .slice(1)
    .map(
      (i) => `LEFT JOIN identifier_state ${level(i)} ON ${level(i)}.epc = ${level(i - 1)}.parent`,
    )
    .join('\n    ');
  const candidates = levels.map((i) => `(${i}, ${level(i)}.last_event_time)`).join(', ');
  return `
  CREATE VIEW identifier_current_state AS
  SELECT s.epc, s.scheme, s.lot_class, s.gtin, s.parent, s.unverified_origin,
    ${CUSTODY.map(pick).join(',\n    ')},
    ${pick('epc').replace(/ AS epc$/, ' AS custody_from')}
  FROM identifier_state s
    ${joins}
    CROSS JOIN LATERAL (
      SELECT c.level FROM (VALUES ${candidates}) AS c(level, at)
      WHERE c.at IS NOT NULL ORDER BY c.at DESC, c.level DESC LIMIT 1
    ) w`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(viewSql()).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP VIEW identifier_current_state`.execute(db);
}
