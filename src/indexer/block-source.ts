/**
 * The port the runner and verify read blocks through, so the indexer core runs without a network.
 * src/ledger provides the Fabric implementation (block events from a peer, qscc for the height).
 */
import type { DecodedBlock } from '../ledger/types.js';

/** A stream of committed, decoded blocks of one channel. */
export interface BlockSource {
  /**
   * Yields blocks in order from `startBlock`, waiting for new ones at the tip, until `signal`
   * aborts (then the iterable ends). Transient failures should throw errors that isRetryable()
   * recognises (or RetryableIndexerError); the runner reconnects from its checkpoint.
   */
  blocks(startBlock: bigint, signal: AbortSignal): AsyncIterable<DecodedBlock>;
  /** Number of blocks on the channel: the last block's number + 1. */
  chainHeight(): Promise<bigint>;
}
