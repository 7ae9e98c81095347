/**
 * Allow-list mode for persisted queries: only operations whose SHA-256 (of the exact query text)
 * is in the manifest run; everything else is refused before execution.
 */
import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';

/** SHA-256 (hex) of each allowed operation text. */
export type AllowList = ReadonlySet<string>;

/** Builds an allow-list from operation texts. */
export function allowListOf(operations: Iterable<string>): AllowList {
  return new Set([...operations].map(sha256));
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Whether the exact operation text `query` is on the list. */
export function isAllowed(allowed: AllowList, query: string): boolean {
  return allowed.has(sha256(query));
}

/** The refusal of an operation not on the list (HTTP 400 over HTTP). */
export function notAllowedError(): GraphQLError {
  return new GraphQLError('this server only runs allow-listed operations; this one is not listed', {
    extensions: { code: 'PERSISTED_QUERY_NOT_ALLOWED', http: { status: 400 } },
  });
}

/** An Apollo plugin that refuses every operation not in `allowed`. */
export function allowListPlugin(allowed: AllowList): ApolloServerPlugin {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ source }) {
          // Apollo documents throwing from didResolveOperation as the way to refuse an operation.
          if (!isAllowed(allowed, source)) throw notAllowedError();
          return Promise.resolve();
        },
      });
    },
  };
}
