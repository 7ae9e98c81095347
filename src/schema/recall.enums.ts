/** The status enum of recall items; its values are what src/db derives. */
import { registerEnumType } from 'type-graphql';
import type { ItemStatus as Status } from '../db/recall.queries.js';

/** Where an affected item stands now. */
export const ItemStatus = {
  IN_STOCK: 'IN_STOCK',
  IN_TRANSIT: 'IN_TRANSIT',
  DISPENSED: 'DISPENSED',
  DESTROYED: 'DESTROYED',
  RECALLED: 'RECALLED',
  UNKNOWN: 'UNKNOWN',
} as const satisfies Record<Status, Status>;

registerEnumType(ItemStatus, {
  name: 'ItemStatus',
  description:
    'Derived from the latest disposition and open shipments, first match wins: DESTROYED (destroyed, disposed, decommissioned), DISPENSED, RECALLED (disposition recalled; a lot under a recall), IN_TRANSIT (shipped and not received, itself or a container), IN_STOCK (held by a known party), UNKNOWN (no state in the mirror; a lot not recalled).',
});
