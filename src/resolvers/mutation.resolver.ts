import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Args, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import {
  InitiateRecallInput,
  RecordEmissionInput,
  RegisterLocationInput,
  RegisterProductInput,
  SubmitProductFootprintInput,
} from '../schema/mutation-inputs.type.js';
import { LedgerWriteResult, WriteOptionsArgs } from '../schema/mutation-result.type.js';
import type { RequestContext } from '../server/context.js';
import type { LedgerServices } from '../services/ledger-services.js';
import {
  prepareCapture,
  prepareCloseRecall,
  prepareEmission,
  prepareFootprint,
  prepareLocation,
  prepareProduct,
  prepareRecall,
  type PreparedMutation,
} from '../services/mutation-input.js';

const COMMON =
  " Submitted with the caller organisation's ledger identity; returns once committed (or indexed), with the records written and their proof.";

/** Mutations: each submits one ledger transaction and returns its proof. */
@Resolver()
export class MutationResolver {
  constructor(private readonly services: LedgerServices) {}

  private async write(
    ctx: RequestContext,
    mutation: PreparedMutation,
    options: WriteOptionsArgs,
  ): Promise<LedgerWriteResult> {
    const result = await this.services.submissions.execute(ctx, mutation, options);
    return Object.assign(new LedgerWriteResult(), {
      ...result,
      blockNumber: BigInt(result.blockNumber),
    });
  }

  @Authorized('submit')
  @Mutation(() => LedgerWriteResult, { description: `Captures an EPCIS 2.0 document.${COMMON}` })
  captureEvents(
    @Arg('document', () => GraphQLJSON, { description: 'EPCISDocument (JSON / JSON-LD).' })
    document: unknown,
    @Args(() => WriteOptionsArgs) options: WriteOptionsArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<LedgerWriteResult> {
    return this.write(ctx, prepareCapture(document), options);
  }

  @Authorized('submit')
  @Mutation(() => LedgerWriteResult, { description: `Registers or updates a product.${COMMON}` })
  registerProduct(
    @Arg('input', () => RegisterProductInput) input: RegisterProductInput,
    @Args(() => WriteOptionsArgs) options: WriteOptionsArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<LedgerWriteResult> {
    return this.write(ctx, prepareProduct(input), options);
  }

  @Authorized('submit')
  @Mutation(() => LedgerWriteResult, { description: `Registers or updates a location.${COMMON}` })
  registerLocation(
    @Arg('input', () => RegisterLocationInput) input: RegisterLocationInput,
    @Args(() => WriteOptionsArgs) options: WriteOptionsArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<LedgerWriteResult> {
    return this.write(ctx, prepareLocation(input), options);
  }

  @Authorized('submit')
  @Mutation(() => LedgerWriteResult, { description: `Opens a recall of lots.${COMMON}` })
  initiateRecall(
    @Arg('input', () => InitiateRecallInput) input: InitiateRecallInput,
    @Args(() => WriteOptionsArgs) options: WriteOptionsArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<LedgerWriteResult> {
    return this.write(ctx, prepareRecall(input), options);
  }

  @Authorized('submit')
  @Mutation(() => LedgerWriteResult, { description: `Closes a recall.${COMMON}` })
  closeRecall(
    @Arg('recallId', () => String) recallId: string,
    @Args(() => WriteOptionsArgs) options: WriteOptionsArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<LedgerWriteResult> {
    return this.write(ctx, prepareCloseRecall(recallId), options);
  }

  @Authorized('submit')
  @Mutation(() => LedgerWriteResult, { description: `Records a GLEC transport emission.${COMMON}` })
  recordEmission(
    @Arg('input', () => RecordEmissionInput) input: RecordEmissionInput,
    @Args(() => WriteOptionsArgs) options: WriteOptionsArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<LedgerWriteResult> {
    return this.write(ctx, prepareEmission(input), options);
  }

  @Authorized('submit')
  @Mutation(() => LedgerWriteResult, {
    description: `Submits a PACT product carbon footprint.${COMMON}`,
  })
  submitProductFootprint(
    @Arg('input', () => SubmitProductFootprintInput) input: SubmitProductFootprintInput,
    @Args(() => WriteOptionsArgs) options: WriteOptionsArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<LedgerWriteResult> {
    return this.write(ctx, prepareFootprint(input), options);
  }
}
