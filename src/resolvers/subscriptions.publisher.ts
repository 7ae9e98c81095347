/**
 * Turns "block N is indexed" (BLOCK_INDEXED_TOPIC, fed by Postgres NOTIFY) into the events and
 * recalls of that block, published once each on EVENT_CAPTURED and RECALL_UPDATED; subscribers
 * filter them. Blocks are handled one at a time, in the order they were announced.
 */
import type { Kysely } from 'kysely';
import type { PubSub } from 'type-graphql';
import { sql } from 'kysely';
import { recallsWhere } from '../db/catalog-state.queries.js';
import type { Database } from '../db/database.js';
import { eventsInBlock, identifiersOfEvents, type EventRow } from '../db/events.queries.js';
import type { Logger } from '../logger.js';
import { BLOCK_INDEXED_TOPIC } from '../server/block-notifications.js';
import type { EventCapturedPayload } from './subscriptions.filter.js';

/** Topic of EventCapturedPayload values: events captured (or declared erroneous) in a new block. */
export const EVENT_CAPTURED_TOPIC = 'EVENT_CAPTURED';
/** Topic of RecallRow values: recalls whose latest record is in a new block. */
export const RECALL_UPDATED_TOPIC = 'RECALL_UPDATED';

/** A running publisher. */
export interface SubscriptionPublisher {
  /** Stops listening; resolves once the block in hand (if any) is published. */
  stop(): Promise<void>;
}

/**
 * The event as block `block` left it: the indexer may store a capture and its errorDeclaration in
 * one batch, and the row then already carries the retraction of a later block. Delivered for its
 * capture block, the event is live; for the declaration's block, retracted.
 */
function asOfBlock(event: EventRow, block: bigint): EventRow {
  if (event.retractedBlockNumber === null || event.retractedBlockNumber <= block) return event;
  return {
    ...event,
    retracted: false,
    retractionTime: null,
    retractionReason: null,
    correctiveEventIds: null,
    retractedTxId: null,
    retractedBlockNumber: null,
  };
}

/**
 * Publishes the events and recalls of one indexed block. A recall is read as it is now, and the
 * mirror keeps only its latest record: one that changed again in a later block of the same
 * indexer batch is delivered once, in its latest state, for that later block.
 */
export async function publishBlock(
  db: Kysely<Database>,
  pubSub: PubSub,
  block: bigint,
): Promise<void> {
  const events = await eventsInBlock(db, block);
  const identifiers =
    events.length === 0
      ? []
      : await identifiersOfEvents(
          db,
          events.map((e) => e.eventId),
        );
  for (const event of events) {
    const payload: EventCapturedPayload = {
      event: asOfBlock(event, block),
      identifiers: identifiers.filter((i) => i.eventId === event.eventId),
    };
    pubSub.publish(EVENT_CAPTURED_TOPIC, payload);
  }
  for (const recall of await recallsWhere(db, sql<boolean>`r.block_number = ${block}`)) {
    pubSub.publish(RECALL_UPDATED_TOPIC, recall);
  }
}

/**
 * Subscribes to BLOCK_INDEXED_TOPIC on `pubSub` and republishes each block's events and recalls.
 * A failing block is logged and skipped (its subscribers miss it; queries still see it).
 */
export function startSubscriptionPublisher(
  db: Kysely<Database>,
  pubSub: PubSub,
  log?: Logger,
): SubscriptionPublisher {
  const iterator = pubSub.subscribe(BLOCK_INDEXED_TOPIC)[Symbol.asyncIterator]();
  const loop = (async () => {
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      const block: unknown = next.value;
      if (typeof block !== 'bigint') continue;
      try {
        await publishBlock(db, pubSub, block);
      } catch (err) {
        log?.warn(
          `subscriptions: block ${block} not published (${err instanceof Error ? err.message : String(err)})`,
        );
      }
    }
  })();
  return {
    stop: async () => {
      await iterator.return?.();
      await loop;
    },
  };
}
