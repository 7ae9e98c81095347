/**
 * Resolves an API key to a principal, with a short-lived cache so a busy API does not query
 * api_keys on every request. A revoked key stops working within the cache TTL.
 */
import type { Kysely } from 'kysely';
import { findApiKeyByHash } from '../db/api-keys.queries.js';
import type { Database } from '../db/database.js';
import { CodedError } from '../errors.js';
import { hashApiKey, type Principal } from './api-keys.js';
import { isRole } from './roles.js';

/** Looks up keys, caching hits and misses for `ttlMs`. */
export class Authenticator {
  private readonly cache = new Map<string, { principal: Principal | undefined; expires: number }>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 10_000,
  ) {}

  /**
   * The principal for a presented key. Every GraphQL operation needs a key (only /healthz is open).
   * @throws CodedError UNAUTHENTICATED (HTTP 401) when the key is missing, unknown or revoked.
   */
  async principalFor(secret: string | undefined): Promise<Principal> {
    if (secret === undefined) {
      throw new CodedError(
        'an API key is required: send "Authorization: Bearer <key>"',
        'UNAUTHENTICATED',
        {
          http: { status: 401 },
        },
      );
    }
    const hash = hashApiKey(secret);
    const now = Date.now();
    let entry = this.cache.get(hash);
    if (entry === undefined || entry.expires < now) {
      const row = await findApiKeyByHash(this.db, hash);
      const principal =
        row !== undefined && isRole(row.role)
          ? { keyId: row.id, name: row.name, role: row.role, organizationMsp: row.organization_msp }
          : undefined;
      if (this.cache.size >= this.maxEntries) this.cache.clear();
      entry = { principal, expires: now + this.ttlMs };
      this.cache.set(hash, entry);
    }
    if (entry.principal === undefined) {
      throw new CodedError('the API key is unknown or revoked', 'UNAUTHENTICATED', {
        http: { status: 401 },
      });
    }
    return entry.principal;
  }
}
