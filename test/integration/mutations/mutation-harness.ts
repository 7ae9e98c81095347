/**
 * Runs GraphQL operations against the real schema (no HTTP) over a real Postgres database, with
 * whatever LedgerPort the test supplies. Not a test file.
 */
import { graphql, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/db/database.js';
import { buildApiSchema } from '../../../src/schema/build-schema.js';
import type { Principal } from '../../../src/server/api-keys.js';
import type { RequestContext } from '../../../src/server/context.js';
import {
  createLedgerServices,
  type LedgerServicesOptions,
} from '../../../src/services/ledger-services.js';
import type { LedgerPort } from '../../../src/services/ledger-port.js';
import { getTestFabric } from '../../support/fabric-identities.js';

/** A submitter of the manufacturer. */
export const SUBMITTER: Principal = {
  keyId: '00000000-0000-4000-8000-000000000001',
  name: 'submitter',
  role: 'submitter',
  organizationMsp: 'ManufacturerMSP',
};

/** A minimal EPCIS 2.0 capture document with `n` ObjectEvents. */
export function captureDocument(tag: string, n = 1): Record<string, unknown> {
  return {
    '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: '2026-01-01T00:00:00Z',
    epcisBody: {
      eventList: Array.from({ length: n }, (_, i) => ({
        type: 'ObjectEvent',
        eventID: `ni:///${tag}-${i}`,
        eventTime: '2026-01-01T00:00:00Z',
        eventTimeZoneOffset: '+00:00',
        action: 'ADD',
        bizStep: 'commissioning',
        epcList: [`urn:epc:id:sgtin:0614141.107346.${tag}${i}`],
      })),
    },
  };
}

/** The capture mutation with the fields tests look at. */
export const CAPTURE = `mutation ($doc: JSON!, $key: String, $c: WriteConsistency) {
  captureEvents(document: $doc, idempotencyKey: $key, consistency: $c) {
    txId blockNumber validationCode records proof
  }
}`;

/** A schema over `ledger` and a runner with a principal. */
export interface MutationHarness {
  schema: GraphQLSchema;
  run(
    source: string,
    variables?: Record<string, unknown>,
    principal?: Principal,
  ): Promise<ExecutionResult<any>>;
}

/** Builds the harness; trust is the dev identities' CAs with the devnet policy pinned. */
export async function mutationHarness(
  db: Kysely<Database>,
  ledger: LedgerPort | undefined,
  options: Partial<LedgerServicesOptions> = {},
): Promise<MutationHarness> {
  const fabric = await getTestFabric();
  const services = createLedgerServices({
    ledger,
    trust: {
      trust: { caCertificatesPem: fabric.ids.caCertificatesByMsp, policy: fabric.policy },
      policy: fabric.policy,
    },
    ...options,
  });
  const schema = await buildApiSchema({ channel: fabric.channel, ledger: services });
  return {
    schema,
    run: (source, variables = {}, principal = SUBMITTER) => {
      const contextValue: RequestContext = { requestId: 'test', principal, db, loaders: new Map() };
      return graphql({ schema, source, variableValues: variables, contextValue });
    },
  };
}

/** Rows of idempotency_keys, for assertions. */
export async function idempotencyRows(
  db: Kysely<Database>,
): Promise<Array<Record<string, unknown>>> {
  return db
    .withTables<{ idempotency_keys: Record<string, unknown> }>()
    .selectFrom('idempotency_keys')
    .selectAll()
    .execute();
}
