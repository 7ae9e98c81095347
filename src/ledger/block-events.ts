/**
 * The committed-block stream of a channel as raw block bytes, starting at a checkpoint (the NEXT
 * block to read, as in fabric-gateway). The gateway stream does not reconnect by itself: when it
 * ends with an error the caller (the indexer runner) backs off and calls again from its checkpoint.
 */
import type { Network } from '@hyperledger/fabric-gateway';
import { toLedgerError } from './gateway-errors.js';

/**
 * Yields each block from `checkpoint` on, serialized, closing the stream when the consumer stops.
 * @throws LedgerUnavailableError when the stream cannot open or breaks.
 */
export async function* blockEvents(
  network: Network,
  checkpoint: bigint,
): AsyncGenerator<Uint8Array> {
  let events;
  try {
    events = await network.getBlockEvents({ startBlock: checkpoint });
  } catch (error) {
    throw toLedgerError(error, 'block events');
  }
  try {
    // Blocks arrive as parsed protobufs; their fields are bytes (envelopes, metadata) plus the
    // header, so re-serializing gives back the peer's bytes for any block number below 2^53.
    for await (const block of events) yield block.serializeBinary();
  } catch (error) {
    throw toLedgerError(error, 'block events');
  } finally {
    events.close();
  }
}
