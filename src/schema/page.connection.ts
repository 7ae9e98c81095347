/** Builds connection answers from keyset pages and from offset-paged groups. */
import type { Page } from '../db/catalog-page.queries.js';
import type { GroupPage } from '../db/emissions.queries.js';
import { encodeCursor, type GroupPaging } from './page.args.js';
import type { ConnectionShape } from './page.type.js';

/** A connection of `page` mapped through `map`; `count` runs only if totalCount is selected. */
export function connectionOf<R, T>(
  page: Page<R>,
  list: string,
  map: (row: R) => T,
  count: () => Promise<number>,
): ConnectionShape<T> {
  const nodes = page.rows.map(map);
  const cursors = page.keys.map((key) => encodeCursor(list, key));
  return shape(nodes, cursors, page.hasNextPage, count);
}

/**
 * A connection of the groups at `paging`, fetched with `fetch`; their cursors are positions. The
 * page carries totalCount as a window count, but a position past the end has no row to carry it:
 * then, if totalCount is selected, the count is read from the first page.
 */
export async function groupConnection<T>(
  list: string,
  paging: GroupPaging,
  fetch: (paging: GroupPaging) => Promise<GroupPage<T>>,
): Promise<ConnectionShape<T>> {
  const page = await fetch(paging);
  const cursors = page.rows.map((_, i) => encodeCursor(list, [String(paging.offset + i + 1)]));
  const count =
    page.rows.length > 0 || paging.offset === 0
      ? (): Promise<number> => Promise.resolve(page.totalCount)
      : async (): Promise<number> => (await fetch({ first: 1, offset: 0 })).totalCount;
  return shape(page.rows, cursors, page.hasNextPage, count);
}

function shape<T>(
  nodes: T[],
  cursors: string[],
  hasNextPage: boolean,
  count: () => Promise<number>,
): ConnectionShape<T> {
  return {
    nodes,
    edges: nodes.map((node, i) => ({ node, cursor: cursors[i] ?? '' })),
    pageInfo: {
      hasNextPage,
      hasPreviousPage: false,
      startCursor: cursors[0] ?? null,
      endCursor: cursors.at(-1) ?? null,
    },
    totalCount: count,
  };
}
