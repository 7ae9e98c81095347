import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { MissingKind, Stage } from '../db/footprint-result.js';
import { FootprintSource, FootprintStage, MissingDataKind } from './footprint.enums.js';
import { BlockNumberScalar } from './scalars.js';

/** One number of the roll-up with its source record. */
@ObjectType({
  description:
    'One contribution, with the PACT footprint or GLEC emission (factor, version, scope) it comes from.',
})
export class FootprintContribution {
  @Field(() => FootprintStage) stage!: Stage;
  @Field(() => Int, {
    nullable: true,
    description:
      'GHG Protocol scope 3 category: 1, 4 or 9; null for the producer’s own operations.',
  })
  category!: number | null;
  @Field(() => String, { description: 'Organisation that declared the number (MSP id).' })
  organization!: string;
  @Field(() => String, { description: 'Lot or unit the number is about.' }) subject!: string;
  @Field(() => Float, {
    description: 'Quantity of the subject covered (goods mass in kg for transport).',
  })
  quantity!: number;
  @Field(() => String, {
    nullable: true,
    description: 'UN/CEFACT unit of quantity; null means a count.',
  })
  uom!: string | null;
  @Field(() => Float) kgCo2e!: number;
  @Field(() => FootprintSource) source!: 'PACT' | 'GLEC';
  @Field(() => String, { nullable: true }) footprintId!: string | null;
  @Field(() => String, { nullable: true, description: 'PACT version of the footprint.' })
  specVersion!: string | null;
  @Field(() => String, { nullable: true, description: 'PACT declared unit.' }) declaredUnit!:
    string | null;
  @Field(() => Boolean, { nullable: true }) convertedFromV2!: boolean | null;
  @Field(() => String, { nullable: true }) emissionId!: string | null;
  @Field(() => String, { nullable: true, description: 'The shipping event of the leg.' })
  legEventId!: string | null;
  @Field(() => String, { nullable: true }) mode!: string | null;
  @Field(() => Float, { nullable: true }) distanceKm!: number | null;
  @Field(() => Float, { nullable: true, description: 'Mass the emission record was computed for.' })
  legMassKg!: number | null;
  @Field(() => Float, { nullable: true, description: 'Mass of the subject’s goods on the leg.' })
  allocatedMassKg!: number | null;
  @Field(() => String, { nullable: true }) factorId!: string | null;
  @Field(() => Float, { nullable: true, description: 'kg CO2e per tonne-km.' }) factorValue!:
    number | null;
  @Field(() => String, { nullable: true }) factorSource!: string | null;
  @Field(() => String, { nullable: true }) factorVersion!: string | null;
  @Field(() => String, { nullable: true, description: 'WTW or TTW.' }) scope!: string | null;
  @Field(() => String, { description: 'Transaction that recorded the footprint or emission.' })
  txId!: string;
  @Field(() => BlockNumberScalar) blockNumber!: bigint;
}

/** An input consumed on the way. */
@ObjectType({
  description: 'An input lot or unit consumed by a transformation on the way to the lot.',
})
export class FootprintInput {
  @Field(() => String) input!: string;
  @Field(() => String, { description: 'What it was transformed into.' }) into!: string;
  @Field(() => Int, { description: '1 for the lot’s direct inputs.' }) depth!: number;
  @Field(() => Float, { description: 'Quantity attributed to the lot.' }) quantity!: number;
  @Field(() => String, { nullable: true }) uom!: string | null;
  @Field(() => Float, {
    description: 'Its contribution (known parts), its inbound transport included.',
  })
  kgCo2e!: number;
  @Field(() => String, { description: 'The transformation event.' }) eventId!: string;
  @Field(() => String) txId!: string;
  @Field(() => BlockNumberScalar) blockNumber!: bigint;
}

/** A gap in the data. */
@ObjectType({
  description: 'Data the roll-up needed and did not find: the totals are incomplete by its amount.',
})
export class FootprintMissing {
  @Field(() => MissingDataKind) kind!: MissingKind;
  @Field(() => String) subject!: string;
  @Field(() => FootprintStage) stage!: Stage;
  @Field(() => String, { nullable: true }) eventId!: string | null;
  @Field(() => String) detail!: string;
}

/** A subtotal by stage. */
@ObjectType({ description: 'kg CO2e of one stage.' })
export class FootprintStageTotal {
  @Field(() => FootprintStage) stage!: Stage;
  @Field(() => Float) kgCo2e!: number;
}

/** A subtotal by organisation. */
@ObjectType({ description: 'kg CO2e (cradle-to-gate) declared by one organisation.' })
export class FootprintOrganizationTotal {
  @Field(() => String) organization!: string;
  @Field(() => Float) kgCo2e!: number;
}

/** A subtotal by scope 3 category. */
@ObjectType({
  description: 'kg CO2e of one GHG scope 3 category (null: the producer’s own operations).',
})
export class FootprintCategoryTotal {
  @Field(() => Int, { nullable: true }) category!: number | null;
  @Field(() => Float) kgCo2e!: number;
}

/** The answer of `footprint`. */
@ObjectType({
  description: 'Cradle-to-gate carbon footprint of a lot, rolled up through the lineage graph.',
})
export class LotFootprint {
  @Field(() => String) lot!: string;
  @Field(() => Float, { description: 'Produced quantity (or serial count) the totals cover.' })
  producedQuantity!: number;
  @Field(() => String, { nullable: true }) uom!: string | null;
  @Field(() => Float, {
    description: 'Cradle-to-gate kg CO2e of the whole lot (known parts only: see complete).',
  })
  totalKgCo2e!: number;
  @Field(() => Float, { nullable: true, description: 'totalKgCo2e per produced unit.' })
  perUnitKgCo2e!: number | null;
  @Field(() => Float, {
    description: 'The lot’s own legs after production (category 9), not in the total.',
  })
  downstreamTransportKgCo2e!: number;
  @Field(() => Boolean, { description: 'False when anything is missing: see missing.' })
  complete!: boolean;
  @Field(() => [FootprintStageTotal]) byStage!: FootprintStageTotal[];
  @Field(() => [FootprintOrganizationTotal]) byOrganization!: FootprintOrganizationTotal[];
  @Field(() => [FootprintCategoryTotal]) byCategory!: FootprintCategoryTotal[];
  @Field(() => [FootprintInput]) inputs!: FootprintInput[];
  @Field(() => [FootprintContribution]) contributions!: FootprintContribution[];
  @Field(() => [FootprintMissing]) missing!: FootprintMissing[];
}
