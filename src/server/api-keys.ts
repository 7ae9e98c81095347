/**
 * API keys: random 32-byte secrets shown once, stored only as SHA-256 hashes. A fast hash is the
 * right tool here: the keys are high-entropy random values, not passwords, so there is nothing to
 * brute-force and every request can afford the lookup.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Role } from './roles.js';

/** Who a request acts for, resolved from its API key. */
export interface Principal {
  keyId: string;
  name: string;
  role: Role;
  /** MSP id of the organisation the key submits as. */
  organizationMsp: string;
}

const PREFIX = 'fpk_';

/** A new key: the secret to hand out once and the hash to store. */
export function generateApiKey(): { secret: string; hash: string } {
  const secret = PREFIX + randomBytes(32).toString('base64url');
  return { secret, hash: hashApiKey(secret) };
}

/** The stored form of a key. */
export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Extracts the key from `Authorization: Bearer …` or `x-api-key`; undefined when absent. */
export function apiKeyFromHeaders(
  headers: Record<string, string | string[] | undefined>,
): string | undefined {
  const header = (name: string): string | undefined => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const auth = header('authorization');
  if (auth !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(auth);
    if (match?.[1] !== undefined) return match[1];
  }
  return header('x-api-key');
}
