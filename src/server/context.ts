/** What every resolver receives: who is asking, the database, per-request loaders, the request id. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Principal } from './api-keys.js';

/** The per-request context. DataLoaders live in `loaders` and die with the request (no N+1). */
export interface RequestContext {
  requestId: string;
  principal: Principal;
  db: Kysely<Database>;
  /** Per-request DataLoaders, created lazily by name (see loaders.ts). */
  loaders: Map<string, unknown>;
}
