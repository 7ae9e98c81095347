/**
 * The ledger-facing services the resolvers use, built once per process from the environment:
 * LEDGER_ORGS_FILE (who submits as whom, see org-connections.ts), PROOF_TRUST_FILE (trust for
 * verifyProof and the policy bundles name, see trust-anchors.ts) and MUTATION_INDEXED_TIMEOUT_MS.
 * Without LEDGER_ORGS_FILE mutations and proof() answer with a coded error; without
 * PROOF_TRUST_FILE verifyProof does. LEDGER_ORGS_FILE needs PROOF_TRUST_FILE (the policy).
 */
import { ConfigError } from '../errors.js';
import type { EndorsementPolicy } from '../proof/proof-bundle.js';
import { createGatewayLedger } from './gateway-ledger.js';
import { IdempotencyService } from './idempotency.service.js';
import type { LedgerPort } from './ledger-port.js';
import { readOrgConnections } from './org-connections.js';
import { ProofService } from './proof.service.js';
import { SubmissionService } from './submission.service.js';
import { readTrustFile, type TrustConfig } from './trust-anchors.js';

/** What the mutation and proof resolvers depend on. */
export interface LedgerServices {
  submissions: SubmissionService;
  proofs: ProofService;
  /** Releases ledger connections. */
  close(): void;
}

/** Inputs for assembling the services (tests pass a stubbed ledger here). */
export interface LedgerServicesOptions {
  ledger: LedgerPort | undefined;
  trust: TrustConfig | undefined;
  /** How long INDEXED waits for the indexer; default 10 s. */
  indexedTimeoutMs?: number;
  /** A pending idempotency key untouched this long is taken over; default 120 s. */
  idempotencyStaleMs?: number;
  /** Header chain cap of proofs; default MAX_PROOF_HEADERS. */
  maxProofHeaders?: number;
  close?: () => void;
}

/** Assembles the services around a ledger port. */
export function createLedgerServices(options: LedgerServicesOptions): LedgerServices {
  // Without a trust file there is no pinned policy; bundles then name an empty MAJORITY, which
  // no verifier accepts, rather than a policy this server made up.
  const policy: EndorsementPolicy = options.trust?.policy ?? { type: 'MAJORITY', orgs: [] };
  const proofs = new ProofService(options.ledger, {
    policy,
    trust: options.trust?.trust,
    ...(options.maxProofHeaders === undefined ? {} : { maxHeaders: options.maxProofHeaders }),
  });
  const submissions = new SubmissionService(
    options.ledger,
    proofs,
    new IdempotencyService(options.idempotencyStaleMs),
    { indexedTimeoutMs: options.indexedTimeoutMs ?? 10_000 },
  );
  return { submissions, proofs, close: options.close ?? (() => undefined) };
}

function readTimeout(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.MUTATION_INDEXED_TIMEOUT_MS;
  if (raw === undefined || raw === '') return undefined;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 1 || ms > 600_000) {
    throw new ConfigError(
      `MUTATION_INDEXED_TIMEOUT_MS must be 1-600000 (milliseconds), got "${raw}"`,
    );
  }
  return ms;
}

/**
 * Builds the services from the environment for `channel` and `chaincode`.
 * @throws ConfigError when a configured file or value is malformed.
 */
export function ledgerServicesFromEnv(
  channel: string,
  chaincode: string,
  env: NodeJS.ProcessEnv = process.env,
): LedgerServices {
  const orgsFile = env.LEDGER_ORGS_FILE;
  const trustFile = env.PROOF_TRUST_FILE;
  if (orgsFile !== undefined && orgsFile !== '' && (trustFile === undefined || trustFile === '')) {
    // Mutations return proofs, and a proof names the channel's policy, which comes from there.
    throw new ConfigError(
      'LEDGER_ORGS_FILE is set but PROOF_TRUST_FILE is not: mutations need both',
    );
  }
  const ledger =
    orgsFile === undefined || orgsFile === ''
      ? undefined
      : createGatewayLedger({ channel, chaincode, orgs: readOrgConnections(orgsFile) });
  const indexedTimeoutMs = readTimeout(env);
  return createLedgerServices({
    ledger,
    trust: trustFile === undefined || trustFile === '' ? undefined : readTrustFile(trustFile),
    ...(indexedTimeoutMs === undefined ? {} : { indexedTimeoutMs }),
    close: () => ledger?.close(),
  });
}
