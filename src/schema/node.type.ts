/** The Relay Node interface: every object with a global id can be fetched back with node(id). */
import { Field, ID, InterfaceType } from 'type-graphql';
import { fromGlobalId } from '../server/relay-id.js';

/** Anything with a global id. */
@InterfaceType('Node', {
  description: 'An object with a global id (base64url of Type:key); fetch it again with node(id).',
  // The id names its type, so plain row objects need no class instance to be told apart.
  resolveType: (value: { id: string }) => fromGlobalId(value.id).type,
})
export abstract class Node {
  @Field(() => ID, { description: 'Global id, opaque and stable.' })
  id!: string;
}
