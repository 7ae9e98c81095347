/** Per-transaction memory for statements whose sorts, hashes and materialised CTEs are large. */
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';

/**
 * Sets work_mem to `megabytes` for the current transaction only (set_config's is_local): outside a
 * transaction it would last for the pooled connection's whole life.
 */
export async function setLocalWorkMem(db: Kysely<Database>, megabytes: number): Promise<void> {
  await sql`SELECT set_config('work_mem', ${`${Math.trunc(megabytes)}MB`}, true)`.execute(db);
}
