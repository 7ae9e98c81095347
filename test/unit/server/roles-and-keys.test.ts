import { describe, expect, it } from 'vitest';
import { apiKeyFromHeaders, generateApiKey, hashApiKey } from '../../../src/server/api-keys.js';
import { isRole, roleGrants, ROLES } from '../../../src/server/roles.js';

describe('roles', () => {
  it('grants read to every role and each special permission to exactly one role', () => {
    for (const role of ROLES) expect(roleGrants(role, 'read')).toBe(true);
    for (const permission of ['analytics', 'recall', 'proof', 'submit'] as const) {
      expect(ROLES.filter((r) => roleGrants(r, permission))).toHaveLength(1);
    }
    expect(roleGrants('recall_coordinator', 'recall')).toBe(true);
    expect(roleGrants('reader', 'submit')).toBe(false);
    expect(isRole('auditor')).toBe(true);
    expect(isRole('root')).toBe(false);
  });
});

describe('API keys', () => {
  it('stores only a SHA-256 of a high-entropy secret', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.secret).toMatch(/^fpk_[\w-]{43}$/);
    expect(a.secret).not.toBe(b.secret);
    expect(a.hash).toBe(hashApiKey(a.secret));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).not.toContain(a.secret.slice(4));
  });

  it('reads the key from a Bearer header or x-api-key', () => {
    expect(apiKeyFromHeaders({ authorization: 'Bearer fpk_abc' })).toBe('fpk_abc');
    expect(apiKeyFromHeaders({ authorization: 'bearer   fpk_abc' })).toBe('fpk_abc');
    expect(apiKeyFromHeaders({ 'x-api-key': 'fpk_xyz' })).toBe('fpk_xyz');
    expect(apiKeyFromHeaders({ authorization: 'Basic Zm9v' })).toBeUndefined();
    expect(apiKeyFromHeaders({})).toBeUndefined();
  });
});
