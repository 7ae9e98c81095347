/** Trade items (GTINs) as master data. */
import { Field, Float, ID, InputType, ObjectType } from 'type-graphql';
import { Node } from './node.type.js';
import { Connection } from './page.type.js';
import { BlockNumberScalar } from './scalars.js';
import type { ProductQuery } from '../db/catalog.queries.js';
import { listFilter } from './page.filters.js';

/** A trade item. */
@ObjectType('Product', {
  implements: Node,
  description: 'A trade item (GTIN) and its regulatory identity.',
})
export class Product implements Node {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'GTIN-14.' }) gtin!: string;
  @Field(() => String, { nullable: true, description: 'US National Drug Code.' }) ndc!:
    string | null;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) dosageForm!: string | null;
  @Field(() => String, { nullable: true }) strength!: string | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Mass of one unit in kilograms (transport emission allocation).',
  })
  unitMassKg!: number | null;
  @Field(() => String, { description: 'Organisation that registered the product (MSP id).' })
  ownerMsp!: string;
  @Field(() => String, { description: 'Transaction of the latest product record.' }) txId!: string;
  @Field(() => BlockNumberScalar) blockNumber!: bigint;
}

/** Filters of `products`. */
@InputType({ description: 'Product filters; every condition given must hold.' })
export class ProductFilter {
  @Field(() => [String], { nullable: true, description: 'GTIN-14 values.' }) gtin?: string[] | null;
  @Field(() => [String], { nullable: true }) ndc?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Registering organisations (MSP ids).' })
  ownerMsp?: string[] | null;
}

/** A page of products. */
@ObjectType()
export class ProductConnection extends Connection(Product, 'Product') {}

/**
 * The checked conditions of a ProductFilter.
 * @throws BadUserInputError for a malformed condition.
 */
export function productQueryOf(f: ProductFilter | null | undefined): ProductQuery {
  return {
    gtin: listFilter(f?.gtin, 'filter.gtin'),
    ndc: listFilter(f?.ndc, 'filter.ndc'),
    ownerMsp: listFilter(f?.ownerMsp, 'filter.ownerMsp'),
  };
}
