/**
 * Builds the executable schema from the resolver classes. Resolvers get their dependencies through
 * constructors; the tiny container below hands type-graphql the instances we built.
 */
import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import {
  AnalyticsResolver,
  DwellTimeFieldsResolver,
  TransitTimeFieldsResolver,
} from '../resolvers/analytics.resolver.js';
import { IdentifierResolver } from '../resolvers/catalog-identifier.resolver.js';
import {
  LocationFieldsResolver,
  OrganizationFieldsResolver,
  PartyFieldsResolver,
  ProductFieldsResolver,
} from '../resolvers/catalog-fields.resolver.js';
import { LotResolver, RecallFieldsResolver } from '../resolvers/catalog-lot.resolver.js';
import { ShipmentResolver } from '../resolvers/catalog-shipment.resolver.js';
import { CatalogResolver } from '../resolvers/catalog.resolver.js';
import { EmissionsResolver } from '../resolvers/emissions.resolver.js';
import { EventsResolver } from '../resolvers/events.resolver.js';
import { FootprintResolver } from '../resolvers/footprint.resolver.js';
import { LineageResolver } from '../resolvers/lineage.resolver.js';
import { MetaResolver } from '../resolvers/meta.resolver.js';
import { MutationResolver } from '../resolvers/mutation.resolver.js';
import { NodeResolver } from '../resolvers/node.resolver.js';
import { ProofResolver } from '../resolvers/proof.resolver.js';
import { RecallResolver } from '../resolvers/recall.resolver.js';
import { SubscriptionsResolver } from '../resolvers/subscriptions.resolver.js';
import { TraceResolver } from '../resolvers/trace.resolver.js';
import { authChecker } from '../server/auth-checker.js';
import { InProcessPubSub } from '../server/pubsub.js';
import { createLedgerServices, type LedgerServices } from '../services/ledger-services.js';

/** What resolvers depend on. */
export interface SchemaDependencies {
  channel: string;
  pubSub?: PubSub;
  /** Mutations and proofs; without it they answer that no ledger or trust is configured. */
  ledger?: LedgerServices;
}

/** Builds the schema with one instance of each resolver. */
export async function buildApiSchema(deps: SchemaDependencies): Promise<GraphQLSchema> {
  const ledger = deps.ledger ?? createLedgerServices({ ledger: undefined, trust: undefined });
  const instances = [
    new MetaResolver(deps.channel),
    new MutationResolver(ledger),
    new ProofResolver(ledger),
    new LineageResolver(),
    new RecallResolver(),
    new TraceResolver(),
    new FootprintResolver(),
  ];
  const catalog = catalogResolvers(deps.channel);
  const byClass = new Map<unknown, unknown>(
    [...instances, ...catalog].map((r) => [r.constructor, r]),
  );
  return buildSchema({
    resolvers: [
      MetaResolver,
      MutationResolver,
      ProofResolver,
      LineageResolver,
      RecallResolver,
      TraceResolver,
      FootprintResolver,
      ...catalog.map((r) => r.constructor),
    ],
    container: { get: (someClass) => byClass.get(someClass) },
    authChecker,
    pubSub: deps.pubSub ?? new InProcessPubSub(),
    validate: false,
  });
}

/** Catalog, events, emissions, analytics, Relay node and subscription resolvers. */
function catalogResolvers(channel: string): object[] {
  return [
    new NodeResolver(),
    new CatalogResolver(),
    new ProductFieldsResolver(),
    new OrganizationFieldsResolver(),
    new PartyFieldsResolver(),
    new LocationFieldsResolver(),
    new LotResolver(),
    new RecallFieldsResolver(),
    new IdentifierResolver(),
    new ShipmentResolver(),
    new EventsResolver(),
    new EmissionsResolver(),
    new AnalyticsResolver(channel),
    new DwellTimeFieldsResolver(),
    new TransitTimeFieldsResolver(),
    new SubscriptionsResolver(),
  ];
}

/** The SDL committed as schema.graphql: sorted, so the file changes only when the schema does. */
export function schemaSdl(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
