/**
 * graphql-ws on the API's HTTP server, for subscriptions only: queries and mutations go over HTTP,
 * where Apollo answers them. Each subscription gets the checks an HTTP request gets (a key, the
 * token cap, depth, alias and cost limits with its variables, the allow-list) before it starts,
 * its errors are masked like HTTP's, and every delivery re-checks the key, so a revoked key's
 * streams end within the authenticator's cache TTL (close code 4403).
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import {
  getOperationAST,
  OperationTypeNode,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { Kysely } from 'kysely';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { isAllowed, notAllowedError, type AllowList } from './allow-list.js';
import type { Authenticator } from './authenticate.js';
import type { RequestContext } from './context.js';
import { maskErrors } from './format-error.js';
import { limitErrors, type QueryLimits } from './query-limits.js';

/** What the subscription endpoint needs from the API server. */
export interface SubscriptionServerOptions {
  httpServer: http.Server;
  schema: GraphQLSchema;
  db: Kysely<Database>;
  authenticator: Authenticator;
  limits: QueryLimits;
  maxTokens: number;
  allowList: AllowList | undefined;
  log: Logger;
}

/** Close code for a key that is missing, unknown or revoked (graphql-ws's Forbidden). */
const FORBIDDEN = 4403;

function apiKeyOf(
  connectionParams: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  const key = connectionParams?.apiKey;
  return typeof key === 'string' ? key : undefined;
}

function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST' } });
}

/** A GraphQL rule's error, coded as Apollo codes it over HTTP. */
function validationFailed(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes ?? null,
    extensions: { ...error.extensions, code: 'GRAPHQL_VALIDATION_FAILED' },
  });
}

/** An error without the HTTP status hint Apollo reads (and removes) over HTTP. */
function withoutHttp(error: GraphQLFormattedError): GraphQLFormattedError {
  if (error.extensions?.http === undefined) return error;
  const extensions = { ...error.extensions };
  delete extensions.http;
  return { ...error, extensions };
}

/** Parses `query` within the token cap; a syntax error comes back coded as over HTTP. */
function parseWithin(query: string, maxTokens: number): DocumentNode | GraphQLError {
  try {
    return parse(query, { maxTokens });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
  }
}

/** Starts the endpoint at /graphql on `httpServer`; resolves `dispose` to stop it. */
export function startSubscriptionServer(opts: SubscriptionServerOptions): {
  dispose(): Promise<void>;
} {
  const { schema, authenticator, limits } = opts;
  const wsServer = new WebSocketServer({ server: opts.httpServer, path: '/graphql' });
  // One request id per subscription, shared by its masked errors and the log.
  const requestIds = new Map<string, string>();
  const mask = (id: string) => maskErrors(opts.log, () => requestIds.get(id));
  const formatted = (id: string, errors: readonly GraphQLError[]): GraphQLFormattedError[] =>
    errors.map((error) => withoutHttp(mask(id)(error.toJSON(), error)));
  const cleanup = useServer<Record<string, unknown>, { socket: WebSocket }>(
    {
      schema,
      // Refuse the socket itself (close code 4403) when the key is missing or unknown.
      onConnect: (ctx) =>
        authenticator.principalFor(apiKeyOf(ctx.connectionParams)).then(
          () => true,
          () => false,
        ),
      onSubscribe: (_ctx, id, payload) => {
        requestIds.set(id, randomUUID());
        const document = parseWithin(payload.query, opts.maxTokens);
        if (document instanceof GraphQLError) return [document];
        const operation = getOperationAST(document, payload.operationName);
        if (operation === null || operation === undefined) {
          return [badRequest('name the operation to run (operationName) in a document of several')];
        }
        if (operation.operation !== OperationTypeNode.SUBSCRIPTION) {
          return [
            badRequest(
              `this socket serves subscriptions only; send a ${operation.operation} as an HTTP POST to /graphql`,
            ),
          ];
        }
        if (opts.allowList !== undefined && !isAllowed(opts.allowList, payload.query)) {
          return [notAllowedError()];
        }
        const invalid = validate(schema, document, specifiedRules);
        if (invalid.length > 0) return invalid.map(validationFailed);
        const tooBig = limitErrors(schema, document, payload.variables ?? undefined, limits);
        if (tooBig.length > 0) return tooBig;
        return {
          schema,
          document,
          operationName: payload.operationName ?? null,
          variableValues: payload.variables ?? null,
        };
      },
      context: async (ctx, id): Promise<RequestContext> => ({
        requestId: requestIds.get(id) ?? randomUUID(),
        principal: await authenticator.principalFor(apiKeyOf(ctx.connectionParams)),
        db: opts.db,
        loaders: new Map(),
      }),
      onNext: async (ctx, id, _payload, _args, result: ExecutionResult) => {
        try {
          await authenticator.principalFor(apiKeyOf(ctx.connectionParams));
        } catch {
          // This last message says why; the socket closes right after it is sent.
          setImmediate(() => ctx.extra.socket.close(FORBIDDEN, 'Forbidden'));
          return {
            errors: [
              {
                message: 'the API key is unknown or revoked; the subscription ends',
                extensions: { code: 'UNAUTHENTICATED' },
              },
            ],
          };
        }
        if (result.errors === undefined) return undefined;
        const masked: FormattedExecutionResult = {
          ...(result.data === undefined ? {} : { data: result.data }),
          errors: formatted(id, result.errors),
        };
        return masked;
      },
      // An operation error ends the operation without onComplete: forget its request id here.
      onError: (_ctx, id, _payload, errors) => {
        const answer = formatted(id, errors);
        requestIds.delete(id);
        return answer;
      },
      onComplete: (_ctx, id) => {
        requestIds.delete(id);
      },
    },
    wsServer,
  );
  return { dispose: async () => cleanup.dispose() };
}
