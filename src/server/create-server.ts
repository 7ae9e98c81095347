/**
 * The HTTP side of the API: Express 5 with Apollo Server at /graphql, graphql-ws subscriptions on
 * the same port, /healthz (no key needed) and /metrics (Prometheus). Every request gets an id
 * (x-request-id, echoed back) that masked errors and logs share.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { allowListPlugin, type AllowList } from './allow-list.js';
import { apiKeyFromHeaders } from './api-keys.js';
import { Authenticator } from './authenticate.js';
import type { RequestContext } from './context.js';
import { maskErrors } from './format-error.js';
import {
  DEFAULT_QUERY_LIMITS,
  queryLimitsPlugin,
  queryLimitsRule,
  type QueryLimits,
} from './query-limits.js';
import { startSubscriptionServer } from './subscription-server.js';

/** Everything the API server needs. */
export interface ApiServerOptions {
  schema: GraphQLSchema;
  db: Kysely<Database>;
  log: Logger;
  port: number;
  host?: string;
  limits?: QueryLimits;
  /** When set, only these operations run (persisted-query allow-list mode). */
  allowList?: AllowList;
  /** Prometheus registry to expose at /metrics. */
  metrics?: Registry;
  /** Development: landing page with Apollo Sandbox, introspection on. */
  development: boolean;
  /** Largest token count a document may have; parsing stops beyond it. */
  maxTokens?: number;
  /** How long a key's lookup is cached (a revoked key works this long); default 30 s. */
  keyCacheTtlMs?: number;
  /** Mounts extra HTTP routes (e.g. CSV exports) that authenticate with the same keys. */
  routes?: (app: express.Express, authenticator: Authenticator) => void;
}

/** A running API server. */
export interface ApiServer {
  url: string;
  wsUrl: string;
  apollo: ApolloServer<RequestContext>;
  stop(): Promise<void>;
}

const requestIds = new AsyncLocalStorage<string>();

/** Starts the API; resolves once it listens. */
export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const app = express();
  const httpServer = http.createServer(app);
  const authenticator = new Authenticator(opts.db, opts.keyCacheTtlMs);
  const limits = opts.limits ?? DEFAULT_QUERY_LIMITS;
  const maxTokens = opts.maxTokens ?? 5_000;
  const subscriptions = startSubscriptionServer({
    httpServer,
    schema: opts.schema,
    db: opts.db,
    authenticator,
    limits,
    maxTokens,
    allowList: opts.allowList,
    log: opts.log.child('ws'),
  });
  const apollo = new ApolloServer<RequestContext>({
    schema: opts.schema,
    introspection: opts.development,
    // Depth and aliases at validation; the cost, which needs the variables, in queryLimitsPlugin.
    validationRules: [queryLimitsRule(limits)],
    parseOptions: { maxTokens },
    formatError: maskErrors(opts.log.child('api'), () => requestIds.getStore()),
    includeStacktraceInErrorResponses: false,
    // The process owns shutdown (start.command.ts stops API, indexer, pool, Postgres in order).
    // Apollo's own handler would stop only itself and then re-raise the signal, killing the
    // process before the rest has stopped.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Every answer depends on the caller's key, so nothing is cacheable by a CDN. The default
      // cache-control plugin would still wrap every field resolver to compute hints: about a sixth
      // of the CPU time of a 10,000-object lineage answer, with the garbage its closures leave.
      ApolloServerPluginCacheControlDisabled(),
      {
        serverWillStart: () => Promise.resolve({ drainServer: () => subscriptions.dispose() }),
      },
      opts.development
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true })
        : ApolloServerPluginLandingPageProductionDefault(),
      queryLimitsPlugin(limits),
      ...(opts.allowList === undefined ? [] : [allowListPlugin(opts.allowList)]),
    ],
  });
  await apollo.start();

  app.use((req, res, next) => {
    const header = req.headers['x-request-id'];
    const id = typeof header === 'string' && /^[\w-]{1,64}$/.test(header) ? header : randomUUID();
    res.setHeader('x-request-id', id);
    requestIds.run(id, next);
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  if (opts.metrics !== undefined) {
    const registry = opts.metrics;
    app.get('/metrics', (_req, res, next) => {
      registry.metrics().then((text) => {
        res.type(registry.contentType).send(text);
      }, next);
    });
  }
  opts.routes?.(app, authenticator);
  app.use(
    '/graphql',
    express.json({ limit: '2mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<RequestContext> => ({
        requestId: requestIds.getStore() ?? randomUUID(),
        principal: await authenticator.principalFor(apiKeyFromHeaders(req.headers)),
        db: opts.db,
        loaders: new Map(),
      }),
    }),
  );

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(opts.port, host, resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/graphql`,
    wsUrl: `ws://${host}:${port}/graphql`,
    apollo,
    stop: () => apollo.stop(),
  };
}
