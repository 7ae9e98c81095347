import { Field, Float, InputType } from 'type-graphql';
import type {
  EmissionInput,
  FootprintInput,
  LocationInput,
  ProductInput,
  RecallInput,
} from '../services/mutation-input.js';

/** registerProduct's input. */
@InputType({ description: "A trade item (GTIN) owned by the caller's organisation." })
export class RegisterProductInput implements ProductInput {
  @Field(() => String, { description: 'GTIN-8/12/13/14 with a valid check digit.' })
  gtin!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: 'National Drug Code.' })
  ndc?: string | null;

  @Field(() => String, { nullable: true })
  dosageForm?: string | null;

  @Field(() => String, { nullable: true })
  strength?: string | null;

  @Field(() => Float, { nullable: true, description: 'Mass of one unit in kg (> 0).' })
  unitMassKg?: number | null;
}

/** registerLocation's input. */
@InputType({ description: "A site (SGLN) owned by the caller's organisation." })
export class RegisterLocationInput implements LocationInput {
  @Field(() => String, { description: 'SGLN URN or GS1 Digital Link (/414/…).' })
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  address?: string | null;

  @Field(() => Float, { nullable: true, description: '-90 to 90.' })
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: '-180 to 180.' })
  longitude?: number | null;
}

/** initiateRecall's input. */
@InputType({ description: 'A recall of lots, by the organisation owning their product.' })
export class InitiateRecallInput implements RecallInput {
  @Field(() => String, {
    nullable: true,
    description: 'Derived from the transaction when omitted.',
  })
  recallId?: string | null;

  @Field(() => [String], { description: 'lgtin class URNs or Digital Links (/01/…/10/…).' })
  lotClasses!: string[];

  @Field(() => String, { description: 'FDA recall class: I, II or III.' })
  classification!: string;

  @Field(() => String)
  reason!: string;
}

/** recordEmission's input. */
@InputType({ description: 'A GLEC transport emission for a captured event.' })
export class RecordEmissionInput implements EmissionInput {
  @Field(() => String, { nullable: true, description: 'Derived from the content when omitted.' })
  emissionId?: string | null;

  @Field(() => String, { description: 'eventID of the (shipping) event.' })
  eventId!: string;

  @Field(() => String, { description: 'road, rail, air, sea, inland_waterway or other.' })
  mode!: string;

  @Field(() => Float)
  distanceKm!: number;

  @Field(() => Float)
  massKg!: number;

  @Field(() => String)
  factorId!: string;

  @Field(() => Float, { description: 'kg CO2e per tonne-km.' })
  factorValue!: number;

  @Field(() => String)
  factorSource!: string;

  @Field(() => String)
  factorVersion!: string;

  @Field(() => String, { description: 'WTW or TTW.' })
  scope!: string;
}

/** submitProductFootprint's input. */
@InputType({ description: 'A PACT product carbon footprint (v3 field names).' })
export class SubmitProductFootprintInput implements FootprintInput {
  @Field(() => String, { nullable: true, description: 'Derived from the content when omitted.' })
  footprintId?: string | null;

  @Field(() => [String], { description: 'urn:gtin:<GTIN-14> or lgtin URNs.' })
  productIds!: string[];

  @Field(() => String)
  declaredUnitOfMeasurement!: string;

  @Field(() => Float, { description: '> 0.' })
  declaredUnitAmount!: number;

  @Field(() => Float, {
    description: 'kg CO2e per declaredUnitAmount units (PACT 3); per one unit for specVersion 2.x.',
  })
  pcfExcludingBiogenicUptake!: number;

  @Field(() => String, { description: 'PACT version, 2.x or 3.x.' })
  specVersion!: string;
}
