/**
 * Builds the executable schema from the resolver classes. Resolvers get their dependencies through
 * constructors; the tiny container below hands type-graphql the instances we built.
 */
import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { MetaResolver } from '../resolvers/meta.resolver.js';
import { MutationResolver } from '../resolvers/mutation.resolver.js';
import { ProofResolver } from '../resolvers/proof.resolver.js';
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
  ];
  const byClass = new Map<unknown, unknown>(instances.map((r) => [r.constructor, r]));
  return buildSchema({
    resolvers: [MetaResolver, MutationResolver, ProofResolver],
    container: { get: (someClass) => byClass.get(someClass) },
    authChecker,
    pubSub: deps.pubSub ?? new InProcessPubSub(),
    validate: false,
  });
}

/** The SDL committed as schema.graphql: sorted, so the file changes only when the schema does. */
export function schemaSdl(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
