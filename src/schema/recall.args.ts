/** Recall arguments: page size bounds and opaque cursors; the answer as a Relay connection. */
import { BadUserInputError } from '../errors.js';
import type {
  RecallImpactResult,
  RecallInfo,
  RecallItem,
  RecallSummary,
} from '../db/recall.queries.js';

/** Largest page of recall items. */
export const MAX_RECALL_PAGE = 500;

const CURSOR_PREFIX = 'recall:v2:';
/**
 * A page size.
 * @throws BadUserInputError when outside 1..MAX_RECALL_PAGE.
 */
export function pageSizeArg(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_RECALL_PAGE) {
    throw new BadUserInputError(
      `first must be an integer from 1 to ${MAX_RECALL_PAGE}; page through the rest with after, or export everything as CSV`,
      'first',
    );
  }
  return first;
}

/** Where a page starts: after the item `id` of the recall as of `asOf`. */
export interface RecallCursor {
  asOf: Date;
  id: string;
}

/**
 * The cursor of an item, opaque to clients. It carries the page's asOf, so that the next pages of
 * a recall asked "now" walk the same graph instead of a later one.
 */
export function encodeCursor(asOf: Date, id: string): string {
  return Buffer.from(CURSOR_PREFIX + JSON.stringify([asOf.toISOString(), id]), 'utf8').toString(
    'base64url',
  );
}

/**
 * The position inside a cursor this API issued.
 * @throws BadUserInputError for anything else.
 */
export function decodeCursor(cursor: string): RecallCursor {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  let parts: unknown;
  try {
    parts = decoded.startsWith(CURSOR_PREFIX)
      ? JSON.parse(decoded.slice(CURSOR_PREFIX.length))
      : undefined;
  } catch {
    parts = undefined;
  }
  const [asOf, id] = Array.isArray(parts) ? (parts as unknown[]) : [];
  if (
    typeof asOf !== 'string' ||
    typeof id !== 'string' ||
    id === '' ||
    Number.isNaN(Date.parse(asOf))
  ) {
    throw new BadUserInputError(
      'after must be a cursor from a previous recallImpact page (edges.cursor or pageInfo.endCursor)',
      'after',
    );
  }
  return { asOf: new Date(asOf), id };
}

/**
 * The instant a page is asked for: the cursor's, unless asOf says otherwise.
 * @throws BadUserInputError when asOf and the cursor's instant differ.
 */
export function pageAsOf(
  asOf: Date | undefined,
  cursor: RecallCursor | undefined,
): Date | undefined {
  if (cursor === undefined) return asOf;
  if (asOf !== undefined && asOf.getTime() !== cursor.asOf.getTime()) {
    throw new BadUserInputError(
      `after belongs to the recall as of ${cursor.asOf.toISOString()}; pass that asOf, or none, with it`,
      'asOf',
    );
  }
  return cursor.asOf;
}

/** The RecallImpactConnection as plain data. */
export interface RecallConnectionShape {
  roots: string[];
  asOf: Date;
  recall: RecallInfo | null;
  totalCount: number;
  summary: RecallSummary;
  edges: { cursor: string; node: RecallItem }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

/** Shapes a recall impact result as the Relay connection the schema returns. */
export function toConnection(result: RecallImpactResult): RecallConnectionShape {
  const edges = result.items.map((node) => ({
    cursor: encodeCursor(result.asOf, node.id),
    node,
  }));
  return {
    roots: result.roots,
    asOf: result.asOf,
    recall: result.recall,
    totalCount: result.totalCount,
    summary: result.summary,
    edges,
    pageInfo: {
      hasNextPage: result.hasNextPage,
      // Pages go forward only, as everywhere in this API (Relay allows false here).
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
