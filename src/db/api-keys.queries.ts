/** API key storage: hashes only, never secrets. */
import type { Generated, Kysely } from 'kysely';
import type { Database } from './database.js';

/** The api_keys table. */
export interface ApiKeyTable {
  id: Generated<string>;
  key_hash: string;
  name: string;
  role: string;
  organization_msp: string;
  created_at: Generated<Date>;
  revoked_at: Date | null;
}

/** A stored, usable key. */
export interface ApiKeyRow {
  id: string;
  name: string;
  role: string;
  organization_msp: string;
}

const keys = (db: Kysely<Database>) => db.withTables<{ api_keys: ApiKeyTable }>();

/** Finds a non-revoked key by its hash. */
export async function findApiKeyByHash(
  db: Kysely<Database>,
  keyHash: string,
): Promise<ApiKeyRow | undefined> {
  return keys(db)
    .selectFrom('api_keys')
    .select(['id', 'name', 'role', 'organization_msp'])
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Stores a new key's hash; returns its id. */
export async function insertApiKey(
  db: Kysely<Database>,
  key: { keyHash: string; name: string; role: string; organizationMsp: string },
): Promise<string> {
  const row = await keys(db)
    .insertInto('api_keys')
    .values({
      key_hash: key.keyHash,
      name: key.name,
      role: key.role,
      organization_msp: key.organizationMsp,
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Revokes a key by id; true when a key was revoked. */
export async function revokeApiKey(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await keys(db)
    .updateTable('api_keys')
    .set({ revoked_at: new Date() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
