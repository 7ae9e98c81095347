/**
 * Per-request DataLoaders for nested fields (Lot.product, Identifier.location, Event.identifiers,
 * …): every key asked for in one tick of the event loop becomes one `WHERE key = ANY($1)`
 * statement, so a page of 100 lots with their products costs 2 statements, not 101. Loaders live
 * in the request context and die with the request, so nothing is cached across requests.
 */
import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import {
  locationsById,
  locationsByOwner,
  organizationsByMsp,
  partiesById,
  partiesByMsp,
  productsByGtin,
  type LocationRow,
  type OrganizationRow,
  type PartyRow,
  type ProductRow,
} from '../db/catalog.queries.js';
import {
  identifiersByEpc,
  identifiersByParent,
  lotsByClass,
  recallsById,
  type IdentifierRow,
  type LotRow,
  type RecallRow,
} from '../db/catalog-state.queries.js';
import { shipmentsByKey, type ShipmentRow } from '../db/catalog-shipments.queries.js';
import type { Database } from '../db/database.js';
import {
  bizTransactionsOfEvents,
  eventsById,
  identifiersOfEvents,
  sensorReadingsOfEvents,
  type BizTransactionRow,
  type EventIdentifierRow,
  type EventRow,
  type SensorReadingRow,
} from '../db/events.queries.js';
import type { RequestContext } from './context.js';

/** The loaders of one request. */
export interface Loaders {
  product: DataLoader<string, ProductRow | null>;
  organization: DataLoader<string, OrganizationRow | null>;
  party: DataLoader<string, PartyRow | null>;
  partiesOfOrganization: DataLoader<string, PartyRow[]>;
  location: DataLoader<string, LocationRow | null>;
  locationsOfOrganization: DataLoader<string, LocationRow[]>;
  lot: DataLoader<string, LotRow | null>;
  recall: DataLoader<string, RecallRow | null>;
  identifier: DataLoader<string, IdentifierRow | null>;
  contents: DataLoader<string, IdentifierRow[]>;
  event: DataLoader<string, EventRow | null>;
  eventIdentifiers: DataLoader<string, EventIdentifierRow[]>;
  bizTransactions: DataLoader<string, BizTransactionRow[]>;
  sensorReadings: DataLoader<string, SensorReadingRow[]>;
  /** Keyed by shipmentKey(shipEventId, identifier). */
  shipment: DataLoader<string, ShipmentRow | null>;
}

/** The loader key of the shipment of `identifier` by ship event `shipEventId`. */
export function shipmentKey(shipEventId: string, identifier: string): string {
  return JSON.stringify([shipEventId, identifier]);
}

// Bounds the array parameter of one statement; a bigger batch is split.
const MAX_BATCH = 1_000;
const KEY = 'catalog';

/** A loader of at most one row per key. */
function one<R>(
  fetch: (keys: readonly string[]) => Promise<R[]>,
  keyOf: (row: R) => string,
): DataLoader<string, R | null> {
  return new DataLoader<string, R | null>(
    async (keys) => {
      const byKey = new Map((await fetch(keys)).map((row) => [keyOf(row), row]));
      return keys.map((key) => byKey.get(key) ?? null);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/** A loader of the rows (in fetch order) belonging to each key. */
function many<R>(
  fetch: (keys: readonly string[]) => Promise<R[]>,
  keyOf: (row: R) => string,
): DataLoader<string, R[]> {
  return new DataLoader<string, R[]>(
    async (keys) => {
      const byKey = new Map<string, R[]>();
      for (const row of await fetch(keys)) {
        const list = byKey.get(keyOf(row));
        if (list === undefined) byKey.set(keyOf(row), [row]);
        else list.push(row);
      }
      return keys.map((key) => byKey.get(key) ?? []);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/** Creates a fresh set of loaders over `db`. */
export function createLoaders(db: Kysely<Database>): Loaders {
  return {
    product: one(
      (k) => productsByGtin(db, k),
      (r) => r.gtin,
    ),
    organization: one(
      (k) => organizationsByMsp(db, k),
      (r) => r.mspId,
    ),
    party: one(
      (k) => partiesById(db, k),
      (r) => r.partyId,
    ),
    partiesOfOrganization: many(
      (k) => partiesByMsp(db, k),
      (r) => r.mspId,
    ),
    location: one(
      (k) => locationsById(db, k),
      (r) => r.locationId,
    ),
    locationsOfOrganization: many(
      (k) => locationsByOwner(db, k),
      (r) => r.ownerMsp,
    ),
    lot: one(
      (k) => lotsByClass(db, k),
      (r) => r.lotClass,
    ),
    recall: one(
      (k) => recallsById(db, k),
      (r) => r.recallId,
    ),
    identifier: one(
      (k) => identifiersByEpc(db, k),
      (r) => r.epc,
    ),
    contents: many(
      (k) => identifiersByParent(db, k),
      (r) => r.parentEpc ?? '',
    ),
    event: one(
      (k) => eventsById(db, k),
      (r) => r.eventId,
    ),
    eventIdentifiers: many(
      (k) => identifiersOfEvents(db, k),
      (r) => r.eventId,
    ),
    bizTransactions: many(
      (k) => bizTransactionsOfEvents(db, k),
      (r) => r.eventId,
    ),
    sensorReadings: many(
      (k) => sensorReadingsOfEvents(db, k),
      (r) => r.eventId,
    ),
    shipment: one(
      (k) =>
        shipmentsByKey(
          db,
          k.map((key) => JSON.parse(key) as [string, string]),
        ),
      (r) => shipmentKey(r.shipEventId, r.identifier),
    ),
  };
}

/** The request's loaders, created on first use. */
export function loadersOf(ctx: Pick<RequestContext, 'db' | 'loaders'>): Loaders {
  let loaders = ctx.loaders.get(KEY) as Loaders | undefined;
  if (loaders === undefined) {
    loaders = createLoaders(ctx.db);
    ctx.loaders.set(KEY, loaders);
  }
  return loaders;
}

/**
 * Drops the cached loaders of a context. A subscription keeps one context for its whole life:
 * each delivery starts with fresh loaders so it never serves state cached at an earlier block.
 */
export function resetLoaders(ctx: Pick<RequestContext, 'loaders'>): void {
  ctx.loaders.delete(KEY);
}
