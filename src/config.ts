/**
 * Environment → one validated, frozen configuration object. Every key is listed in .env.example;
 * defaults exist only for local development (the embedded devnet and Postgres).
 */
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from './errors.js';

/** The validated configuration of one process. */
export interface Config {
  /** Project root: where .devnet/ and .data/ live. */
  readonly rootDir: string;
  /** Postgres server URL; undefined means "start the embedded PostgreSQL". */
  readonly databaseUrl: string | undefined;
  /** Data directory and port of the embedded PostgreSQL. */
  readonly embeddedPg: { readonly dataDir: string; readonly port: number };
  readonly devnet: {
    /** State of the local network: crypto, ledgers, pids, logs. */
    readonly dir: string;
    /** Existing Fabric binaries (peer, orderer, configtxgen, cryptogen, osnadmin); skips the build. */
    readonly fabricBin: string | undefined;
    /** Folder with Fabric's sample core.yaml and orderer.yaml for FABRIC_BIN; default <bin>/../config. */
    readonly fabricCfg: string | undefined;
    /** Where the one-time Fabric build is cached, outside the work tree. */
    readonly cacheDir: string;
    /** First port of the devnet's block of ports (each process takes a few above it). */
    readonly basePort: number;
  };
  readonly channel: string;
  readonly chaincodeName: string;
  /** HTTP port of the GraphQL API. */
  readonly apiPort: number;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** How long a settled mutation's idempotency key is kept (a retry after that submits anew). */
  readonly idempotencyRetentionHours: number;
}

function readPort(env: NodeJS.ProcessEnv, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigError(`${key} must be a TCP port (1-65535), got "${raw}"`);
  }
  return port;
}

function readHours(env: NodeJS.ProcessEnv, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const hours = Number(raw);
  if (!Number.isInteger(hours) || hours < 1 || hours > 8760) {
    throw new ConfigError(`${key} must be a whole number of hours (1-8760), got "${raw}"`);
  }
  return hours;
}

function readChoice<T extends string>(
  env: NodeJS.ProcessEnv,
  key: string,
  choices: readonly T[],
  fallback: T,
): T {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new ConfigError(`${key} must be one of ${choices.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function readName(env: NodeJS.ProcessEnv, key: string, fallback: string): string {
  const value = env[key] ?? fallback;
  // Fabric channel and chaincode names: lower-case letters, digits, dots and dashes.
  if (!/^[a-z][a-z0-9.-]*$/.test(value)) {
    throw new ConfigError(`${key} must match [a-z][a-z0-9.-]*, got "${value}"`);
  }
  return value;
}

/**
 * Builds the configuration from an environment.
 * @throws ConfigError naming the key when a value is malformed.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const rootDir = path.resolve(env.PROVENANCE_ROOT ?? cwd);
  const databaseUrl = env.DATABASE_URL === '' ? undefined : env.DATABASE_URL;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const config: Config = {
    rootDir,
    databaseUrl,
    embeddedPg: {
      dataDir: path.resolve(rootDir, env.PG_DATA_DIR ?? '.data/postgres'),
      port: readPort(env, 'PG_PORT', 54329),
    },
    devnet: {
      dir: path.resolve(rootDir, env.DEVNET_DIR ?? '.devnet'),
      fabricBin: env.FABRIC_BIN === '' ? undefined : env.FABRIC_BIN,
      fabricCfg: env.FABRIC_CFG === '' ? undefined : env.FABRIC_CFG,
      cacheDir: path.resolve(
        env.FABRIC_CACHE ?? path.join(os.homedir(), '.cache', 'fabric-provenance'),
      ),
      basePort: readPort(env, 'DEVNET_BASE_PORT', 17050),
    },
    channel: readName(env, 'CHANNEL', 'supplychain'),
    chaincodeName: readName(env, 'CHAINCODE_NAME', 'provenance'),
    apiPort: readPort(env, 'API_PORT', 4000),
    logLevel: readChoice(env, 'LOG_LEVEL', ['debug', 'info', 'warn', 'error'], 'info'),
    idempotencyRetentionHours: readHours(env, 'IDEMPOTENCY_RETENTION_HOURS', 168),
  };
  return deepFreeze(config);
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (typeof child === 'object' && child !== null) deepFreeze(child as object);
  }
  return Object.freeze(value);
}
