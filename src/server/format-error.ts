/**
 * Error masking: coded errors (ours, GraphQL validation, query limits) reach the client as they
 * are; anything else becomes INTERNAL_SERVER_ERROR carrying only the request id, and is logged in
 * full under that id. No SQL, stack or driver message ever leaves the server.
 */
import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { CodedError } from '../errors.js';
import type { Logger } from '../logger.js';

/** Codes that are safe to pass through: they describe the request, not the server. */
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'QUERY_TOO_COMPLEX',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_ALLOWED',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
]);

/** Builds Apollo's formatError hook; `requestId` reads the id of the request being answered. */
export function maskErrors(log: Logger, requestId: () => string | undefined) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof CodedError) return formatted;
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_CODES.has(code)) {
      const extensions = { ...formatted.extensions };
      delete extensions.stacktrace;
      // Apollo recodes every validation error as GRAPHQL_VALIDATION_FAILED; a broken query limit
      // keeps its own code so clients can tell "too big" from "wrong".
      if (typeof extensions.limit === 'string') extensions.code = 'QUERY_TOO_COMPLEX';
      return { ...formatted, extensions };
    }
    const id = requestId() ?? 'unknown';
    const detail =
      original instanceof Error ? (original.stack ?? original.message) : String(original);
    log.error(`request ${id}: ${detail}`);
    return {
      message: `Internal server error (request id ${id}); the server log has the details`,
      ...(formatted.path === undefined ? {} : { path: formatted.path }),
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: id },
    };
  };
}
