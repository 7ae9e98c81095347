/** Enums of the footprint answer; their values are what src/db computes. */
import { registerEnumType } from 'type-graphql';
import type { MissingKind, Stage } from '../db/footprint-result.js';

/** Life-cycle stage of a contribution. */
export const FootprintStage = {
  INPUTS: 'INPUTS',
  OWN_PRODUCTION: 'OWN_PRODUCTION',
  INBOUND_TRANSPORT: 'INBOUND_TRANSPORT',
  DOWNSTREAM_TRANSPORT: 'DOWNSTREAM_TRANSPORT',
} as const satisfies Record<Stage, Stage>;

registerEnumType(FootprintStage, {
  name: 'FootprintStage',
  description: 'Where a contribution arises.',
  valuesConfig: {
    INPUTS: { description: 'Purchased inputs: their declared PCF (scope 3 category 1).' },
    OWN_PRODUCTION: {
      description:
        'The lot’s own PACT footprint (and intermediates its producer made): the producer’s own process.',
    },
    INBOUND_TRANSPORT: {
      description:
        'Legs that brought inputs to the transformation (category 4 for direct inputs, 1 deeper).',
    },
    DOWNSTREAM_TRANSPORT: {
      description:
        'The lot’s own legs after production (category 9); not part of the cradle-to-gate total.',
    },
  },
});

/** Which record a number comes from. */
export const FootprintSource = { PACT: 'PACT', GLEC: 'GLEC' } as const;
registerEnumType(FootprintSource, {
  name: 'FootprintSource',
  description: 'PACT product footprint or GLEC transport emission.',
});

/** What a missing-data flag is about. */
export const MissingDataKind = {
  LOT_WITHOUT_FOOTPRINT: 'LOT_WITHOUT_FOOTPRINT',
  LEG_WITHOUT_EMISSION: 'LEG_WITHOUT_EMISSION',
  QUANTITY_UNKNOWN: 'QUANTITY_UNKNOWN',
  UNIT_MISMATCH: 'UNIT_MISMATCH',
  MASS_UNKNOWN: 'MASS_UNKNOWN',
  TRANSPORT_UNKNOWN: 'TRANSPORT_UNKNOWN',
} as const satisfies Record<MissingKind, MissingKind>;

registerEnumType(MissingDataKind, {
  name: 'MissingDataKind',
  description:
    'Data the roll-up needed and the mirror lacks; the totals leave it out (never a silent zero).',
  valuesConfig: {
    LOT_WITHOUT_FOOTPRINT: { description: 'No PACT footprint for the lot or its GTIN.' },
    LEG_WITHOUT_EMISSION: { description: 'A shipping leg with no GLEC emission record.' },
    QUANTITY_UNKNOWN: { description: 'A produced or used quantity the ledger does not give.' },
    UNIT_MISMATCH: {
      description: 'A quantity whose unit cannot be converted to the footprint’s declared unit.',
    },
    MASS_UNKNOWN: {
      description: 'Goods on a leg whose mass is unknown (no unit mass for the product).',
    },
    TRANSPORT_UNKNOWN: {
      description:
        'An input another organisation produced, with no shipping leg found that brought it to the one that consumed it.',
    },
  },
});
