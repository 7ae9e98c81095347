/**
 * Proofs for the API: fetches the block holding a transaction from a peer (qscc
 * GetBlockByTxID, never from Postgres: the mirror is what a proof must not depend on), the headers
 * of the blocks after it, and builds the ProofBundle; verifies bundles against configured trust.
 */
import type { BlockHeaderFields } from '../ledger/block-hash.js';
import { readBlockParts } from '../ledger/block-reader.js';
import { BadUserInputError } from '../errors.js';
import { buildProofBundle } from '../proof/proof-builder.js';
import type {
  EndorsementPolicy,
  ProofBundle,
  ProofTrust,
  ProofVerification,
} from '../proof/proof-bundle.js';
import { verifyProofBundle } from '../proof/proof-verifier.js';
import type { LedgerBlockReader, LedgerPort } from './ledger-port.js';
import { NotConfiguredError } from './service-errors.js';

/**
 * Most headers a bundle's chain carries, the transaction's own block included. Each later header
 * costs one full-block read (qscc has no header-only query), so a proof of an old transaction
 * stops 99 blocks after it instead of at the tip; its `tip` then says where the chain ends, and an
 * auditor extends it with GetBlockByNumber or compares against GetChainInfo.
 */
export const MAX_PROOF_HEADERS = 100;

// Parallel block reads per proof: enough to hide latency, few enough not to flood one peer.
const FETCH_CONCURRENCY = 8;

/** How proofs are built and checked on this server. */
export interface ProofServiceOptions {
  /** The channel's endorsement policy, written into every bundle. */
  policy: EndorsementPolicy;
  /** What verifyProof trusts; undefined when PROOF_TRUST_FILE is not set. */
  trust: ProofTrust | undefined;
  /** Cap on the header chain (default MAX_PROOF_HEADERS). */
  maxHeaders?: number;
}

/**
 * Checks a transaction id's form (hex SHA-256, as Fabric computes it).
 * @throws BadUserInputError naming txId.
 */
export function assertTxId(txId: string): void {
  if (!/^[0-9a-f]{64}$/.test(txId)) {
    throw new BadUserInputError(
      'txId must be a Fabric transaction id (64 lower-case hex digits)',
      'txId',
    );
  }
}

async function headersAfter(
  reader: LedgerBlockReader,
  number: bigint,
  maxHeaders: number,
): Promise<BlockHeaderFields[]> {
  const height = await reader.chainHeight();
  const cap = number + BigInt(Math.max(maxHeaders, 1) - 1);
  const last = height - 1n < cap ? height - 1n : cap;
  const numbers: bigint[] = [];
  for (let n = number + 1n; n <= last; n++) numbers.push(n);
  const headers: BlockHeaderFields[] = new Array<BlockHeaderFields>(numbers.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < numbers.length) {
      const i = next++;
      const n = numbers[i] ?? 0n;
      headers[i] = readBlockParts(await reader.blockByNumber(n)).header;
    }
  };
  await Promise.all(Array.from({ length: Math.min(FETCH_CONCURRENCY, numbers.length) }, worker));
  return headers;
}

/** Builds proofs from the ledger and verifies them against configured trust anchors. */
export class ProofService {
  constructor(
    private readonly ledger: LedgerPort | undefined,
    private readonly options: ProofServiceOptions,
  ) {}

  /**
   * The proof for `txId`, read from a peer of `mspId` (or of any configured organisation).
   * @throws BadUserInputError, NotFoundError, LedgerUnavailableError, NotConfiguredError
   */
  async proofFor(mspId: string | undefined, txId: string): Promise<ProofBundle> {
    assertTxId(txId);
    if (this.ledger === undefined)
      throw new NotConfiguredError('a ledger connection', 'LEDGER_ORGS_FILE');
    const reader = this.ledger.reader(mspId);
    return this.bundleFromBlock(reader, await reader.blockByTxId(txId), txId);
  }

  /**
   * Builds the bundle for `txId` from its raw block plus the headers up to the tip (capped).
   * @throws NotFoundError when the block does not hold the transaction.
   */
  async bundleFromBlock(
    reader: LedgerBlockReader,
    rawBlock: Uint8Array,
    txId: string,
  ): Promise<ProofBundle> {
    const number = readBlockParts(rawBlock).header.number;
    const later = await headersAfter(reader, number, this.options.maxHeaders ?? MAX_PROOF_HEADERS);
    return buildProofBundle(rawBlock, txId, {
      channel: this.channel(),
      headerChain: later,
      policy: this.options.policy,
    });
  }

  /**
   * Verifies `bundle` with the configured trust; the transaction's own time is the check time.
   * @throws NotConfiguredError when no trust file is configured.
   */
  verify(bundle: unknown): ProofVerification {
    if (this.options.trust === undefined) {
      throw new NotConfiguredError(
        'proof verification (trusted CA certificates)',
        'PROOF_TRUST_FILE',
      );
    }
    return verifyProofBundle(bundle, this.options.trust);
  }

  private channel(): string {
    if (this.ledger === undefined)
      throw new NotConfiguredError('a ledger connection', 'LEDGER_ORGS_FILE');
    return this.ledger.channel;
  }
}
