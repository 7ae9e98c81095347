/** Trading partners: organisations (MSPs) and the GS1 parties (PGLNs) they hold. */
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Node } from './node.type.js';
import { Connection } from './page.type.js';
import { BlockNumberScalar } from './scalars.js';
import { listFilter } from './page.filters.js';

/** A trading partner's MSP. */
@ObjectType('Organization', {
  implements: Node,
  description: 'A trading partner: one Fabric MSP with its GS1 party ids and company prefixes.',
})
export class Organization implements Node {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'Fabric MSP id.' }) mspId!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'manufacturer, distributor, pharmacy or other.' })
  role!: string;
  @Field(() => [String], { description: 'PGLN URNs the organisation holds.' }) partyIds!: string[];
  @Field(() => [String], { description: 'GS1 company prefixes.' }) companyPrefixes!: string[];
  @Field(() => String, { description: 'Transaction of the latest organisation record.' })
  txId!: string;
  @Field(() => BlockNumberScalar) blockNumber!: bigint;
}

/** A GS1 party. */
@ObjectType('Party', {
  implements: Node,
  description: 'A GS1 party (PGLN) and the organisation it belongs to.',
})
export class Party implements Node {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'PGLN URN.' }) partyId!: string;
  @Field(() => String, { description: 'MSP id of its organisation.' }) mspId!: string;
  @Field(() => String, { description: 'Transaction of the organisation record that lists it.' })
  txId!: string;
  @Field(() => BlockNumberScalar) blockNumber!: bigint;
}

/** Filters of `parties`. */
@InputType({ description: 'Party filters.' })
export class PartyFilter {
  @Field(() => [String], { nullable: true, description: 'Organisations (MSP ids).' }) mspId?:
    string[] | null;
}

/** A page of organisations. */
@ObjectType()
export class OrganizationConnection extends Connection(Organization, 'Organization') {}

/** A page of parties. */
@ObjectType()
export class PartyConnection extends Connection(Party, 'Party') {}

/**
 * The checked organisations of a PartyFilter (undefined: all).
 * @throws BadUserInputError for a malformed list.
 */
export function partyQueryOf(f: PartyFilter | null | undefined): string[] | undefined {
  return listFilter(f?.mspId, 'filter.mspId');
}
