/**
 * CSV export of a recall's affected items: `GET /export/recall-impact.csv?lot=…` (or `recallId=…`,
 * optional `asOf=` ISO time), for a key with the `recall` permission. Rows stream from a server-side
 * cursor as they are read, so the export of a large recall never sits in memory whole.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import type { Request, RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { streamRecallItems, type RecallItem } from '../db/recall.queries.js';
import { BadUserInputError, CodedError } from '../errors.js';
import { identifierArg } from '../schema/lineage.args.js';
import { apiKeyFromHeaders } from './api-keys.js';
import type { Authenticator } from './authenticate.js';
import { roleGrants } from './roles.js';

/** Columns of the export, in order. */
export const RECALL_CSV_COLUMNS = [
  'id',
  'kind',
  'status',
  'lot_class',
  'gtin',
  'owner_msp',
  'owner_party',
  'possessor_party',
  'possessor_msp',
  'location',
  'location_name',
  'disposition',
  'container',
  'top_container',
  'in_transit_to_msp',
  'in_transit_to_party',
  'in_transit_to_location',
  'last_event_id',
  'last_event_time',
  'tx_id',
  'block_number',
  'reached_via_kind',
  'reached_via_from',
  'reached_via_event_id',
  'reached_via_tx_id',
  'reached_via_block_number',
] as const;

const CHUNK_ROWS = 1_000;
const HTTP_STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
};

/**
 * One CSV cell (RFC 4180 quoting). A leading =, +, -, @, tab or CR is prefixed with an apostrophe
 * so a spreadsheet opening the file never evaluates ledger data as a formula.
 */
export function csvCell(value: string | number | bigint | Date | null): string {
  if (value === null) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The CSV line of one affected item, with its provenance and the edge that made it affected. */
export function csvLine(i: RecallItem): string {
  const via = i.reachedVia;
  return (
    [
      i.id,
      i.kind,
      i.status,
      i.lotClass,
      i.gtin,
      i.ownerMsp,
      i.ownerParty,
      i.possessorParty,
      i.possessorMsp,
      i.location,
      i.locationName,
      i.disposition,
      i.container,
      i.topContainer,
      i.inTransitToMsp,
      i.inTransitToParty,
      i.inTransitToLocation,
      i.lastEventId,
      i.lastEventTime,
      i.txId,
      i.blockNumber,
      via?.kind ?? null,
      via?.from ?? null,
      via?.eventId ?? null,
      via?.txId ?? null,
      via?.blockNumber ?? null,
    ]
      .map(csvCell)
      .join(',') + '\r\n'
  );
}

function queryString(req: Request, name: string): string | undefined {
  const value: unknown = (req.query as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new BadUserInputError(`${name} must be given once`, name);
  return value;
}

function parseAsOf(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const asOf = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(asOf.getTime())) {
    throw new BadUserInputError(
      'asOf must be an ISO 8601 date-time such as 2026-03-01T12:00:00Z',
      'asOf',
    );
  }
  return asOf;
}

/**
 * How long a client may leave a chunk unread. The export holds a database transaction (a cursor)
 * open while it waits: a client that stops reading must not hold it, and a pool connection, forever.
 */
export const CSV_DRAIN_TIMEOUT_MS = 30_000;

/**
 * Writes `text`, waiting (at most drainTimeoutMs) for a slow reader to drain what is buffered.
 * @throws Error, after destroying `res`, when the client went away or read nothing meanwhile.
 */
export async function writeOrGiveUp(
  res: Writable,
  text: string,
  drainTimeoutMs: number,
): Promise<void> {
  if (res.destroyed) throw new Error('client went away');
  if (res.write(text)) return;
  // One signal ends all three waits, so no listener is left behind on a long export.
  const done = new AbortController();
  try {
    const drained = await Promise.race([
      once(res, 'drain', { signal: done.signal }).then(() => true),
      once(res, 'close', { signal: done.signal }).then(() => false),
      delay(drainTimeoutMs, undefined, { signal: done.signal }).then(() => false),
    ]);
    if (!drained) {
      res.destroy();
      throw new Error(`client went away or read nothing for ${drainTimeoutMs} ms`);
    }
  } finally {
    done.abort();
  }
}

/**
 * The Express handler streaming the export; mount it at GET /export/recall-impact.csv. Errors
 * before the first row answer with a JSON body and the status of their code (uncoded ones as a
 * masked 500 carrying the request id, logged in full); a failure mid-stream aborts the response,
 * so a truncated file never looks complete.
 */
export function recallCsvHandler(
  db: Kysely<Database>,
  authenticator: Authenticator,
  log?: Logger,
  drainTimeoutMs = CSV_DRAIN_TIMEOUT_MS,
): RequestHandler {
  return async (req, res) => {
    try {
      const principal = await authenticator.principalFor(apiKeyFromHeaders(req.headers));
      if (!roleGrants(principal.role, 'recall')) {
        throw new CodedError(
          `the ${principal.role} role may not export recalls; it needs a key with permission recall`,
          'FORBIDDEN',
        );
      }
      const lot = queryString(req, 'lot');
      const target = {
        lot: lot === undefined ? undefined : identifierArg(lot, 'lot'),
        recallId: queryString(req, 'recallId'),
        asOf: parseAsOf(queryString(req, 'asOf')),
      };
      let started = false;
      const count = await streamRecallItems(db, target, CHUNK_ROWS, async (items, resolved) => {
        if (!started) {
          started = true;
          const name = (target.recallId ?? resolved.roots[0] ?? 'recall').replace(/[^\w.-]+/g, '_');
          res.status(200).setHeader('content-type', 'text/csv; charset=utf-8');
          res.setHeader('content-disposition', `attachment; filename="recall-impact-${name}.csv"`);
          res.setHeader('x-recall-as-of', resolved.asOf.toISOString());
          await writeOrGiveUp(res, RECALL_CSV_COLUMNS.join(',') + '\r\n', drainTimeoutMs);
        }
        await writeOrGiveUp(res, items.map(csvLine).join(''), drainTimeoutMs);
      });
      if (count === 0)
        res
          .status(200)
          .type('text/csv')
          .send(RECALL_CSV_COLUMNS.join(',') + '\r\n');
      else res.end();
    } catch (error) {
      if (res.headersSent) {
        res.destroy(error instanceof Error ? error : undefined);
        return;
      }
      if (error instanceof CodedError) {
        res
          .status(HTTP_STATUS[error.code] ?? 500)
          .json({ error: { code: error.code, message: error.message } });
        return;
      }
      const header = res.getHeader('x-request-id');
      const id = typeof header === 'string' ? header : 'unknown';
      log?.error(
        `request ${id}: recall CSV export failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      res.status(500).json({
        error: {
          code: 'INTERNAL_SERVER_ERROR',
          message: `Internal server error (request id ${id}); the server log has the details`,
        },
      });
    }
  };
}
