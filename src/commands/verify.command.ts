/**
 * `provenance verify [--from N]`: re-reads blocks from a peer, re-projects them and compares with
 * the mirror; prints the first difference and exits non-zero when there is one.
 */
import type { Config } from '../config.js';
import { createDb } from '../db/kysely.js';
import { verifyMirror, type MirrorDifference } from '../indexer/verify.js';
import { UNWRITTEN_RECORDS_TABLE } from '../indexer/verify-writes.js';
import type { Logger } from '../logger.js';
import { openLedgerSource } from './ledger-source.js';
import { openPostgres } from './postgres.js';

/** Verifies the mirror against the ledger; returns the exit code. */
export async function runVerifyCommand(
  config: Config,
  log: Logger,
  fromBlock: bigint,
): Promise<number> {
  const ledger = openLedgerSource(config);
  const pg = await openPostgres(config, log);
  const db = createDb(pg.connectionString, 4);
  try {
    log.info(`verifying the mirror against ${ledger.describe} from block ${fromBlock}`);
    const report = await verifyMirror({
      db,
      source: ledger.source,
      channel: config.channel,
      chaincodeName: config.chaincodeName,
      fromBlock,
      onProgress: (checkedTo, last) =>
        log.info(`checked blocks ${fromBlock}…${checkedTo} of ${last}`),
    });
    if (report.ok) {
      process.stdout.write(
        `mirror matches the ledger: blocks ${report.fromBlock}…${report.toBlock} (${report.blocksChecked} blocks)\n`,
      );
      return 0;
    }
    process.stdout.write(`${differenceLine(report.firstDifference)}\n`);
    return 1;
  } finally {
    ledger.close();
    await db.destroy();
    await pg.stop();
  }
}

/** The line verify prints for the first difference it found. */
function differenceLine(d: MirrorDifference | undefined): string {
  if (d === undefined) return 'mirror differs from the ledger';
  if (d.table === UNWRITTEN_RECORDS_TABLE)
    return `LEDGER EVENTS ARE NOT WORLD STATE at block ${d.blockNumber}: ${d.key} (the mirror is projected from the events)`;
  const kind =
    d.kind === 'missing'
      ? 'missing from the mirror'
      : d.kind === 'unexpected'
        ? 'in the mirror but not on the ledger'
        : 'different from the ledger';
  return `MIRROR DIFFERS at block ${d.blockNumber}: ${d.table} ${d.key} is ${kind}`;
}
