/**
 * Simulated time: epoch milliseconds inside the simulator, rendered as EPCIS wants them (local
 * time with its offset, as in `2025-01-06T08:00:00.000-05:00`, plus `eventTimeZoneOffset`).
 */

/** One minute, hour and day in milliseconds. */
export const MINUTE = 60_000;
/** One hour in milliseconds. */
export const HOUR = 60 * MINUTE;
/** One day in milliseconds. */
export const DAY = 24 * HOUR;

/** `+hh:mm` / `-hh:mm` for an offset in minutes east of UTC. */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hours = String(Math.floor(abs / 60)).padStart(2, '0');
  const minutes = String(abs % 60).padStart(2, '0');
  return `${sign}${hours}:${minutes}`;
}

/** Local date-time with milliseconds and offset, e.g. `2025-01-06T03:00:00.000-05:00`. */
export function formatEventTime(timeMs: number, offsetMinutes: number, offset: string): string {
  // toISOString of the shifted instant prints the local wall-clock time; then swap Z for the offset.
  return new Date(timeMs + offsetMinutes * MINUTE).toISOString().slice(0, 23) + offset;
}

/** ISO 8601 in UTC (`…Z`), for document creation dates and summaries. */
export function isoUtc(timeMs: number): string {
  return new Date(timeMs).toISOString();
}

/** The last day of the month some months after an instant (UTC), `YYYY-MM-DD`, for expiry dates. */
export function dateAfterMonths(timeMs: number, months: number): string {
  const date = new Date(timeMs);
  // Expiry is printed as the last day of the month (day 0 of the next one), which also avoids
  // month-end overflow such as 31 January plus one month.
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months + 1, 0));
  return lastDay.toISOString().slice(0, 10);
}

/** Two-digit year of an instant (UTC), for lot numbers. */
export function yearCode(timeMs: number): string {
  return String(new Date(timeMs).getUTCFullYear() % 100).padStart(2, '0');
}

/**
 * Moves an instant into opening hours at a site (local time): a pharmacy dispenses between
 * `openHour` and `closeHour`; anything earlier waits for opening, anything later for the next day.
 */
export function withinOpeningHours(
  timeMs: number,
  offsetMinutes: number,
  openHour: number,
  closeHour: number,
): number {
  const local = timeMs + offsetMinutes * MINUTE;
  const dayStart = Math.floor(local / DAY) * DAY;
  const hour = (local - dayStart) / HOUR;
  if (hour >= openHour && hour < closeHour) return timeMs;
  const nextOpen = hour < openHour ? dayStart + openHour * HOUR : dayStart + DAY + openHour * HOUR;
  // Keep the sub-hour part so reopened events do not all land on the same minute.
  const spread = (local % HOUR) / 2;
  return nextOpen + spread - offsetMinutes * MINUTE;
}

/**
 * Parses the options' start time.
 * @throws RangeError when the text is not a valid ISO 8601 instant.
 */
export function parseStartTime(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new RangeError(`startTime is not an ISO 8601 instant: ${text}`);
  return ms;
}
