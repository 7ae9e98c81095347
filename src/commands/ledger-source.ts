/**
 * The block source of a real ledger for commands that read one (`index`, `verify`): the first
 * organisation of LEDGER_ORGS_FILE, else the devnet's manufacturer peer once it is bootstrapped.
 */
import fs from 'node:fs';
import type { Config } from '../config.js';
import { devnetLayout } from '../devnet/layout.js';
import { gatewayOptions, orgIdentityFiles } from '../devnet/identities.js';
import { devnetTopology } from '../devnet/topology.js';
import { OperatorError } from '../errors.js';
import type { BlockSource } from '../indexer/block-source.js';
import { fabricBlockSource } from '../ledger/fabric-block-source.js';
import { connectOrg, type OrgConnectionOptions } from '../ledger/gateway-connection.js';
import { readOrgConnections } from '../services/org-connections.js';

/** A connected block source and how to release it. */
export interface LedgerSource {
  source: BlockSource;
  describe: string;
  close(): void;
}

/**
 * Connects to the configured ledger.
 * @throws OperatorError when no ledger is configured or bootstrapped.
 */
export function openLedgerSource(
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
): LedgerSource {
  let options: OrgConnectionOptions | undefined;
  const orgsFile = env.LEDGER_ORGS_FILE;
  if (orgsFile !== undefined && orgsFile !== '') {
    options = readOrgConnections(orgsFile).values().next().value;
  } else {
    const layout = devnetLayout(config.devnet.dir);
    const manufacturer = devnetTopology(config.devnet.basePort).peers[0];
    if (fs.existsSync(layout.readyMarker) && manufacturer !== undefined) {
      options = gatewayOptions(orgIdentityFiles(layout, manufacturer));
    }
  }
  if (options === undefined) {
    throw new OperatorError(
      'no ledger to read: run `provenance devnet up` first, or set LEDGER_ORGS_FILE to reach an existing network',
    );
  }
  const connection = connectOrg(options);
  return {
    source: fabricBlockSource(connection, config.channel),
    describe: `${options.mspId} peer at ${options.endpoint}`,
    close: () => connection.close(),
  };
}
