/** Starts the real API server on a free port over a fresh database, with one key per role. */
import type { Kysely } from 'kysely';
import type { PubSub } from 'type-graphql';
import { createLogger } from '../../src/logger.js';
import { insertApiKey } from '../../src/db/api-keys.queries.js';
import type { Database } from '../../src/db/database.js';
import { buildApiSchema } from '../../src/schema/build-schema.js';
import type { AllowList } from '../../src/server/allow-list.js';
import { generateApiKey } from '../../src/server/api-keys.js';
import { startApiServer, type ApiServer } from '../../src/server/create-server.js';
import type { QueryLimits } from '../../src/server/query-limits.js';
import { ROLES, type Role } from '../../src/server/roles.js';

/** A running API with a key per role. */
export interface ApiHarness {
  server: ApiServer;
  keys: Record<Role, string>;
  /** POSTs an operation; returns HTTP status and parsed body. */
  post(
    query: string,
    opts?: { key?: string | null; variables?: Record<string, unknown> },
  ): Promise<{ status: number; body: any; headers: Headers }>;
}

/** Starts the harness; call `server.stop()` when done. */
export async function startApiHarness(
  db: Kysely<Database>,
  opts: {
    allowList?: AllowList;
    channel?: string;
    pubSub?: PubSub;
    limits?: QueryLimits;
    keyCacheTtlMs?: number;
  } = {},
): Promise<ApiHarness> {
  const keys = {} as Record<Role, string>;
  for (const role of ROLES) {
    const key = generateApiKey();
    await insertApiKey(db, {
      keyHash: key.hash,
      name: `test ${role}`,
      role,
      organizationMsp: 'ManufacturerMSP',
    });
    keys[role] = key.secret;
  }
  const schema = await buildApiSchema({
    channel: opts.channel ?? 'supplychain',
    ...(opts.pubSub === undefined ? {} : { pubSub: opts.pubSub }),
  });
  const server = await startApiServer({
    schema,
    db,
    log: createLogger('error'),
    port: 0,
    development: false,
    ...(opts.allowList === undefined ? {} : { allowList: opts.allowList }),
    ...(opts.limits === undefined ? {} : { limits: opts.limits }),
    ...(opts.keyCacheTtlMs === undefined ? {} : { keyCacheTtlMs: opts.keyCacheTtlMs }),
  });
  const post: ApiHarness['post'] = async (query, o = {}) => {
    const key = o.key === undefined ? keys.reader : o.key;
    const response = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      },
      body: JSON.stringify({ query, variables: o.variables ?? {} }),
    });
    return { status: response.status, body: await response.json(), headers: response.headers };
  };
  return { server, keys, post };
}
