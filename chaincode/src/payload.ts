/**
 * The ledger payload: what the contract writes to world state and emits as its one chaincode event
 * per transaction. The indexer parses exactly these records, so this module is the contract between
 * chaincode/ and src/. It holds types and constants only (no runtime imports), so src/ can import
 * it without pulling in fabric-shim.
 *
 * Versioning: PAYLOAD_VERSION changes when a field is removed or changes meaning; added optional
 * fields do not change it. The indexer refuses a payload version it does not know.
 */

/** Version of the payload layout below. */
export const PAYLOAD_VERSION = 1 as const;

/** Name of the chaincode event every state-changing transaction emits. */
export const PAYLOAD_EVENT_NAME = 'provenance.v1' as const;

/**
 * The body of the chaincode event: every record the transaction wrote, in write order, except
 * `history` and `content` entries (contract bookkeeping the mirror never reads; they stay in world
 * state).
 */
export interface LedgerPayload {
  version: typeof PAYLOAD_VERSION;
  /** Contract function that wrote the records, e.g. "CaptureEvents". */
  function: string;
  /** MSP id of the submitting client. */
  creatorMsp: string;
  /** Transaction timestamp from the proposal header, ISO 8601 UTC. */
  txTimestamp: string;
  records: LedgerRecord[];
}

/**
 * Where each business record kind lives in world state: `prefix` followed by the value's `idField`
 * (state-keys.ts builds keys from this). A proof verifier uses it to check that a record's key is
 * its value's own key, so the mirror, which projects values, changes what world state changed.
 */
export const RECORD_KEYS = {
  organization: { prefix: 'org|', idField: 'mspId' },
  location: { prefix: 'location|', idField: 'id' },
  product: { prefix: 'product|', idField: 'gtin' },
  event: { prefix: 'event|', idField: 'eventId' },
  identifier: { prefix: 'identifier|', idField: 'epc' },
  lot: { prefix: 'lot|', idField: 'lotClass' },
  recall: { prefix: 'recall|', idField: 'recallId' },
  emission: { prefix: 'emission|', idField: 'emissionId' },
  footprint: { prefix: 'footprint|', idField: 'footprintId' },
} as const satisfies {
  [K in BusinessRecordKind]: { prefix: string; idField: keyof RecordOf<K>['value'] };
};

/**
 * Key prefixes of the bookkeeping records (`history`, `content`): the contract writes them to world
 * state but leaves them out of the payload, so a write under one of these has no record.
 */
export const BOOKKEEPING_KEY_PREFIXES = { history: 'history|', content: 'content|' } as const;

/** The record kinds the payload carries (all but bookkeeping). */
export type BusinessRecordKind = Exclude<LedgerRecordKind, keyof typeof BOOKKEEPING_KEY_PREFIXES>;

type RecordOf<K extends LedgerRecordKind> = Extract<LedgerRecord, { kind: K }>;

/** One world-state write: the state key and the deterministic-JSON value stored under it. */
export type LedgerRecord =
  | { kind: 'organization'; key: string; value: OrganizationRecord }
  | { kind: 'location'; key: string; value: LocationRecord }
  | { kind: 'product'; key: string; value: ProductRecord }
  | { kind: 'event'; key: string; value: EpcisEventRecord }
  | { kind: 'identifier'; key: string; value: IdentifierStateRecord }
  | { kind: 'lot'; key: string; value: LotStateRecord }
  | { kind: 'recall'; key: string; value: RecallRecord }
  | { kind: 'emission'; key: string; value: EmissionRecord }
  | { kind: 'footprint'; key: string; value: FootprintRecord }
  | { kind: 'history'; key: string; value: HistoryEntryRecord }
  | { kind: 'content'; key: string; value: ContentIndexRecord };

/** The record kinds, as a union of string literals. */
export type LedgerRecordKind = LedgerRecord['kind'];

/** A trading partner: one MSP bound to its GS1 party ids and company prefixes. */
export interface OrganizationRecord {
  mspId: string;
  name: string;
  role: 'manufacturer' | 'distributor' | 'pharmacy' | 'other';
  /** PGLN URNs, e.g. urn:epc:id:pgln:0614141.00001 */
  partyIds: string[];
  /** GS1 company prefixes the organisation owns, e.g. "0614141". */
  companyPrefixes: string[];
  updatedTx: string;
}

/** A physical site (SGLN) owned by one organisation. */
export interface LocationRecord {
  /** SGLN URN, e.g. urn:epc:id:sgln:0614141.00777.0 */
  id: string;
  name: string;
  address?: string;
  latitude?: number;
  longitude?: number;
  ownerMsp: string;
  updatedTx: string;
}

/** A trade item (GTIN) and its regulatory identity. */
export interface ProductRecord {
  /** 14-digit GTIN. */
  gtin: string;
  ndc?: string;
  name: string;
  dosageForm?: string;
  strength?: string;
  /** Mass of one unit in kilograms, for transport emission allocation. */
  unitMassKg?: number;
  ownerMsp: string;
  updatedTx: string;
}

/** A quantity of a class of objects (a lot or a GTIN), as in EPCIS quantityList. */
export interface QuantityElement {
  /** Class URN, e.g. urn:epc:class:lgtin:4012345.012345.998877 */
  epcClass: string;
  quantity?: number;
  uom?: string;
}

/** A typed reference, as in EPCIS bizTransactionList / sourceList / destinationList. */
export interface TypedReference {
  /** CBV short name (po, desadv, owning_party, possessing_party, location) or full URI. */
  type?: string;
  value: string;
}

/** One EPCIS sensor report, flattened to what queries need. */
export interface SensorReading {
  type: string;
  value?: number;
  minValue?: number;
  maxValue?: number;
  uom?: string;
  time?: string;
  deviceId?: string;
  /** Alert condition of the report (ALARM_CONDITION, ERROR_CONDITION or a URI), if any. */
  exception?: string;
}

/** The five EPCIS 2.0 event types. */
export type EpcisEventType =
  | 'ObjectEvent'
  | 'AggregationEvent'
  | 'TransformationEvent'
  | 'TransactionEvent'
  | 'AssociationEvent';

/**
 * A captured EPCIS 2.0 event after validation and normalisation: identifiers are EPC URNs,
 * bizStep and disposition are CBV short names where the value is a standard CBV term (otherwise
 * the full URI), times are ISO 8601 UTC. `document` keeps the event exactly as submitted, so
 * extensions are never lost.
 */
export interface EpcisEventRecord {
  eventId: string;
  /** True when the contract derived eventId (see chaincode README for the algorithm). */
  eventIdGenerated: boolean;
  type: EpcisEventType;
  eventTime: string;
  eventTimeZoneOffset: string;
  action?: 'ADD' | 'OBSERVE' | 'DELETE';
  bizStep?: string;
  disposition?: string;
  readPoint?: string;
  bizLocation?: string;
  epcList: string[];
  quantityList: QuantityElement[];
  parentId?: string;
  childEpcs: string[];
  childQuantityList: QuantityElement[];
  inputEpcList: string[];
  inputQuantityList: QuantityElement[];
  outputEpcList: string[];
  outputQuantityList: QuantityElement[];
  transformationId?: string;
  bizTransactions: TypedReference[];
  sources: TypedReference[];
  destinations: TypedReference[];
  sensorReadings: SensorReading[];
  /** ilmd fields, e.g. lotNumber, itemExpirationDate. */
  ilmd?: Record<string, unknown>;
  persistentDisposition?: { set?: string[]; unset?: string[] };
  /** Set when this event has been declared erroneous; its effects are retracted. */
  errorDeclaration?: { declarationTime: string; reason?: string; correctiveEventIds?: string[] };
  /** Identifiers this event mentioned that the ledger had never seen (imported, unverified origin). */
  unverifiedIdentifiers: string[];
  /** MSP id of the organisation that captured the event. */
  capturedByMsp: string;
  capturedTx: string;
  /** The event as submitted (JSON), extensions included. */
  document: Record<string, unknown>;
  /** Hex SHA-256 of the canonical form (see chaincode README); equal hashes mean the same event. */
  contentHash?: string;
  /**
   * Instance identifiers whose state this event changed: the ones it names. Objects inside a named
   * container are not listed; they follow their container (chaincode/src/domain/containment.ts).
   */
  affectedIdentifiers?: string[];
  /** Lot classes whose state this event changed. */
  affectedLots?: string[];
  /** Transaction that recorded the error declaration, when there is one. */
  retractedTx?: string;
}

/** Where a unit, case or pallet is and who holds it, after the last event that touched it. */
export interface IdentifierStateRecord {
  /** Instance URN: sgtin, sscc, grai, giai, … */
  epc: string;
  /** The URN scheme: sgtin, sscc, … */
  scheme: string;
  /** Lot class URN when known (from commissioning ilmd or a lot-level event). */
  lotClass?: string;
  gtin?: string;
  ownerMsp?: string;
  ownerParty?: string;
  possessorParty?: string;
  /** Location SGLN of the last event (bizLocation, else readPoint). */
  location?: string;
  disposition?: string;
  /** Current container (parentID of the last ADD aggregation not undone). */
  parent?: string;
  /** Set while shipped and not yet received: the destination the receiver must match. */
  inTransitTo?: { msp?: string; party?: string; location?: string };
  unverifiedOrigin: boolean;
  lastEventId: string;
  lastEventTime: string;
  updatedTx: string;
  /** Current contents (childEPCs of ADD aggregations not undone), when this is a container. */
  children?: string[];
  /** Number of history entries of this identifier (retracted events included). */
  historyCount?: number;
}

/** A lot of a GTIN: quantities, ownership and recall status. */
export interface LotStateRecord {
  /** lgtin class URN. */
  lotClass: string;
  gtin: string;
  lotNumber: string;
  expiry?: string;
  ownerMsp?: string;
  /** Quantity commissioned or produced so far. */
  quantityProduced: number;
  /** Quantity not yet consumed by transformations. */
  quantityRemaining: number;
  uom?: string;
  unverifiedOrigin: boolean;
  /** Open recall covering this lot, if any. */
  recallId?: string;
  lastEventId: string;
  updatedTx: string;
  /** `recalled` once a recall covered the lot (it stays after the recall closes). */
  disposition?: string;
  /** Serialised units commissioned with this lot in their ilmd. */
  serialCount?: number;
  /**
   * Quantities (in the lot's uom) other organisations than the owner received by quantity and have
   * not shipped on or consumed: what each may transform. Absent when none.
   */
  heldBy?: Record<string, number>;
  /** Quantities shipped by quantity to each organisation and not received yet. Absent when none. */
  shippedTo?: Record<string, number>;
  /** Number of history entries of this lot (retracted events included). */
  historyCount?: number;
}

/** A recall of one or more lots. */
export interface RecallRecord {
  recallId: string;
  lotClasses: string[];
  classification: 'I' | 'II' | 'III';
  reason: string;
  status: 'open' | 'closed';
  initiatedByMsp: string;
  initiatedAt: string;
  closedAt?: string;
  updatedTx: string;
}

/** A GLEC transport emission for one EPCIS event (usually a shipping leg). */
export interface EmissionRecord {
  emissionId: string;
  eventId: string;
  mode: 'road' | 'rail' | 'air' | 'sea' | 'inland_waterway' | 'other';
  distanceKm: number;
  massKg: number;
  factorId: string;
  /** kg CO2e per tonne-km. */
  factorValue: number;
  factorSource: string;
  factorVersion: string;
  scope: 'WTW' | 'TTW';
  /** massKg / 1000 × distanceKm × factorValue. */
  co2eKg: number;
  recordedByMsp: string;
  updatedTx: string;
}

/** A PACT product carbon footprint, stored in v3 terms. */
export interface FootprintRecord {
  footprintId: string;
  /** urn:gtin:… or lgtin URNs the footprint applies to. */
  productIds: string[];
  declaredUnitOfMeasurement: string;
  declaredUnitAmount: number;
  /** kg CO2e per declaredUnitAmount units (PACT v3 meaning). */
  pcfExcludingBiogenicUptake: number;
  /** kg CO2e per one declared unit, derived for roll-ups. */
  co2ePerUnitKg: number;
  /** The PACT version submitted; v2 values were per one unit and were converted. */
  specVersion: string;
  convertedFromV2: boolean;
  submittedByMsp: string;
  updatedTx: string;
}

/** How an event touched a subject; replaying a subject's history applies each entry by role. */
export type HistoryRole =
  | 'epc'
  | 'parent'
  | 'child'
  | 'input'
  | 'output'
  | 'quantity'
  | 'inputQuantity'
  | 'outputQuantity'
  | 'serial';

/**
 * One entry of an identifier's or a lot's history, in capture order. Error declarations replay
 * these entries (skipping retracted events) to recompute state.
 */
export interface HistoryEntryRecord {
  subjectKind: 'identifier' | 'lot';
  /** Instance URN or lot class URN. */
  subject: string;
  /** 0-based position in the subject's history. */
  sequence: number;
  eventId: string;
  role: HistoryRole;
  /**
   * Custody the subject took from its container before this entry applied (containment is
   * resolved lazily: see chaincode/src/domain/containment.ts). Replays apply it again.
   */
  inherited?: Pick<
    IdentifierStateRecord,
    'ownerMsp' | 'ownerParty' | 'possessorParty' | 'location' | 'disposition' | 'inTransitTo'
  >;
  updatedTx: string;
}

/**
 * The event captured with a content hash (state key `content|<hash>`): the same content under
 * another eventID is refused as a duplicate. Contract bookkeeping, never in the payload.
 */
export interface ContentIndexRecord {
  eventId: string;
}
