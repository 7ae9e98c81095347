/** Builds connection answers from keyset pages and from offset-paged groups. */
import type { Page } from '../db/catalog-page.queries.js';
import type { GroupPage } from '../db/emissions.queries.js';
import { encodeCursor } from './page.args.js';
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

/** A connection of groups that start at `offset`; their cursors are positions. */
export function groupConnectionOf<T>(
  page: GroupPage<T>,
  list: string,
  offset: number,
): ConnectionShape<T> {
  const cursors = page.rows.map((_, i) => encodeCursor(list, [String(offset + i + 1)]));
  return shape(page.rows, cursors, page.hasNextPage, () => Promise.resolve(page.totalCount));
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
