/** Sites (SGLNs) as master data. */
import { Field, Float, ID, InputType, ObjectType } from 'type-graphql';
import { Node } from './node.type.js';
import { Connection } from './page.type.js';
import { BlockNumberScalar } from './scalars.js';
import type { LocationQuery } from '../db/catalog.queries.js';
import { listFilter } from './page.filters.js';

/** A physical site. */
@ObjectType('Location', {
  implements: Node,
  description: 'A physical site (SGLN) owned by one organisation.',
})
export class Location implements Node {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'SGLN URN.' }) locationId!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) address!: string | null;
  @Field(() => Float, { nullable: true, description: 'WGS 84 latitude in degrees.' }) latitude!:
    number | null;
  @Field(() => Float, { nullable: true, description: 'WGS 84 longitude in degrees.' }) longitude!:
    number | null;
  @Field(() => String, { description: 'Owning organisation (MSP id).' }) ownerMsp!: string;
  @Field(() => String, { description: 'Transaction of the latest location record.' }) txId!: string;
  @Field(() => BlockNumberScalar) blockNumber!: bigint;
}

/** Filters of `locations`. */
@InputType({ description: 'Location filters.' })
export class LocationFilter {
  @Field(() => [String], { nullable: true, description: 'Owning organisations (MSP ids).' })
  ownerMsp?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'true: only sites with coordinates.' })
  hasCoordinates?: boolean | null;
}

/** A page of locations. */
@ObjectType()
export class LocationConnection extends Connection(Location, 'Location') {}

/**
 * The checked conditions of a LocationFilter.
 * @throws BadUserInputError for a malformed condition.
 */
export function locationQueryOf(f: LocationFilter | null | undefined): LocationQuery {
  return {
    ownerMsp: listFilter(f?.ownerMsp, 'filter.ownerMsp'),
    hasCoordinates: f?.hasCoordinates ?? null,
  };
}
