/**
 * The `records-written` check: the business records of the endorsed chaincode event are exactly
 * the endorsed writes to world state. `business-records` ties the bundle's copy to the event; this
 * ties the event to what the peers applied, so an auditor does not have to trust that the contract
 * emits what it writes. Both come from the same endorsed ChaincodeAction, so neither can change
 * without breaking the endorsement signatures. What it holds the transaction to, all of which our
 * contract does by construction (chaincode/src/ledger/tx-state.ts):
 * - each record's key is its value's own key (RECORD_KEYS), and its value is written under that
 *   key, byte for byte as canonical JSON;
 * - every other write is bookkeeping of an event the transaction records: its content key, or a
 *   history entry under its subject's key naming it and this transaction; nothing is deleted;
 * - nothing else changes: no other namespace writes, no key-level endorsement policies, no
 *   private data.
 */
import {
  BOOKKEEPING_KEY_PREFIXES,
  RECORD_KEYS,
  type BusinessRecordKind,
} from '../../chaincode/src/payload.js';
import { stateKeys } from '../../chaincode/src/ledger/state-keys.js';
import { canonicalJson } from '../../chaincode/src/util/canonical-json.js';
import type { EndorserAction } from '../ledger/envelope-parser.js';
import {
  readWriteSetChanges,
  type KvWrite,
  type NamespaceChanges,
} from '../ledger/read-write-set.js';
import type { ProofCheck } from './proof-bundle.js';
import { check } from './verify-context.js';

const NAME = 'records-written';

/** A record of the endorsed payload. */
interface PayloadRecord {
  kind: string;
  key: string;
  value: unknown;
}

/** Keys as they appear in a detail, cut short: a hostile key must not make a megabyte report. */
const shown = (key: string): string => (key.length > 100 ? `${key.slice(0, 100)}…` : key);

/** The records of an endorsed payload, or why there are none to compare. */
function payloadRecords(payload: Uint8Array): PayloadRecord[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload).toString('utf8')) as unknown;
  } catch {
    return 'the endorsed event payload is not JSON';
  }
  const records = (parsed as { records?: unknown } | null)?.records;
  if (!Array.isArray(records)) return 'the endorsed event payload has no records list';
  const out: PayloadRecord[] = [];
  for (const [i, record] of records.entries()) {
    const { kind, key, value } = (record ?? {}) as {
      kind?: unknown;
      key?: unknown;
      value?: unknown;
    };
    if (typeof kind !== 'string' || typeof key !== 'string')
      return `record ${i} has no kind or key`;
    out.push({ kind, key, value });
  }
  return out;
}

/** Why `record`'s key is not the key of its value, if it is not. */
function misplaced(record: PayloadRecord): string | undefined {
  const key = shown(record.key);
  if (!Object.hasOwn(RECORD_KEYS, record.kind))
    return `record ${key} has kind ${shown(record.kind)}, which the payload never carries`;
  const { prefix, idField } = RECORD_KEYS[record.kind as BusinessRecordKind];
  const id = (record.value as Record<string, unknown> | null)?.[idField];
  return typeof id === 'string' && record.key === `${prefix}${id}`
    ? undefined
    : `record ${key} is not stored under its ${record.kind}'s key ${prefix}<${idField}>`;
}

/** Why `write` does not store `record`'s value, if it does not. */
function mismatch(record: PayloadRecord, write: KvWrite | undefined): string | undefined {
  if (write === undefined) return `record ${shown(record.key)} was not written`;
  if (write.isDelete) return `record ${shown(record.key)} was deleted, not written`;
  // The contract writes canonical JSON and puts the same bytes in the payload: its canonicalJson
  // of the parsed record is those bytes again, so anything else stored under the key differs.
  return Buffer.from(canonicalJson(record.value), 'utf8').equals(write.value)
    ? undefined
    : `the value written under ${shown(record.key)} differs from its record`;
}

/** The events a transaction records: event id → the content hash it was captured with. */
type RecordedEvents = Map<string, string | undefined>;

/** A bookkeeping value as far as the check reads it. */
interface BookkeepingValue {
  eventId?: unknown;
  updatedTx?: unknown;
  subjectKind?: unknown;
  subject?: unknown;
  sequence?: unknown;
}

/**
 * Why a write without a record is not the contract's bookkeeping for this transaction, if not.
 * The contract writes bookkeeping only when it captures an event (capture.service.ts): the event's
 * content key (`content|<its content hash>` → its id) and a history entry per subject it touched
 * (under the subject's history key at the entry's sequence, naming the event and this transaction).
 */
function notBookkeeping(write: KvWrite, txId: string, events: RecordedEvents): string | undefined {
  const what = `${shown(write.key)} was ${write.isDelete ? 'deleted' : 'written'} without a record`;
  if (write.isDelete) return what;
  let value: BookkeepingValue | null;
  try {
    value = JSON.parse(Buffer.from(write.value).toString('utf8')) as BookkeepingValue | null;
  } catch {
    return what;
  }
  const eventId = typeof value?.eventId === 'string' ? value.eventId : undefined;
  const recordedEvent = eventId !== undefined && events.has(eventId);
  if (write.key.startsWith(BOOKKEEPING_KEY_PREFIXES.content)) {
    const hash = eventId === undefined ? undefined : events.get(eventId);
    return recordedEvent && hash !== undefined && write.key === stateKeys.content(hash)
      ? undefined
      : `${what} (not the content key of an event this transaction records)`;
  }
  if (write.key.startsWith(BOOKKEEPING_KEY_PREFIXES.history)) {
    const { subjectKind, subject, sequence } = value ?? {};
    const ownKey =
      (subjectKind === 'identifier' || subjectKind === 'lot') &&
      typeof subject === 'string' &&
      typeof sequence === 'number' &&
      write.key === stateKeys.history(subjectKind, subject, sequence);
    return ownKey && recordedEvent && value?.updatedTx === txId
      ? undefined
      : `${what} (not a history entry of an event this transaction records)`;
  }
  return what;
}

/** What changed outside the chaincode's public writes, which our contract never does. */
function otherChanges(changes: NamespaceChanges[], namespace: string): string[] {
  const problems: string[] = [];
  for (const ns of changes) {
    const where = ns.namespace === namespace ? '' : ` in namespace ${shown(ns.namespace)}`;
    if (ns.namespace !== namespace && ns.writes.length > 0)
      problems.push(`${ns.writes.length} writes${where}`);
    if (ns.metadataWrites > 0)
      problems.push(`${ns.metadataWrites} key-level endorsement policy writes${where}`);
    if (ns.collections > 0) problems.push(`${ns.collections} private data collections${where}`);
  }
  return problems;
}

/** Checks that the endorsed event's records are the chaincode's endorsed writes, and all its writes. */
export function writesCheck(action: EndorserAction, txId: string): ProofCheck {
  // The chaincode the peers say they ran: its namespace holds the writes.
  const namespace = action.chaincodeId?.name;
  if (namespace === undefined) return check(NAME, false, 'the endorsed action names no chaincode');
  const event = action.event;
  if (event !== undefined && event.chaincodeId !== namespace)
    return check(
      NAME,
      false,
      `the event names chaincode ${shown(event.chaincodeId)}, not ${shown(namespace)}`,
    );
  let changes: NamespaceChanges[];
  try {
    changes = readWriteSetChanges(action.results);
  } catch (error) {
    return check(NAME, false, `the read-write set does not parse: ${String(error)}`);
  }
  const writes = changes.filter((ns) => ns.namespace === namespace).flatMap((ns) => ns.writes);
  const problems = otherChanges(changes, namespace);
  if (event === undefined) {
    if (writes.length > 0) problems.push(`${writes.length} writes but no records event`);
    return problems.length === 0
      ? check(NAME, true, 'transaction emitted no records and wrote nothing')
      : failed(problems);
  }
  const records = payloadRecords(event.payload);
  if (typeof records === 'string') return check(NAME, false, records);

  const byKey = new Map<string, KvWrite>();
  for (const write of writes) {
    if (byKey.has(write.key)) problems.push(`${shown(write.key)} is written twice`);
    byKey.set(write.key, write);
  }
  const recorded = new Set<string>();
  const events: RecordedEvents = new Map();
  for (const record of records) {
    if (recorded.has(record.key)) problems.push(`record ${shown(record.key)} appears twice`);
    recorded.add(record.key);
    const placed = misplaced(record);
    const why = placed ?? mismatch(record, byKey.get(record.key));
    if (why !== undefined) problems.push(why);
    // A well-placed event record's value has its eventId (RECORD_KEYS.event.idField).
    if (placed === undefined && record.kind === 'event') {
      const { eventId, contentHash } = record.value as { eventId: string; contentHash?: unknown };
      events.set(eventId, typeof contentHash === 'string' ? contentHash : undefined);
    }
  }
  let bookkeeping = 0;
  for (const write of writes) {
    if (recorded.has(write.key)) continue;
    const why = notBookkeeping(write, txId, events);
    if (why === undefined) bookkeeping += 1;
    else problems.push(why);
  }
  if (problems.length > 0) return failed(problems);
  return check(
    NAME,
    true,
    `${records.length} records are the writes of ${namespace} ` +
      `(and ${bookkeeping} bookkeeping writes)`,
  );
}

/** The failed check, naming the first few problems. */
function failed(problems: string[]): ProofCheck {
  const more = problems.length > 5 ? `; and ${problems.length - 5} more` : '';
  return check(NAME, false, problems.slice(0, 5).join('; ') + more);
}
