import type { GraphQLResolveInfo } from 'graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Info, Int, Query, Resolver } from 'type-graphql';
import {
  EDGE_END_FIELDS,
  findLineage,
  type LineageDirection as Direction,
} from '../db/lineage.queries.js';
import { depthArg, identifierArg } from '../schema/lineage.args.js';
import { LineageDirection } from '../schema/lineage.enums.js';
import { Lineage } from '../schema/lineage.type.js';
import type { RequestContext } from '../server/context.js';
import { selectedFields } from './selection.js';

// Edge fields an answer without provenance has; selecting any other edge field (including one
// added later) fetches the provenance too.
const EDGE_ENDS = new Set<string>([...EDGE_END_FIELDS, '__typename']);

/** `lineage`: the graph around one identifier, in one recursive query per direction. */
@Resolver()
export class LineageResolver {
  @Authorized('read')
  @Query(() => Lineage, {
    description:
      'Nodes and edges around an EPC or lot class. Without asOf every edge ever recorded is followed, but only along paths that existed at one time (a unit unpacked before its case went onto a pallet does not reach the pallet); with asOf, only edges valid at that instant.',
  })
  async lineage(
    @Ctx() ctx: RequestContext,
    @Arg('of', () => String, { description: 'EPC URN or lgtin class URN.' }) of: string,
    @Arg('direction', () => LineageDirection, { defaultValue: 'BOTH' }) direction: Direction,
    @Arg('maxDepth', () => Int, { defaultValue: 10, description: 'Hops from the root, 1 to 50.' })
    maxDepth: number,
    @Info() info: GraphQLResolveInfo,
    @Arg('asOf', () => GraphQLDateTime, { nullable: true }) asOf?: Date | null,
  ): Promise<Lineage> {
    const root = identifierArg(of, 'of');
    return findLineage(ctx.db, {
      root,
      direction,
      maxDepth: depthArg(maxDepth),
      asOf: asOf ?? undefined,
      // Kinds cost a few index probes per node, provenance most of the answer's bulk: both only
      // when the operation asks for them.
      withKinds: selectedFields(info, ['nodes']).has('kind'),
      withProvenance: [...selectedFields(info, ['edges'])].some((name) => !EDGE_ENDS.has(name)),
    });
  }
}
