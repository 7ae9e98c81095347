/**
 * Development API keys: one per role for the first organisation, kept in .data/dev-api-keys.json
 * (mode 600) so every `npm start` prints the same keys, and inserted into the database when
 * missing (the offline demo database is rebuilt on each start). Never used with DATABASE_URL.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { findApiKeyByHash, insertApiKey } from '../db/api-keys.queries.js';
import type { Database } from '../db/database.js';
import { generateApiKey, hashApiKey } from '../server/api-keys.js';
import { ROLES, type Role } from '../server/roles.js';

/** Ensures a key per role exists; returns the secrets by role. */
export async function ensureDevKeys(
  db: Kysely<Database>,
  dataDir: string,
  organizationMsp: string,
): Promise<Record<Role, string>> {
  const file = path.join(dataDir, 'dev-api-keys.json');
  let keys: Partial<Record<Role, string>> = {};
  if (fs.existsSync(file))
    keys = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Record<Role, string>>;
  for (const role of ROLES) {
    keys[role] ??= generateApiKey().secret;
    const secret = keys[role];
    if ((await findApiKeyByHash(db, hashApiKey(secret))) === undefined) {
      await insertApiKey(db, {
        keyHash: hashApiKey(secret),
        name: `development ${role}`,
        role,
        organizationMsp,
      });
    }
  }
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(keys, null, 2) + '\n', { mode: 0o600 });
  return keys as Record<Role, string>;
}
