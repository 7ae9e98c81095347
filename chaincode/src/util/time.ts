/**
 * ISO 8601 parsing without Date.parse leniency: EPCIS requires an explicit offset, and peers must
 * agree on the normalised value, so the grammar is checked by hand and the result is always
 * `YYYY-MM-DDTHH:mm:ss.sssZ` (sub-millisecond digits are truncated).
 */

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Converts an ISO 8601 date-time with offset to UTC `…sssZ`, or returns undefined if invalid. */
export function toUtcIso(value: string): string | undefined {
  const match = DATE_TIME.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (!isCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59)
    return undefined;
  const millis = Number((fraction ?? '').padEnd(3, '0').slice(0, 3));
  const offsetMinutes = parseOffset(offset ?? 'Z');
  if (offsetMinutes === undefined) return undefined;
  const epoch = utcMillis(year, month, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  return new Date(epoch).toISOString();
}

/** True for an ISO 8601 calendar date (YYYY-MM-DD) that exists. */
export function isIsoDate(value: string): boolean {
  const match = DATE_ONLY.exec(value);
  return match !== null && isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** Offset `±HH:MM` in minutes, limited to EPCIS's -14:00..+14:00; undefined if malformed. */
export function parseOffset(offset: string): number | undefined {
  if (offset === 'Z') return 0;
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!match) return undefined;
  const hours = Number(match[2]);
  const minutes = Number(match[3]);
  if (minutes > 59 || hours > 14 || (hours === 14 && minutes !== 0)) return undefined;
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** Converts a protobuf-style timestamp (seconds may be a Long) to UTC ISO 8601. */
export function timestampToIso(timestamp: { seconds: unknown; nanos: number }): string {
  const seconds = Number(String(timestamp.seconds));
  return new Date(seconds * 1000 + Math.floor(timestamp.nanos / 1_000_000)).toISOString();
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= daysInMonth;
}

// Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not.
function utcMillis(...[year, month, day, hour, minute, second, millis]: number[]): number {
  const date = new Date(0);
  date.setUTCFullYear(year ?? 0, (month ?? 1) - 1, day ?? 1);
  date.setUTCHours(hour ?? 0, minute ?? 0, second ?? 0, millis ?? 0);
  return date.getTime();
}
