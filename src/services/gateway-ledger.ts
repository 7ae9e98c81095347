/**
 * The LedgerPort over Fabric Gateway connections, one per organisation, opened on first use and
 * kept: gRPC channels are meant to be long-lived and shared by concurrent calls.
 */
import {
  connectOrg,
  type OrgConnection,
  type OrgConnectionOptions,
} from '../ledger/gateway-connection.js';
import { createQsccClient } from '../ledger/qscc.js';
import { submitTransaction } from '../ledger/submit.js';
import type { LedgerBlockReader, LedgerPort } from './ledger-port.js';
import { NoLedgerIdentityError } from './service-errors.js';

/** Where the ledger is and who may use it. */
export interface GatewayLedgerOptions {
  channel: string;
  chaincode: string;
  /** Connection options by MSP id: each organisation submits with its own identity. */
  orgs: ReadonlyMap<string, OrgConnectionOptions>;
}

/** A LedgerPort that also owns connections to close. */
export interface GatewayLedger extends LedgerPort {
  /** Closes every connection opened so far. */
  close(): void;
}

/**
 * Creates the gateway-backed ledger (connections open lazily).
 * @throws Error when no organisation is configured.
 */
export function createGatewayLedger(options: GatewayLedgerOptions): GatewayLedger {
  const first = options.orgs.keys().next();
  if (first.done === true) throw new Error('createGatewayLedger: no organisation configured');
  const fallbackMsp: string = first.value;
  const open = new Map<string, OrgConnection>();
  const connection = (mspId: string): OrgConnection => {
    let existing = open.get(mspId);
    if (existing === undefined) {
      const org = options.orgs.get(mspId);
      if (org === undefined) throw new NoLedgerIdentityError(mspId);
      existing = connectOrg(org);
      open.set(mspId, existing);
    }
    return existing;
  };
  return {
    channel: options.channel,
    submit: (mspId, call, hooks) =>
      submitTransaction(
        connection(mspId).gateway,
        { channel: options.channel, chaincode: options.chaincode, fn: call.fn, args: call.args },
        hooks,
      ),
    reader(mspId): LedgerBlockReader {
      // Reads need no particular identity: any configured organisation's peer serves blocks.
      const msp = mspId !== undefined && options.orgs.has(mspId) ? mspId : fallbackMsp;
      const qscc = createQsccClient(connection(msp).gateway);
      return {
        blockByTxId: (txId) => qscc.getBlockByTxId(options.channel, txId),
        blockByNumber: (n) => qscc.getBlockByNumber(options.channel, n),
        chainHeight: async () => (await qscc.getChainInfo(options.channel)).height,
      };
    },
    close() {
      for (const c of open.values()) c.close();
      open.clear();
    },
  };
}
