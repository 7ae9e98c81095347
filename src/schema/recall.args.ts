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

const CURSOR_PREFIX = 'recall:v1:';

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

/** The cursor of an item: its id, opaque to clients. */
export function encodeCursor(id: string): string {
  return Buffer.from(CURSOR_PREFIX + id, 'utf8').toString('base64url');
}

/**
 * The item id inside a cursor this API issued.
 * @throws BadUserInputError for anything else.
 */
export function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith(CURSOR_PREFIX) || decoded.length === CURSOR_PREFIX.length) {
    throw new BadUserInputError(
      'after must be a cursor from a previous recallImpact page (edges.cursor or pageInfo.endCursor)',
      'after',
    );
  }
  return decoded.slice(CURSOR_PREFIX.length);
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
  const edges = result.items.map((node) => ({ cursor: encodeCursor(node.id), node }));
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
