/** Operational analytics: events per bizStep and period, dwell per location, transit per lane. */
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { DwellQuery, Period as PeriodValue, TransitQuery } from '../db/analytics.queries.js';
import { Connection } from './page.type.js';
import { listFilter, timeRange, urnFilter } from './page.filters.js';
import { BlockNumberScalar } from './scalars.js';

/** A calendar period (UTC). */
export const Period = { DAY: 'DAY', WEEK: 'WEEK', MONTH: 'MONTH' } as const satisfies Record<
  PeriodValue,
  PeriodValue
>;

registerEnumType(Period, {
  name: 'Period',
  description: 'A calendar period in UTC; weeks start on Monday (ISO).',
});

/** The analytics namespace. */
@ObjectType({
  description: 'Operational analytics over the mirror (needs the analytics permission).',
})
export class Analytics {
  @Field(() => BlockNumberScalar, {
    nullable: true,
    description: 'Highest block in the mirror when asked: the answers reflect the ledger up to it.',
  })
  indexedHeight!: bigint | null;
}

/** Event counts of one bizStep in one period. */
@ObjectType({ description: 'Events of one bizStep in one period.' })
export class BizStepCount {
  @Field(() => GraphQLDateTime, { description: 'Start of the period (UTC).' }) period!: Date;
  @Field(() => String, { nullable: true, description: 'CBV bizStep; null for events without one.' })
  bizStep!: string | null;
  @Field(() => Int, { description: 'Events that count (not retracted).' }) events!: number;
  @Field(() => Int, { description: 'Retracted events (errorDeclaration), counted apart.' })
  retractedEvents!: number;
  @Field(() => BlockNumberScalar, {
    description: 'Latest block contributing; drill down with events(filter).',
  })
  lastBlockNumber!: bigint;
}

/** Dwell statistics of one location. */
@ObjectType({
  description:
    'Time instances spent at a location between a receiving event and their next shipping event.',
})
export class DwellTime {
  @Field(() => String, {
    description: 'SGLN (bizLocation, else readPoint, of the receiving event).',
  })
  locationId!: string;
  @Field(() => Int, { description: 'Receipts followed by a shipment: the durations below.' })
  stays!: number;
  @Field(() => Int, {
    description: 'Receipts with no later shipment (still there, consumed, dispensed or destroyed).',
  })
  openReceipts!: number;
  @Field(() => Float, { nullable: true }) avgSeconds!: number | null;
  @Field(() => Float, { nullable: true }) minSeconds!: number | null;
  @Field(() => Float, { nullable: true }) maxSeconds!: number | null;
  @Field(() => Float, { nullable: true }) medianSeconds!: number | null;
  @Field(() => Float, { nullable: true, description: '90th percentile.' }) p90Seconds!:
    number | null;
  @Field(() => BlockNumberScalar, { description: 'Latest block contributing.' })
  lastBlockNumber!: bigint;
}

/** Transit statistics of one lane. */
@ObjectType({
  description: 'Ship → receive times on one lane (source location → destination location).',
})
export class TransitTime {
  @Field(() => String, { nullable: true }) fromLocationId!: string | null;
  @Field(() => String, { nullable: true }) toLocationId!: string | null;
  @Field(() => Int, { description: 'Shipping events.' }) shipments!: number;
  @Field(() => Int, { description: 'Shipped identifiers (a shipping event may move several).' })
  items!: number;
  @Field(() => Int) received!: number;
  @Field(() => Int) inTransit!: number;
  @Field(() => Float, { nullable: true, description: 'Over received items.' }) avgSeconds!:
    number | null;
  @Field(() => Float, { nullable: true }) minSeconds!: number | null;
  @Field(() => Float, { nullable: true }) maxSeconds!: number | null;
  @Field(() => Float, { nullable: true }) medianSeconds!: number | null;
  @Field(() => Float, { nullable: true, description: '90th percentile.' }) p90Seconds!:
    number | null;
  @Field(() => BlockNumberScalar, { description: 'Latest block contributing.' })
  lastBlockNumber!: bigint;
}

/** Dwell conditions. */
@InputType({ description: 'Dwell filters.' })
export class DwellFilter {
  @Field(() => [String], { nullable: true, description: 'SGLNs.' }) location?: string[] | null;
  @Field(() => [String], {
    nullable: true,
    description:
      'Only instances of these URN schemes (sgtin for units, sscc for cases and pallets).',
  })
  scheme?: string[] | null;
  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'Receipts at or after this instant.',
  })
  from?: Date | null;
  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'Receipts before this instant (exclusive).',
  })
  to?: Date | null;
}

/** Transit conditions. */
@InputType({ description: 'Transit filters (by ship time).' })
export class TransitFilter {
  @Field(() => [String], { nullable: true }) fromLocation?: string[] | null;
  @Field(() => [String], { nullable: true }) toLocation?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Shipping organisations (MSP ids).' })
  shippedByMsp?: string[] | null;
  @Field(() => GraphQLDateTime, { nullable: true }) from?: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'Exclusive.' }) to?: Date | null;
}

/** A page of bizStep counts. */
@ObjectType()
export class BizStepCountConnection extends Connection(BizStepCount, 'BizStepCount') {}

/** A page of dwell rows. */
@ObjectType()
export class DwellTimeConnection extends Connection(DwellTime, 'DwellTime') {}

/** A page of lanes. */
@ObjectType()
export class TransitTimeConnection extends Connection(TransitTime, 'TransitTime') {}

/**
 * The checked conditions of a DwellFilter.
 * @throws BadUserInputError for a malformed condition.
 */
export function dwellQueryOf(f: DwellFilter | null | undefined): DwellQuery {
  return {
    location: urnFilter(f?.location, 'filter.location'),
    scheme: listFilter(f?.scheme, 'filter.scheme'),
    ...timeRange(f?.from, f?.to, 'filter.to'),
  };
}

/**
 * The checked conditions of a TransitFilter.
 * @throws BadUserInputError for a malformed condition.
 */
export function transitQueryOf(f: TransitFilter | null | undefined): TransitQuery {
  return {
    fromLocation: urnFilter(f?.fromLocation, 'filter.fromLocation'),
    toLocation: urnFilter(f?.toLocation, 'filter.toLocation'),
    shippedByMsp: listFilter(f?.shippedByMsp, 'filter.shippedByMsp'),
    ...timeRange(f?.from, f?.to, 'filter.to'),
  };
}
