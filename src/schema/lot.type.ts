/** Lots (lgtin classes) as the mirror holds their latest state. */
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Node } from './node.type.js';
import { Connection } from './page.type.js';
import { BlockNumberScalar } from './scalars.js';
import { BadUserInputError } from '../errors.js';
import type { LotQuery } from '../db/catalog-state.queries.js';
import { listFilter } from './page.filters.js';

/** A quantity of a lot held by, or on the way to, one organisation. */
@ObjectType('LotQuantity', {
  description: "A quantity of a lot, in the lot's unit (uom), by organisation.",
})
export class LotQuantity {
  @Field(() => String, { description: 'Organisation (MSP id).' }) organization!: string;
  @Field(() => Float) quantity!: number;
}

/** A lot of a GTIN. */
@ObjectType('Lot', {
  implements: Node,
  description: 'A lot of a GTIN (lgtin class) with its latest recorded state.',
})
export class Lot implements Node {
  @Field(() => ID) id!: string;
  @Field(() => String, {
    description: 'lgtin class URN, e.g. urn:epc:class:lgtin:0614141.012345.LOT-A.',
  })
  lotClass!: string;
  @Field(() => String, { description: 'GTIN-14 of the trade item.' }) gtin!: string;
  @Field(() => String) lotNumber!: string;
  @Field(() => String, { nullable: true, description: 'Expiry date (ISO 8601 date) as recorded.' })
  expiry!: string | null;
  @Field(() => String, { nullable: true, description: 'Owning organisation (MSP id).' }) ownerMsp!:
    string | null;
  @Field(() => Float, { description: 'Quantity commissioned or produced so far.' })
  quantityProduced!: number;
  @Field(() => Float, { description: 'Quantity not yet consumed by transformations.' })
  quantityRemaining!: number;
  @Field(() => String, {
    nullable: true,
    description: 'UN/CEFACT unit of the quantities; null means a count.',
  })
  uom!: string | null;
  @Field(() => Boolean, {
    description:
      'True when the lot first appeared in an event without being commissioned on the ledger.',
  })
  unverifiedOrigin!: boolean;
  @Field(() => String, { nullable: true, description: 'Open recall covering the lot.' }) recallId!:
    string | null;
  @Field(() => String, { nullable: true, description: 'recalled once a recall covered the lot.' })
  disposition!: string | null;
  @Field(() => Int, { nullable: true, description: 'Serialised units commissioned with this lot.' })
  serialCount!: number | null;
  @Field(() => [LotQuantity], {
    description:
      'What organisations other than the owner received of the lot by quantity and still hold (they may transform it), by organisation.',
  })
  heldBy!: LotQuantity[];
  @Field(() => [LotQuantity], {
    description: 'What was shipped of the lot by quantity and not received yet, by destination.',
  })
  shippedTo!: LotQuantity[];
  @Field(() => String, { description: 'eventID of the last event that changed the lot.' })
  lastEventId!: string;
  @Field(() => String, {
    description: 'Transaction that wrote this state; prove it with proof(txId).',
  })
  txId!: string;
  @Field(() => BlockNumberScalar) blockNumber!: bigint;
}

/** Filters of `lots`; all given conditions must hold. */
@InputType({ description: 'Lot filters; every condition given must hold.' })
export class LotFilter {
  @Field(() => [String], { nullable: true, description: 'GTIN-14 values.' }) gtin?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Owning organisations (MSP ids).' })
  ownerMsp?: string[] | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only lots under an open recall; false: only lots not under one.',
  })
  recalled?: boolean | null;
  @Field(() => String, {
    nullable: true,
    description: 'Lots expiring before this ISO 8601 date (exclusive).',
  })
  expiresBefore?: string | null;
}

/** A page of lots. */
@ObjectType()
export class LotConnection extends Connection(Lot, 'Lot') {}

/**
 * The checked conditions of a LotFilter.
 * @throws BadUserInputError for a malformed condition.
 */
export function lotQueryOf(f: LotFilter | null | undefined): LotQuery {
  if (f?.expiresBefore != null && !/^\d{4}-\d{2}-\d{2}$/.test(f.expiresBefore)) {
    throw new BadUserInputError(
      'filter.expiresBefore must be an ISO 8601 date (YYYY-MM-DD)',
      'filter.expiresBefore',
    );
  }
  return {
    gtin: listFilter(f?.gtin, 'filter.gtin'),
    ownerMsp: listFilter(f?.ownerMsp, 'filter.ownerMsp'),
    recalled: f?.recalled ?? null,
    expiresBefore: f?.expiresBefore ?? null,
  };
}
