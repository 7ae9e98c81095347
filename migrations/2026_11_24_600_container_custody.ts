import { sql, type Kysely } from 'kysely';
import { custodyViewSql } from './2026_11_24_560_current_state_by_expression.js';

/**
 * container_custody: identifier_current_state's rule over one parent hop fewer (three). It is the
 * custody a unit inside a container takes unless its own last event is later: for a unit U whose
 * parent is P, identifier_current_state(U) is U's own row when U's last event is strictly later
 * than container_custody(P)'s, and container_custody(P)'s custody columns otherwise. (The view
 * picks, among U and its four containers, the latest, the outer one on a tie; container_custody(P)
 * has already picked that member among P and its three containers.) So the recall resolves custody
 * once per container instead of once per unit in it: a case of 48 units costs one chain of joins,
 * not 48. test/integration/db/current-state-view.test.ts checks the equality on every chain shape.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(custodyViewSql('container_custody', 3)).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP VIEW IF EXISTS container_custody`.execute(db);
}
