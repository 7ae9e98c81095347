/** Rows from src/db → GraphQL objects: the same fields plus the Relay global id. */
import type { ShipmentRow } from '../db/catalog-shipments.queries.js';
import type { IdentifierRow, LotRow, RecallRow } from '../db/catalog-state.queries.js';
import type { LocationRow, OrganizationRow, PartyRow, ProductRow } from '../db/catalog.queries.js';
import type { EventRow } from '../db/events.queries.js';
import type { EpcisEvent } from '../schema/event.type.js';
import type { Identifier } from '../schema/identifier.type.js';
import type { Location } from '../schema/location.type.js';
import type { Recall } from '../schema/lot-recall.type.js';
import type { Lot } from '../schema/lot.type.js';
import type { Organization, Party } from '../schema/party.type.js';
import type { Product } from '../schema/product.type.js';
import type { Shipment } from '../schema/shipment.type.js';
import type { Plain } from '../schema/page.type.js';
import { toCompositeGlobalId, toGlobalId } from '../server/relay-id.js';

/** A Lot from its row. */
export const lotNode = (r: LotRow): Plain<Lot> => ({ id: toGlobalId('Lot', r.lotClass), ...r });
/** A Product from its row. */
export const productNode = (r: ProductRow): Plain<Product> => ({
  id: toGlobalId('Product', r.gtin),
  ...r,
});
/** An Organization from its row. */
export const organizationNode = (r: OrganizationRow): Plain<Organization> => ({
  id: toGlobalId('Organization', r.mspId),
  ...r,
});
/** A Party from its row. */
export const partyNode = (r: PartyRow): Plain<Party> => ({
  id: toGlobalId('Party', r.partyId),
  ...r,
});
/** A Location from its row. */
export const locationNode = (r: LocationRow): Plain<Location> => ({
  id: toGlobalId('Location', r.locationId),
  ...r,
});
/** An Identifier from its row. */
export const identifierNode = (r: IdentifierRow): Plain<Identifier> => ({
  id: toGlobalId('Identifier', r.epc),
  ...r,
});
/** A Recall from its row. */
export const recallNode = (r: RecallRow): Plain<Recall> => ({
  id: toGlobalId('Recall', r.recallId),
  ...r,
});
/** An Event from its row. */
export const eventNode = (r: EventRow): Plain<EpcisEvent> => ({
  id: toGlobalId('Event', r.eventId),
  ...r,
});
/** A Shipment from its row (composite key: ship event and identifier). */
export const shipmentNode = (r: ShipmentRow): Plain<Shipment> => ({
  id: toCompositeGlobalId('Shipment', [r.shipEventId, r.identifier]),
  ...r,
});

/** Maps a nullable row. */
export const maybe = <R, T>(row: R | null | undefined, map: (r: R) => T): T | null =>
  row == null ? null : map(row);
