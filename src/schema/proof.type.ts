import { Field, ObjectType } from 'type-graphql';

/** One check of a proof verification. */
@ObjectType({ description: 'One named check of a proof verification.' })
export class ProofCheckResult {
  @Field(() => String, { description: 'Stable check name (see src/proof/README.md).' })
  name!: string;

  @Field(() => Boolean)
  ok!: boolean;

  @Field(() => String, { description: 'What was compared, or why it failed.' })
  detail!: string;
}

/** The outcome of verifyProof. */
@ObjectType({ description: "A proof bundle checked against the server's trust anchors." })
export class ProofVerificationResult {
  @Field(() => Boolean, { description: 'True only when every check passed.' })
  valid!: boolean;

  @Field(() => [ProofCheckResult], { description: 'Every check, in a stable order.' })
  checks!: ProofCheckResult[];
}
