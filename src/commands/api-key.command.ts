/** `provenance api-key create|revoke`: keys are shown once and stored only as hashes. */
import type { Config } from '../config.js';
import { insertApiKey, revokeApiKey } from '../db/api-keys.queries.js';
import { createDb } from '../db/kysely.js';
import { OperatorError } from '../errors.js';
import type { Logger } from '../logger.js';
import { generateApiKey } from '../server/api-keys.js';
import { isRole, ROLES } from '../server/roles.js';
import { openPostgres } from './postgres.js';

/** Options of `api-key create`. */
export interface ApiKeyOptions {
  role?: string;
  org?: string;
  name?: string;
}

/**
 * Creates or revokes a key; returns the exit code.
 * @throws OperatorError when a required option is missing or malformed.
 */
export async function runApiKeyCommand(
  config: Config,
  log: Logger,
  args: string[],
  opts: ApiKeyOptions,
): Promise<number> {
  const action = args[0];
  if (action !== 'create' && action !== 'revoke') {
    throw new OperatorError(
      'usage: provenance api-key create --role R --org MSP [--name N] | revoke <id>',
    );
  }
  if (action === 'create') {
    if (opts.role === undefined || !isRole(opts.role)) {
      throw new OperatorError(`--role must be one of ${ROLES.join(', ')}`);
    }
    if (opts.org === undefined || !/^[A-Za-z0-9.-]+$/.test(opts.org)) {
      throw new OperatorError('--org must name the MSP id the key acts for, e.g. ManufacturerMSP');
    }
  } else if (args[1] === undefined) {
    throw new OperatorError('usage: provenance api-key revoke <id>');
  }
  const pg = await openPostgres(config, log);
  const db = createDb(pg.connectionString, 2);
  try {
    if (action === 'revoke') {
      const revoked = await revokeApiKey(db, args[1] as string);
      process.stdout.write(revoked ? `revoked ${args[1]}\n` : `no active key with id ${args[1]}\n`);
      return revoked ? 0 : 1;
    }
    const key = generateApiKey();
    const id = await insertApiKey(db, {
      keyHash: key.hash,
      name: opts.name ?? `${opts.role as string} key`,
      role: opts.role as string,
      organizationMsp: opts.org as string,
    });
    process.stdout.write(`id   ${id}\nkey  ${key.secret}\n(shown once; only its hash is stored)\n`);
    return 0;
  } finally {
    await db.destroy();
    await pg.stop();
  }
}
