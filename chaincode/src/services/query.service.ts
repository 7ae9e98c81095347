import { effectiveState } from '../domain/containment';
import { historyWithContainers, type HistoryItem } from '../domain/contained-history';
import { readHistory } from '../domain/history';
import { isLot } from '../domain/event-subjects';
import { Registry } from '../domain/registry';
import { normaliseIdentifier } from '../epcis/value-normalisers';
import { ContractError } from '../error-codes';
import { stateKeys } from '../ledger/state-keys';
import type { TxState } from '../ledger/tx-state';
import type {
  EpcisEventRecord,
  HistoryEntryRecord,
  IdentifierStateRecord,
  LotStateRecord,
  RecallRecord,
} from '../payload';

/** One step of GetHistory: the entry, its event, and whether the event was retracted. */
export interface HistoryStep {
  sequence: number;
  /** How the event touched the subject; `contained` when it touched a container holding it. */
  role: HistoryEntryRecord['role'] | 'contained';
  /** For a `contained` step: the container the event named. */
  container?: string;
  eventId: string;
  retracted: boolean;
  event: EpcisEventRecord | undefined;
}

/** GetEvent. @throws ContractError NOT_FOUND */
export async function getEvent(tx: TxState, eventId: string): Promise<EpcisEventRecord> {
  return found(await tx.read('event', stateKeys.event(eventId)), `event ${eventId}`);
}

/**
 * GetIdentifierState (URN or Digital Link): the effective state, custody resolved through the
 * object's containers (see domain/containment.ts).
 * @throws ContractError NOT_FOUND, INVALID_ARGUMENT
 */
export async function getIdentifierState(tx: TxState, epc: string): Promise<IdentifierStateRecord> {
  const id = await normalised(tx, epc);
  const read = (key: string): Promise<IdentifierStateRecord | undefined> =>
    tx.read('identifier', stateKeys.identifier(key));
  const stored = found(await read(id), `identifier ${id}`);
  return (await effectiveState(stored, read)).state;
}

/** GetLotState (lgtin URN or Digital Link). @throws ContractError NOT_FOUND, INVALID_ARGUMENT */
export async function getLotState(tx: TxState, lotClass: string): Promise<LotStateRecord> {
  const id = await normalised(tx, lotClass);
  return found(await tx.read('lot', stateKeys.lot(id)), `lot ${id}`);
}

/** GetRecall. @throws ContractError NOT_FOUND */
export async function getRecall(tx: TxState, recallId: string): Promise<RecallRecord> {
  return found(await tx.read('recall', stateKeys.recall(recallId)), `recall ${recallId}`);
}

/**
 * GetHistory: every event that touched an identifier (or, given an lgtin URN, a lot), retracted
 * ones included and flagged. An identifier's history includes, as `contained` steps, the events
 * of the containers it was inside at the time, in event-time order.
 * @throws ContractError NOT_FOUND, INVALID_ARGUMENT
 */
export async function getHistory(
  tx: TxState,
  epc: string,
): Promise<{ subject: string; steps: HistoryStep[] }> {
  const subject = await normalised(tx, epc);
  const rows: HistoryItem[] = isLot(subject)
    ? await readHistory(tx, 'lot', subject)
    : await historyWithContainers(tx, subject);
  if (rows.length === 0) throw new ContractError('NOT_FOUND', `no history for ${subject}`);
  return {
    subject,
    steps: rows.map(({ entry, event, via }) => ({
      sequence: entry.sequence,
      role: via === undefined ? entry.role : 'contained',
      ...(via === undefined ? {} : { container: via }),
      eventId: entry.eventId,
      retracted: event?.errorDeclaration !== undefined,
      event,
    })),
  };
}

async function normalised(tx: TxState, value: string): Promise<string> {
  const id = normaliseIdentifier(value, await new Registry(tx).companyPrefixes());
  if ('error' in id) throw new ContractError('INVALID_ARGUMENT', `identifier ${id.error}`);
  return id.value;
}

function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new ContractError('NOT_FOUND', `${what} does not exist`);
  return value;
}
