/**
 * The indexer's block source on a real Fabric network: full blocks from a peer's block event
 * stream (decoded here, at the boundary) and the chain height from qscc. Stream failures surface
 * as LedgerUnavailableError, which the runner treats as retryable and resumes from its checkpoint.
 */
import type { BlockSource } from '../indexer/block-source.js';
import { LedgerUnavailableError } from '../errors.js';
import { decodeBlock } from './block-decoder.js';
import { blockEvents } from './block-events.js';
import type { OrgConnection } from './gateway-connection.js';
import { createQsccClient } from './qscc.js';
import type { DecodedBlock } from './types.js';

/** A LedgerUnavailableError the indexer may retry. */
class RetryableLedgerError extends LedgerUnavailableError {
  readonly retryable = true;
}

/** Reads blocks of `channel` through one organisation's gateway connection. */
export function fabricBlockSource(connection: OrgConnection, channel: string): BlockSource {
  const network = connection.gateway.getNetwork(channel);
  const qscc = createQsccClient(connection.gateway);
  return {
    async *blocks(startBlock: bigint, signal: AbortSignal): AsyncIterable<DecodedBlock> {
      const stream = blockEvents(network, startBlock);
      const stop = (): void => void stream.return(undefined);
      signal.addEventListener('abort', stop, { once: true });
      try {
        for await (const raw of stream) {
          if (signal.aborted) return;
          yield decodeBlock(raw);
        }
      } catch (error) {
        if (signal.aborted) return;
        throw new RetryableLedgerError(error instanceof Error ? error.message : String(error));
      } finally {
        signal.removeEventListener('abort', stop);
      }
    },
    async chainHeight(): Promise<bigint> {
      try {
        return (await qscc.getChainInfo(channel)).height;
      } catch (error) {
        throw new RetryableLedgerError(error instanceof Error ? error.message : String(error));
      }
    },
  };
}
