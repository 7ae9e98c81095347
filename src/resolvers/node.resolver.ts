import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { BadUserInputError } from '../errors.js';
import { Node } from '../schema/node.type.js';
import type { RequestContext } from '../server/context.js';
import { loadersOf, shipmentKey } from '../server/loaders.js';
import { compositeKey, fromGlobalId } from '../server/relay-id.js';
import {
  eventNode,
  identifierNode,
  locationNode,
  lotNode,
  maybe,
  organizationNode,
  partyNode,
  productNode,
  recallNode,
  shipmentNode,
} from './catalog.mappers.js';
import type { Plain } from '../schema/page.type.js';

const MAX_NODES = 100;

/** The object a global id names, through the request's loaders; null when it no longer exists. */
async function loadNode(ctx: RequestContext, id: string): Promise<Plain<Node> | null> {
  const { type, key } = fromGlobalId(id);
  const l = loadersOf(ctx);
  switch (type) {
    case 'Lot':
      return maybe(await l.lot.load(key), lotNode);
    case 'Identifier':
      return maybe(await l.identifier.load(key), identifierNode);
    case 'Product':
      return maybe(await l.product.load(key), productNode);
    case 'Organization':
      return maybe(await l.organization.load(key), organizationNode);
    case 'Party':
      return maybe(await l.party.load(key), partyNode);
    case 'Location':
      return maybe(await l.location.load(key), locationNode);
    case 'Event':
      return maybe(await l.event.load(key), eventNode);
    case 'Recall':
      return maybe(await l.recall.load(key), recallNode);
    case 'Shipment': {
      const [shipEventId = '', identifier = ''] = compositeKey(key, 2);
      return maybe(await l.shipment.load(shipmentKey(shipEventId, identifier)), shipmentNode);
    }
  }
}

/** Relay object identification: `node(id)` and `nodes(ids)`. */
@Resolver()
export class NodeResolver {
  @Authorized('read')
  @Query(() => Node, {
    nullable: true,
    description: 'The object with this global id; null when it does not exist (any more).',
  })
  node(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Plain<Node> | null> {
    return loadNode(ctx, id);
  }

  @Authorized('read')
  @Query(() => [Node], {
    nullable: 'items',
    description: `Objects by global id, in the order asked (null where none exists); at most ${MAX_NODES}.`,
  })
  nodes(
    @Ctx() ctx: RequestContext,
    @Arg('ids', () => [ID]) ids: string[],
  ): Promise<(Plain<Node> | null)[]> {
    if (ids.length > MAX_NODES)
      throw new BadUserInputError(`ids takes at most ${MAX_NODES} ids; split the request`, 'ids');
    return Promise.all(ids.map((id) => loadNode(ctx, id)));
  }
}
