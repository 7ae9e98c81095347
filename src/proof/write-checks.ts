/**
 * The `records-written` check: the business records of the endorsed chaincode event are exactly
 * the endorsed writes to world state. `business-records` ties the bundle's copy to the event; this
 * ties the event to what the peers applied, so an auditor does not have to trust that the contract
 * emits what it writes. Both come from the same endorsed ChaincodeAction, so neither can change
 * without breaking the endorsement signatures.
 */
import { BOOKKEEPING_KEY_PREFIXES } from '../../chaincode/src/payload.js';
import type { EndorserAction } from '../ledger/envelope-parser.js';
import { namespaceWrites, type KvWrite } from '../ledger/read-write-set.js';
import type { ProofCheck } from './proof-bundle.js';
import { check, stableJson } from './verify-context.js';

const NAME = 'records-written';

/** A record of the payload as far as this check needs it. */
interface PayloadRecord {
  key: string;
  value: unknown;
}

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
    const key = (record as { key?: unknown } | null)?.key;
    if (typeof key !== 'string') return `record ${i} has no key`;
    out.push({ key, value: (record as { value?: unknown }).value });
  }
  return out;
}

const isBookkeeping = (key: string): boolean =>
  BOOKKEEPING_KEY_PREFIXES.some((prefix) => key.startsWith(prefix));

/** Why `write` does not store `record`'s value, if it does not. */
function mismatch(record: PayloadRecord, write: KvWrite | undefined): string | undefined {
  if (write === undefined) return `record ${record.key} was not written`;
  if (write.isDelete) return `record ${record.key} was deleted, not written`;
  let stored: unknown;
  try {
    stored = JSON.parse(Buffer.from(write.value).toString('utf8')) as unknown;
  } catch {
    return `the value written under ${record.key} is not JSON`;
  }
  return stableJson(stored) === stableJson(record.value)
    ? undefined
    : `the value written under ${record.key} differs from its record`;
}

/** Checks that the endorsed event's records are the chaincode's endorsed writes. */
export function writesCheck(action: EndorserAction): ProofCheck {
  const event = action.event;
  // The writes of the chaincode that emitted the event; with no event, of the one invoked.
  const namespace = event?.chaincodeId ?? action.chaincodeId?.name ?? action.invocation?.chaincode;
  let writes: KvWrite[];
  try {
    writes = namespace === undefined ? [] : namespaceWrites(action.results, namespace);
  } catch (error) {
    return check(NAME, false, `the read-write set does not parse: ${String(error)}`);
  }
  if (event === undefined) {
    return writes.length === 0
      ? check(NAME, true, 'transaction emitted no records and wrote nothing')
      : check(NAME, false, `${writes.length} writes but no records event`);
  }
  const records = payloadRecords(event.payload);
  if (typeof records === 'string') return check(NAME, false, records);

  const byKey = new Map<string, KvWrite>();
  const problems: string[] = [];
  for (const write of writes) {
    if (byKey.has(write.key)) problems.push(`${write.key} is written twice`);
    byKey.set(write.key, write);
  }
  const recorded = new Set<string>();
  for (const record of records) {
    if (recorded.has(record.key)) problems.push(`record ${record.key} appears twice`);
    recorded.add(record.key);
    const why = mismatch(record, byKey.get(record.key));
    if (why !== undefined) problems.push(why);
  }
  let bookkeeping = 0;
  for (const write of writes) {
    if (recorded.has(write.key)) continue;
    if (isBookkeeping(write.key) && !write.isDelete) bookkeeping += 1;
    else
      problems.push(`${write.key} was ${write.isDelete ? 'deleted' : 'written'} without a record`);
  }
  if (problems.length > 0) {
    const more = problems.length > 5 ? `; and ${problems.length - 5} more` : '';
    return check(NAME, false, problems.slice(0, 5).join('; ') + more);
  }
  return check(
    NAME,
    true,
    `${records.length} records are the writes of ${namespace} (and ${bookkeeping} bookkeeping writes)`,
  );
}
