import { Arg, Authorized, Ctx, Resolver, Root, Subscription } from 'type-graphql';
import type { RecallRow } from '../db/catalog-state.queries.js';
import { EventSubscriptionFilter, eventConditionsOf } from '../schema/event.filter.js';
import { EpcisEvent } from '../schema/event.type.js';
import { Recall } from '../schema/lot-recall.type.js';
import type { RequestContext } from '../server/context.js';
import { resetLoaders } from '../server/loaders.js';
import { eventNode, recallNode } from './catalog.mappers.js';
import { matchesEvent, type EventCapturedPayload } from './subscriptions.filter.js';
import { EVENT_CAPTURED_TOPIC, RECALL_UPDATED_TOPIC } from './subscriptions.publisher.js';
import type { Plain } from '../schema/page.type.js';

interface FilterArgs {
  filter?: EventSubscriptionFilter | null;
}

/* eslint-disable @typescript-eslint/no-unused-vars -- the filter arguments are declared for the
   schema and applied by each subscription's filter option, not by the resolver body */

/** Live events and recalls, pushed when the indexer commits their block. */
@Resolver()
export class SubscriptionsResolver {
  @Authorized('read')
  @Subscription(() => EpcisEvent, {
    // Checking the filter here refuses a malformed one when subscribing, not at the first event.
    topics: ({ args }) => {
      eventConditionsOf((args as FilterArgs).filter);
      return EVENT_CAPTURED_TOPIC;
    },
    filter: ({ payload, args }) =>
      matchesEvent(payload as EventCapturedPayload, eventConditionsOf((args as FilterArgs).filter)),
    description:
      'Each event matching the filter once its block is in the mirror; an errorDeclaration delivers the event again with retracted = true.',
  })
  eventCaptured(
    @Root() payload: unknown,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => EventSubscriptionFilter, { nullable: true })
    _filter?: EventSubscriptionFilter | null,
  ): Plain<EpcisEvent> {
    // One context serves the whole subscription: nested fields must not see an earlier block.
    resetLoaders(ctx);
    return eventNode((payload as EventCapturedPayload).event);
  }

  @Authorized('read')
  @Subscription(() => Recall, {
    topics: RECALL_UPDATED_TOPIC,
    filter: ({ payload, args }) => {
      const id = (args as { recallId?: string | null }).recallId;
      return id == null || (payload as RecallRow).recallId === id;
    },
    description:
      'Each recall as its record changes (opened, lots added, closed), once its block is in the mirror; changes indexed in one batch arrive as one delivery of the latest state.',
  })
  recallUpdated(
    @Root() payload: unknown,
    @Ctx() ctx: RequestContext,
    @Arg('recallId', () => String, { nullable: true, description: 'Only this recall.' })
    _recallId?: string | null,
  ): Plain<Recall> {
    resetLoaders(ctx);
    return recallNode(payload as RecallRow);
  }
}
/* eslint-enable @typescript-eslint/no-unused-vars */
