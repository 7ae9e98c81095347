import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { ProofCheckResult, ProofVerificationResult } from '../schema/proof.type.js';
import type { RequestContext } from '../server/context.js';
import type { LedgerServices } from '../services/ledger-services.js';

/** `proof(txId)` from the ledger itself, and `verifyProof(bundle)` against configured trust. */
@Resolver()
export class ProofResolver {
  constructor(private readonly services: LedgerServices) {}

  @Authorized('proof')
  @Query(() => GraphQLJSON, {
    description:
      'ProofBundle (version 1) for a transaction, built from the block a peer serves (qscc), never from the mirror. Its header chain reaches the tip or stops 99 blocks after the transaction.',
  })
  proof(@Arg('txId', () => String) txId: string, @Ctx() ctx: RequestContext): Promise<unknown> {
    return this.services.proofs.proofFor(ctx.principal.organizationMsp, txId);
  }

  @Authorized('proof')
  @Query(() => ProofVerificationResult, {
    description:
      'Verifies a ProofBundle offline against the CA certificates this server trusts; every check is reported.',
  })
  verifyProof(@Arg('bundle', () => GraphQLJSON) bundle: unknown): ProofVerificationResult {
    const { valid, checks } = this.services.proofs.verify(bundle);
    return Object.assign(new ProofVerificationResult(), {
      valid,
      checks: checks.map((c) => Object.assign(new ProofCheckResult(), c)),
    });
  }
}
