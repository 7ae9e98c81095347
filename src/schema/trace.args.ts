/** `trace` paging: the page size and the cursor of an entry (bound to the traced identifier). */
import { MAX_TRACE_ENTRIES, type TracePage, type TracePosition } from '../db/trace.queries.js';
import { BadUserInputError } from '../errors.js';
import { decodeCursor, encodeCursor, groupListName } from './page.args.js';

// An entry's event time as findTrace writes it: UTC to the microsecond.
const MICROSECOND_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
// Block numbers are bigint; transaction and record indexes int (at most 9 digits, no overflow).
const BLOCK_NUMBER = /^\d{1,18}$/;
const INDEX = /^\d{1,9}$/;

// Cursors name the identifier (as a digest), so one from another trace is refused.
const listOf = (epc: string): string => groupListName('trace', { epc });

/** The cursor of the entry at `position` in the trace of `epc`. */
export function traceCursor(epc: string, position: TracePosition): string {
  return encodeCursor(listOf(epc), position);
}

/**
 * Checks `first` and decodes `after` for the trace of `epc`.
 * @throws BadUserInputError naming the argument at fault.
 */
export function tracePage(epc: string, first: number, after: string | undefined): TracePage {
  if (!Number.isInteger(first) || first < 1 || first > MAX_TRACE_ENTRIES) {
    throw new BadUserInputError(
      `first must be an integer from 1 to ${MAX_TRACE_ENTRIES} (got ${first}); fetch more with after: endCursor`,
      'first',
    );
  }
  if (after === undefined) return { first };
  const [time = '', block = '', txIndex = '', recordIndex = ''] = decodeCursor(
    after,
    listOf(epc),
    4,
  );
  if (
    !MICROSECOND_INSTANT.test(time) ||
    !isCalendarInstant(time) ||
    !BLOCK_NUMBER.test(block) ||
    !INDEX.test(txIndex) ||
    !INDEX.test(recordIndex)
  ) {
    throw new BadUserInputError(
      'after is not a cursor of this trace (a damaged position); pass endCursor from a previous answer',
      'after',
    );
  }
  return { first, after: [time, block, txIndex, recordIndex] };
}

/**
 * True when `time` (MICROSECOND_INSTANT) names a real instant PostgreSQL accepts: Date.parse
 * rolls 2025-02-30 over to March and takes year 0, which the database refuses.
 */
function isCalendarInstant(time: string): boolean {
  const ms = Date.parse(time);
  return (
    !Number.isNaN(ms) &&
    !time.startsWith('0000') &&
    new Date(ms).toISOString().slice(0, 23) === time.slice(0, 23)
  );
}
