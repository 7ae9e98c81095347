/** Instance identifiers (units, cases, pallets) with the state the contract last computed. */
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import type { NodeKind as Kind } from '../db/lineage.queries.js';
import { NodeKind } from './lineage.enums.js';
import { Node } from './node.type.js';
import { Connection } from './page.type.js';
import { BlockNumberScalar } from './scalars.js';
import type { IdentifierQuery } from '../db/catalog-state.queries.js';
import { cbvShortName } from '../indexer/cbv.js';
import { listFilter, urnFilter } from './page.filters.js';

/** A unit, case or pallet and where it stands now. */
@ObjectType('Identifier', {
  implements: Node,
  description:
    'A serialised unit, case or pallet (EPC instance) and its current state: owner, possessor, location, disposition, container, transit.',
})
export class Identifier implements Node {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'EPC URN (sgtin, sscc, …).' }) epc!: string;
  @Field(() => String, { description: 'URN scheme: sgtin, sscc, grai, …' }) scheme!: string;
  @Field(() => NodeKind, {
    description: 'UNIT, CASE or PALLET (a container that held containers); OTHER otherwise.',
  })
  kind!: Kind;
  @Field(() => String, { nullable: true, description: 'lgtin class URN of its lot.' }) lotClass!:
    string | null;
  @Field(() => String, { nullable: true }) gtin!: string | null;
  @Field(() => String, { nullable: true, description: 'Owning organisation (MSP id).' }) ownerMsp!:
    string | null;
  @Field(() => String, { nullable: true, description: 'Owning party (PGLN).' }) ownerParty!:
    string | null;
  @Field(() => String, { nullable: true, description: 'Possessing party (PGLN).' })
  possessorParty!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'SGLN of the last event (bizLocation, else readPoint).',
  })
  locationId!: string | null;
  @Field(() => String, { nullable: true, description: 'Latest CBV disposition.' }) disposition!:
    string | null;
  @Field(() => String, { nullable: true, description: 'EPC of the container holding it now.' })
  parentEpc!: string | null;
  @Field(() => Boolean, { description: 'True while shipped and not yet received.' })
  inTransit!: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'While in transit: receiving organisation (MSP id).',
  })
  inTransitToMsp!: string | null;
  @Field(() => String, { nullable: true, description: 'While in transit: receiving party (PGLN).' })
  inTransitToParty!: string | null;
  @Field(() => String, { nullable: true, description: 'While in transit: destination (SGLN).' })
  inTransitToLocation!: string | null;
  @Field(() => Boolean, {
    description: 'True when first seen in an event without being commissioned on the ledger.',
  })
  unverifiedOrigin!: boolean;
  @Field(() => String) lastEventId!: string;
  @Field(() => GraphQLDateTime) lastEventTime!: Date;
  @Field(() => String, {
    description: 'Transaction that wrote this state; prove it with proof(txId).',
  })
  txId!: string;
  @Field(() => BlockNumberScalar) blockNumber!: bigint;
}

/** Filters of `identifiers`; all given conditions must hold. */
@InputType({
  description: 'Identifier filters; every condition given must hold, list values are alternatives.',
})
export class IdentifierFilter {
  @Field(() => [String], { nullable: true, description: 'lgtin class URNs.' }) lotClass?:
    string[] | null;
  @Field(() => [String], { nullable: true }) gtin?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'SGLNs of the current location.' })
  location?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Owning organisations (MSP ids).' })
  ownerMsp?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'CBV dispositions (short names).' })
  disposition?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'EPCs of the current container.' })
  parentEpc?: string[] | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only identifiers in transit; false: only those not.',
  })
  inTransit?: boolean | null;
  @Field(() => [String], { nullable: true, description: 'URN schemes, e.g. sgtin, sscc.' })
  scheme?: string[] | null;
}

/** A page of identifiers. */
@ObjectType()
export class IdentifierConnection extends Connection(Identifier, 'Identifier') {}

/**
 * The checked conditions of an IdentifierFilter.
 * @throws BadUserInputError for a malformed condition.
 */
export function identifierQueryOf(f: IdentifierFilter | null | undefined): IdentifierQuery {
  return {
    lotClass: urnFilter(f?.lotClass, 'filter.lotClass'),
    gtin: listFilter(f?.gtin, 'filter.gtin'),
    location: urnFilter(f?.location, 'filter.location'),
    ownerMsp: listFilter(f?.ownerMsp, 'filter.ownerMsp'),
    disposition: listFilter(f?.disposition, 'filter.disposition')?.map((d) => cbvShortName(d) ?? d),
    parentEpc: urnFilter(f?.parentEpc, 'filter.parentEpc'),
    inTransit: f?.inTransit ?? null,
    scheme: listFilter(f?.scheme, 'filter.scheme'),
  };
}
