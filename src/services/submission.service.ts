/**
 * Mutations: submit one contract call as the caller's organisation, wait for commit, read what
 * the transaction wrote from its block, prove it, optionally wait for the indexer, and make the
 * whole thing idempotent per key. Never writes business tables: the indexer is their only writer.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { IdempotencyScope } from '../db/idempotency.queries.js';
import {
  CodedError,
  LedgerRejectedError,
  LedgerUnavailableError,
  NotFoundError,
} from '../errors.js';
import type { ProofBundle } from '../proof/proof-bundle.js';
import type { Principal } from '../server/api-keys.js';
import { committedRecords } from './committed-records.js';
import {
  assertIdempotencyKey,
  requestHash,
  type IdempotencyService,
} from './idempotency.service.js';
import { waitUntilIndexed } from './indexer-wait.js';
import type { LedgerPort } from './ledger-port.js';
import type { PreparedMutation } from './mutation-input.js';
import type { ProofService } from './proof.service.js';
import { IndexerWaitTimeoutError } from './service-errors.js';

/** COMMITTED: return once the block is committed; INDEXED: once the mirror holds it too. */
export type WriteConsistency = 'COMMITTED' | 'INDEXED';

/** What every mutation returns, JSON-safe (block number as a decimal string) for replays. */
export interface WriteResult {
  txId: string;
  blockNumber: string;
  validationCode: number;
  /** The LedgerPayload records the transaction wrote. */
  records: unknown[];
  proof: ProofBundle;
}

/** Who asks and where the idempotency keys live. */
export interface WriteContext {
  db: Kysely<Database>;
  principal: Principal;
}

/** Per-call options. */
export interface WriteOptions {
  consistency: WriteConsistency;
  idempotencyKey?: string | null;
}

/** Service settings. */
export interface SubmissionSettings {
  /** How long INDEXED waits for the indexer. */
  indexedTimeoutMs: number;
  /** First poll interval of that wait. */
  indexedPollMs?: number;
}

// Failures after which the ledger provably holds nothing new, so the key may be used again.
function wroteNothing(error: unknown): boolean {
  return (
    error instanceof LedgerRejectedError ||
    error instanceof LedgerUnavailableError ||
    (error instanceof CodedError && (error.code === 'BAD_USER_INPUT' || error.code === 'FORBIDDEN'))
  );
}

/** Runs mutations against the ledger. */
export class SubmissionService {
  constructor(
    private readonly ledger: LedgerPort | undefined,
    private readonly proofs: ProofService,
    private readonly idempotency: IdempotencyService,
    private readonly settings: SubmissionSettings,
  ) {}

  /**
   * Submits `mutation` for `ctx.principal`, or replays the stored result of its idempotency key.
   * @throws BadUserInputError, NoLedgerIdentityError, IdempotencyKeyInProgressError,
   * LedgerRejectedError, LedgerUnavailableError, LedgerOutcomeUnknownError, IndexerWaitTimeoutError
   */
  async execute(
    ctx: WriteContext,
    mutation: PreparedMutation,
    options: WriteOptions,
  ): Promise<WriteResult> {
    const ledger = this.ledger;
    if (ledger === undefined) {
      throw new LedgerUnavailableError(
        'no ledger connection is configured on this server (LEDGER_ORGS_FILE); nothing was written',
      );
    }
    const key = options.idempotencyKey ?? undefined;
    let result: WriteResult;
    if (key === undefined) {
      result = await this.submit(ledger, ctx, mutation, undefined);
    } else {
      assertIdempotencyKey(key);
      const scope = { principalKeyId: ctx.principal.keyId, key };
      const hash = requestHash(mutation.operation, mutation.input);
      const claim = await this.idempotency.claim(ctx.db, scope, hash);
      if (claim.kind === 'replay') result = claim.response as WriteResult;
      else if (claim.kind === 'orphan')
        result = await this.recover(ledger, ctx, mutation, scope, claim.txId);
      else result = await this.submit(ledger, ctx, mutation, scope);
    }
    if (options.consistency === 'INDEXED') {
      await this.waitIndexed(ctx.db, ledger.channel, result, key !== undefined);
    }
    return result;
  }

  private async submit(
    ledger: LedgerPort,
    ctx: WriteContext,
    mutation: PreparedMutation,
    scope: IdempotencyScope | undefined,
  ): Promise<WriteResult> {
    const msp = ctx.principal.organizationMsp;
    // An object, not a let: TypeScript does not see assignments made inside the callback.
    const progress = { sent: false };
    let committed;
    try {
      committed = await ledger.submit(msp, mutation.call, {
        beforeSend: async (txId) => {
          if (scope !== undefined) await this.idempotency.progress(ctx.db, scope, txId);
          progress.sent = true;
        },
      });
    } catch (error) {
      // Unknown outcomes keep the key pending with its txId: a later retry asks the ledger.
      if (scope !== undefined && (!progress.sent || wroteNothing(error))) {
        await this.idempotency.release(ctx.db, scope);
      }
      throw error;
    }
    if (scope === undefined) return this.resultOf(ledger, msp, committed.txId);
    // Committed: from here on the key is never released, whatever fails next.
    await this.idempotency.progress(ctx.db, scope, committed.txId, committed.blockNumber);
    const result = await this.resultOf(ledger, msp, committed.txId);
    return (await this.idempotency.complete(ctx.db, scope, result)) as WriteResult;
  }

  // A key whose owner died after sending: finish from the ledger if that transaction committed.
  private async recover(
    ledger: LedgerPort,
    ctx: WriteContext,
    mutation: PreparedMutation,
    scope: IdempotencyScope,
    txId: string,
  ): Promise<WriteResult> {
    const msp = ctx.principal.organizationMsp;
    let raw: Uint8Array;
    try {
      raw = await ledger.reader(msp).blockByTxId(txId);
    } catch (error) {
      if (error instanceof NotFoundError) return this.submit(ledger, ctx, mutation, scope);
      throw error;
    }
    if (committedRecords(raw, txId).validationCode !== 0) {
      return this.submit(ledger, ctx, mutation, scope);
    }
    const result = await this.resultOf(ledger, msp, txId, raw);
    return (await this.idempotency.complete(ctx.db, scope, result)) as WriteResult;
  }

  private async resultOf(
    ledger: LedgerPort,
    msp: string,
    txId: string,
    knownBlock?: Uint8Array,
  ): Promise<WriteResult> {
    const reader = ledger.reader(msp);
    const raw = knownBlock ?? (await reader.blockByTxId(txId));
    const { validationCode, records } = committedRecords(raw, txId);
    const proof = await this.proofs.bundleFromBlock(reader, raw, txId);
    return { txId, blockNumber: proof.blockNumber, validationCode, records, proof };
  }

  private async waitIndexed(
    db: Kysely<Database>,
    channel: string,
    result: WriteResult,
    withKey: boolean,
  ): Promise<void> {
    const block = BigInt(result.blockNumber);
    const { indexedTimeoutMs, indexedPollMs } = this.settings;
    const indexed = await waitUntilIndexed(db, channel, block, {
      timeoutMs: indexedTimeoutMs,
      ...(indexedPollMs === undefined ? {} : { intervalMs: indexedPollMs }),
    });
    if (!indexed) throw new IndexerWaitTimeoutError(result.txId, block, indexedTimeoutMs, withKey);
  }
}
