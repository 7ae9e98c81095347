import type { ValidatedEvent } from '../epcis/document-validator';
import {
  errorDeclarationOf,
  eventContentOf,
  type ErrorDeclaration,
  type EventContent,
} from '../epcis/event-content';
import { contentHashOf, generatedEventId } from '../epcis/event-id';
import type { TxState } from '../ledger/tx-state';
import type { EpcisEventRecord } from '../payload';

/** A validated event with its identity worked out, ready to be captured or to retract. */
export interface PreparedEvent {
  index: number;
  raw: Record<string, unknown>;
  content: EventContent;
  contentHash: string;
  eventId: string;
  eventIdGenerated: boolean;
  errorDeclaration?: ErrorDeclaration;
}

/** Derives content, content hash and eventID (given ones are opaque; missing ones are the hash). */
export function prepareEvent(event: ValidatedEvent): PreparedEvent {
  const contentHash = contentHashOf(event.normalised);
  const given = typeof event.normalised.eventID === 'string' ? event.normalised.eventID : undefined;
  const errorDeclaration = errorDeclarationOf(event.normalised);
  return {
    index: event.index,
    raw: event.raw,
    content: eventContentOf(event.normalised),
    contentHash,
    eventId: given ?? generatedEventId(contentHash),
    eventIdGenerated: given === undefined,
    ...(errorDeclaration ? { errorDeclaration } : {}),
  };
}

/** The event record for a prepared event captured in this transaction. */
export function newEventRecord(
  tx: TxState,
  event: PreparedEvent,
  effects: {
    affectedIdentifiers: string[];
    affectedLots: string[];
    unverifiedIdentifiers: string[];
  },
): EpcisEventRecord {
  return {
    ...event.content,
    eventId: event.eventId,
    eventIdGenerated: event.eventIdGenerated,
    ...(event.errorDeclaration
      ? { errorDeclaration: event.errorDeclaration, retractedTx: tx.txId }
      : {}),
    unverifiedIdentifiers: effects.unverifiedIdentifiers,
    capturedByMsp: tx.creatorMsp,
    capturedTx: tx.txId,
    document: event.raw,
    contentHash: event.contentHash,
    affectedIdentifiers: effects.affectedIdentifiers,
    affectedLots: effects.affectedLots,
  };
}

/** What CaptureEvents reports for each event of the document. */
export interface CaptureOutcome {
  /** 1-based position in eventList, as in error messages. */
  event: number;
  eventId: string;
  /** captured: new; unchanged: already on the ledger (idempotent replay); retracted: error declaration applied. */
  outcome: 'captured' | 'unchanged' | 'retracted';
  record: EpcisEventRecord;
}
