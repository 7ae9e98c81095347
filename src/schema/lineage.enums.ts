/** Enums of the lineage answer; their internal values are what src/db returns. */
import { registerEnumType } from 'type-graphql';
import type { LineageKind } from '../db/database.js';
import type { LineageDirection as Direction, NodeKind as Kind } from '../db/lineage.queries.js';

/** Which way a lineage walk goes. */
export const LineageDirection = {
  UPSTREAM: 'UPSTREAM',
  DOWNSTREAM: 'DOWNSTREAM',
  BOTH: 'BOTH',
} as const satisfies Record<Direction, Direction>;

registerEnumType(LineageDirection, {
  name: 'LineageDirection',
  description:
    'UPSTREAM walks toward inputs and contents, DOWNSTREAM toward outputs and containers.',
  valuesConfig: {
    UPSTREAM: {
      description:
        'Inputs of transformations, lots of serials, contents of containers; for a lot made as serialised outputs, those serials (and so their inputs).',
    },
    DOWNSTREAM: {
      description:
        'Outputs of transformations, serials of lots, containers of contents; for serials a transformation made (outputEPCList), also their lot, listed but not walked (its other serials may come from other inputs).',
    },
    BOTH: { description: 'Both directions from the root.' },
  },
});

/** What a lineage node is. */
export const NodeKind = {
  LOT: 'LOT',
  UNIT: 'UNIT',
  CASE: 'CASE',
  PALLET: 'PALLET',
  OTHER: 'OTHER',
} as const satisfies Record<Kind, Kind>;

registerEnumType(NodeKind, {
  name: 'NodeKind',
  description:
    'LOT: an lgtin class. UNIT: a serialised item (sgtin). CASE: a container of items (or an SSCC that held nothing). PALLET: a container of containers. OTHER: anything else, e.g. a transformation ID joining split transformation events.',
});

/** How a lineage edge came about; the internal values are lineage_edge.kind. */
export const LineageEdgeKind = {
  TRANSFORMATION: 'transformation',
  AGGREGATION: 'aggregation',
  LOT_MEMBERSHIP: 'lot_membership',
} as const satisfies Record<string, LineageKind>;

registerEnumType(LineageEdgeKind, {
  name: 'LineageEdgeKind',
  description: 'How an edge came about.',
  valuesConfig: {
    TRANSFORMATION: { description: 'A TransformationEvent input → output.' },
    AGGREGATION: {
      description: 'A child packed into a parent (AggregationEvent ADD), until unpacked.',
    },
    LOT_MEMBERSHIP: { description: 'A lot → one of its serials (commissioning ilmd).' },
  },
});
