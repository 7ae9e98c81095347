import { checkCustody } from '../domain/custody-rules';
import { eventFactsOf } from '../domain/event-facts';
import { operationsOf } from '../domain/event-subjects';
import { Registry } from '../domain/registry';
import { validateCaptureDocument } from '../epcis/document-validator';
import { ContractError } from '../error-codes';
import { stateKeys } from '../ledger/state-keys';
import type { TxState } from '../ledger/tx-state';
import { loadWorkingSet, projectEffects, unverifiedOf, writeEffects } from './event-effects';
import {
  newEventRecord,
  prepareEvent,
  type CaptureOutcome,
  type PreparedEvent,
} from './prepared-event';
import { declareError } from './retraction.service';

/**
 * CaptureEvents: validates the whole document first (nothing is staged before it passes), then
 * applies its events in order, each seeing the state the previous ones left. Writes are staged in
 * TxState, so a custody violation in event 5 leaves no trace of events 1-4.
 * @throws ContractError EPCIS_INVALID, EVENT_ID_CONFLICT, or a custody code
 */
export async function captureEvents(tx: TxState, documentJson: string): Promise<CaptureOutcome[]> {
  const registry = new Registry(tx);
  const prefixes = await registry.companyPrefixes();
  const events = validateCaptureDocument(documentJson, prefixes).map(prepareEvent);
  const outcomes: CaptureOutcome[] = [];
  for (const event of events) {
    outcomes.push(
      event.errorDeclaration
        ? await declareError(tx, registry, event)
        : await captureOne(tx, registry, event),
    );
  }
  return outcomes;
}

async function captureOne(
  tx: TxState,
  registry: Registry,
  event: PreparedEvent,
): Promise<CaptureOutcome> {
  const position = `event ${event.index + 1}`;
  const existing = await tx.read('event', stateKeys.event(event.eventId));
  if (existing) {
    if (existing.contentHash === event.contentHash) {
      return {
        event: event.index + 1,
        eventId: event.eventId,
        outcome: 'unchanged',
        record: existing,
      };
    }
    throw new ContractError(
      'EVENT_ID_CONFLICT',
      `${position}: eventID ${event.eventId} is already on the ledger (tx ${existing.capturedTx}) with different content`,
    );
  }
  checkNotAhead(tx, event, position);
  await checkNotDuplicate(tx, event, position);
  const facts = await eventFactsOf(event.content, tx.creatorMsp, registry);
  const ops = operationsOf(event.content);
  const set = await loadWorkingSet(tx, event.content, facts, ops);
  try {
    await checkCustody({
      ...set,
      callerMsp: tx.creatorMsp,
      ops,
      vouched: facts.verified,
      sets: {
        disposition: event.content.disposition,
        location: event.content.bizLocation ?? event.content.readPoint,
      },
      lotOf: (lotClass) => tx.read('lot', stateKeys.lot(lotClass)),
      identifierOf: (epc) => tx.read('identifier', stateKeys.identifier(epc)),
      registry,
    });
  } catch (error) {
    // Name the event, as validation errors do.
    if (error instanceof ContractError)
      throw new ContractError(error.code, `${position}: ${detailOf(error)}`);
    throw error;
  }
  const effects = projectEffects(set, { ...event.content, eventId: event.eventId }, facts, tx.txId);
  const record = newEventRecord(tx, event, {
    affectedIdentifiers: [...effects.identifiers.keys()],
    affectedLots: [...effects.lots.keys()],
    unverifiedIdentifiers: unverifiedOf(set, effects),
  });
  tx.write('event', stateKeys.event(event.eventId), record);
  tx.write('content', stateKeys.content(event.contentHash), { eventId: event.eventId });
  writeEffects(tx, event.eventId, effects);
  return { event: event.index + 1, eventId: event.eventId, outcome: 'captured', record };
}

function detailOf(error: ContractError): string {
  return error.message.replace(/^\[[A-Z_]+\] /, '');
}

/** Clock skew allowed between a capturing system and the transaction's timestamp. */
export const MAX_CLOCK_SKEW_MINUTES = 10;

/**
 * An event cannot be recorded before it happens: an eventTime later than the transaction's
 * timestamp (beyond clock skew) is refused, else a future-dated event would decide which custody
 * a packed unit follows and stay the "latest" event of everything it names. The timestamp is the
 * submitting client's (peers do not check it): this stops mistakes, not a client that lies.
 * @throws ContractError EPCIS_INVALID naming the event.
 */
function checkNotAhead(tx: TxState, event: PreparedEvent, position: string): void {
  const ahead = Date.parse(event.content.eventTime) - Date.parse(tx.txTimestamp);
  if (ahead > MAX_CLOCK_SKEW_MINUTES * 60_000) {
    throw new ContractError(
      'EPCIS_INVALID',
      `${position}: eventTime ${event.content.eventTime} is ${Math.round(ahead / 60_000)} minutes after the transaction's time ${tx.txTimestamp}; an event cannot be recorded before it happens (${MAX_CLOCK_SKEW_MINUTES} minutes of clock skew are allowed)`,
    );
  }
}

/**
 * The same content under another eventID is the same event sent again (a client retrying with a
 * fresh id, say): capturing it twice would count its shipment or consumption twice. Refused
 * unless the earlier event was declared erroneous.
 * @throws ContractError EVENT_DUPLICATE naming the event on the ledger.
 */
async function checkNotDuplicate(
  tx: TxState,
  event: PreparedEvent,
  position: string,
): Promise<void> {
  const same = await tx.read('content', stateKeys.content(event.contentHash));
  if (same === undefined || same.eventId === event.eventId) return;
  const earlier = await tx.read('event', stateKeys.event(same.eventId));
  if (earlier === undefined || earlier.errorDeclaration !== undefined) return;
  throw new ContractError(
    'EVENT_DUPLICATE',
    `${position}: the same event is already on the ledger as ${same.eventId} (tx ${earlier.capturedTx}); send it with that eventID to repeat it, or it is a different event and something in it must differ`,
  );
}
