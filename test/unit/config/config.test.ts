import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { ConfigError } from '../../../src/errors.js';

describe('loadConfig', () => {
  it('gives local-development defaults and a frozen object', () => {
    const config = loadConfig({ HOME: '/home/dev' }, '/repo');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.embeddedPg).toEqual({ dataDir: '/repo/.data/postgres', port: 54329 });
    expect(config.devnet.dir).toBe('/repo/.devnet');
    expect(config.channel).toBe('supplychain');
    expect(config.idempotencyRetentionHours).toBe(168);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.devnet)).toBe(true);
  });

  it('reads every override', () => {
    const config = loadConfig(
      {
        DATABASE_URL: 'postgres://u:p@db/x',
        DEVNET_BASE_PORT: '20000',
        FABRIC_BIN: '/opt/fabric/bin',
        CHANNEL: 'other',
        API_PORT: '8080',
        LOG_LEVEL: 'debug',
        IDEMPOTENCY_RETENTION_HOURS: '24',
      },
      '/repo',
    );
    expect(config.databaseUrl).toBe('postgres://u:p@db/x');
    expect(config.devnet.basePort).toBe(20000);
    expect(config.devnet.fabricBin).toBe('/opt/fabric/bin');
    expect(config.channel).toBe('other');
    expect(config.apiPort).toBe(8080);
    expect(config.logLevel).toBe('debug');
    expect(config.idempotencyRetentionHours).toBe(24);
  });

  it.each([
    [{ PG_PORT: '70000' }, /PG_PORT must be a TCP port/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with postgres/],
    [{ CHANNEL: 'Bad Name' }, /CHANNEL must match/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ IDEMPOTENCY_RETENTION_HOURS: '0.5' }, /IDEMPOTENCY_RETENTION_HOURS must be a whole number/],
  ])('rejects %o naming the key', (env, message) => {
    expect(() => loadConfig(env, '/repo')).toThrow(ConfigError);
    expect(() => loadConfig(env, '/repo')).toThrow(message);
  });
});
