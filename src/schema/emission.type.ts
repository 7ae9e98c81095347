/** GLEC transport emissions: roll-ups and the legs they sum. */
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  MAX_GROUP_TX_IDS,
  type EmissionGroupKey as Key,
  type EmissionQuery,
} from '../db/emissions.queries.js';
import { BadUserInputError } from '../errors.js';
import { Connection } from './page.type.js';
import { listFilter, timeRange } from './page.filters.js';
import { BlockNumberScalar } from './scalars.js';

/** What emission roll-ups can be grouped by. */
export const EmissionGroupKey = {
  ORGANIZATION: 'ORGANIZATION',
  PRODUCT: 'PRODUCT',
  MODE: 'MODE',
  CATEGORY: 'CATEGORY',
  DAY: 'DAY',
  WEEK: 'WEEK',
  MONTH: 'MONTH',
} as const satisfies Record<Key, Key>;

registerEnumType(EmissionGroupKey, {
  name: 'EmissionGroupKey',
  description: 'A roll-up key. Rows are always also split by factor scope, source and version.',
  valuesConfig: {
    ORGANIZATION: { description: 'Organisation that recorded the leg (MSP id).' },
    PRODUCT: {
      description:
        'GTIN; a leg is split over the products it moved by mass (by unit count when a unit mass is missing).',
    },
    MODE: { description: 'Transport mode: road, rail, air, sea, inland_waterway, other.' },
    CATEGORY: {
      description:
        'GHG Protocol scope 3 category from the perspective organisation: 4 for goods shipped to it, 9 for goods it shipped, null otherwise.',
    },
    DAY: { description: 'UTC day of the shipping event.' },
    WEEK: { description: 'ISO week (from Monday, UTC) of the shipping event.' },
    MONTH: { description: 'UTC month of the shipping event.' },
  },
});

/** Emission conditions. */
@InputType({
  description: 'Emission filters; every condition given must hold, list values are alternatives.',
})
export class EmissionFilter {
  @Field(() => [String], { nullable: true, description: 'Recording organisations (MSP ids).' })
  organization?: string[] | null;
  @Field(() => [String], {
    nullable: true,
    description: 'GTINs: legs that moved them (in roll-ups, only their share).',
  })
  product?: string[] | null;
  @Field(() => [String], { nullable: true }) mode?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'WTW or TTW.' }) scope?: string[] | null;
  @Field(() => [String], { nullable: true }) factorSource?: string[] | null;
  @Field(() => [String], { nullable: true }) factorVersion?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'eventIDs of the shipping events.' })
  eventId?: string[] | null;
  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'Shipping event at or after this instant.',
  })
  from?: Date | null;
  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'Shipping event before this instant (exclusive).',
  })
  to?: Date | null;
}

/** One roll-up row. */
@ObjectType({
  description:
    'Emissions of one group. Keys not grouped by are null; scope, factorSource and factorVersion are always keys.',
})
export class EmissionGroup {
  @Field(() => String, { nullable: true }) organization!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'GTIN; null when grouped by PRODUCT and the goods have no known GTIN.',
  })
  product!: string | null;
  @Field(() => String, { nullable: true }) mode!: string | null;
  @Field(() => Int, { nullable: true, description: 'GHG Protocol scope 3 category (4 or 9).' })
  scope3Category!: number | null;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'Start of the period (UTC).' })
  period!: Date | null;
  @Field(() => String, { description: 'Factor scope: WTW (well-to-wheel) or TTW (tank-to-wheel).' })
  scope!: string;
  @Field(() => String) factorSource!: string;
  @Field(() => String) factorVersion!: string;
  @Field(() => Float, { description: 'kg CO2e.' }) co2eKg!: number;
  @Field(() => Float, { description: 'Tonne-kilometres (mass / 1000 × distance).' })
  tonneKm!: number;
  @Field(() => Int, {
    description: 'Legs contributing (a leg split over products counts in each).',
  })
  legs!: number;
  @Field(() => [String], {
    description: `Transactions that recorded the legs, the first ${MAX_GROUP_TX_IDS} by id (txCount has them all; emissionLegs(filter) lists every leg); prove any with proof(txId).`,
  })
  txIds!: string[];
  @Field(() => Int, { description: 'Transactions that recorded the legs, in all.' })
  txCount!: number;
  @Field(() => BlockNumberScalar, { description: 'Latest block contributing.' })
  lastBlockNumber!: bigint;
}

/** One recorded leg. */
@ObjectType({
  description: 'A GLEC emission record of one shipping event, with its factor and provenance.',
})
export class EmissionLeg {
  @Field(() => String) emissionId!: string;
  @Field(() => String) eventId!: string;
  @Field(() => GraphQLDateTime, { description: 'Time of the shipping event.' }) eventTime!: Date;
  @Field(() => String) mode!: string;
  @Field(() => Float) distanceKm!: number;
  @Field(() => Float) massKg!: number;
  @Field(() => Float) tonneKm!: number;
  @Field(() => String) factorId!: string;
  @Field(() => Float, { description: 'kg CO2e per tonne-km.' }) factorValue!: number;
  @Field(() => String) factorSource!: string;
  @Field(() => String) factorVersion!: string;
  @Field(() => String, { description: 'WTW or TTW.' }) scope!: string;
  @Field(() => Float) co2eKg!: number;
  @Field(() => String) recordedByMsp!: string;
  @Field(() => String) txId!: string;
  @Field(() => BlockNumberScalar) blockNumber!: bigint;
}

/** A page of roll-up rows. */
@ObjectType()
export class EmissionGroupConnection extends Connection(EmissionGroup, 'EmissionGroup') {}

/** A page of legs. */
@ObjectType()
export class EmissionLegConnection extends Connection(EmissionLeg, 'EmissionLeg') {}

/**
 * The checked conditions of an EmissionFilter.
 * @throws BadUserInputError for a malformed condition.
 */
export function emissionQueryOf(f: EmissionFilter | null | undefined): EmissionQuery {
  const range = timeRange(f?.from, f?.to, 'filter.to');
  return {
    organization: listFilter(f?.organization, 'filter.organization'),
    product: listFilter(f?.product, 'filter.product'),
    mode: listFilter(f?.mode, 'filter.mode'),
    scope: listFilter(f?.scope, 'filter.scope'),
    factorSource: listFilter(f?.factorSource, 'filter.factorSource'),
    factorVersion: listFilter(f?.factorVersion, 'filter.factorVersion'),
    eventId: listFilter(f?.eventId, 'filter.eventId'),
    from: range.from,
    to: range.to,
  };
}

/**
 * The checked roll-up keys.
 * @throws BadUserInputError when more than one of DAY, WEEK, MONTH is given.
 */
export function groupKeysOf(keys: readonly Key[]): Key[] {
  const unique = [...new Set(keys)];
  if (unique.filter((k) => k === 'DAY' || k === 'WEEK' || k === 'MONTH').length > 1) {
    throw new BadUserInputError('groupBy takes at most one of DAY, WEEK and MONTH', 'groupBy');
  }
  return unique;
}
