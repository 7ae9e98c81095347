/** Relay connection types: a page of nodes with cursors, page info and a lazily counted total. */
import { Field, Int, ObjectType, type ClassType } from 'type-graphql';

/** Where a page sits in its list. */
@ObjectType({ description: 'Relay page info. Pages go forward only: pass endCursor as after.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'True when another page follows this one.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, {
    description: 'Always false: lists page forward only (Relay allows this).',
  })
  hasPreviousPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the first node; null on an empty page.',
  })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last node; pass it as after.',
  })
  endCursor!: string | null;
}

/**
 * The fields of a GraphQL object class as a plain object type: resolvers build answers as object
 * literals (rows plus an id), which type-graphql serialises by field, never by class instance.
 */
export type Plain<T> = { [K in keyof T]: T[K] };

/** One node and its cursor. */
export interface EdgeShape<T> {
  cursor: string;
  node: T;
}

/** What a connection resolver returns; totalCount runs its query only when a client selects it. */
export interface ConnectionShape<T> {
  edges: EdgeShape<T>[];
  nodes: T[];
  pageInfo: Plain<PageInfo>;
  totalCount: () => Promise<number>;
}

/**
 * Builds the abstract connection class of `NodeClass`; subclass it with `@ObjectType()` so the
 * GraphQL type gets its own name (`LotConnection` with edges of `LotEdge`).
 */
export function Connection<T extends object>(NodeClass: ClassType<T>, nodeName: string) {
  @ObjectType(`${nodeName}Edge`, { description: `A ${nodeName} and its cursor.` })
  class Edge {
    @Field(() => String, { description: 'Opaque position of the node; pass it as after.' })
    cursor!: string;

    @Field(() => NodeClass)
    node!: T;
  }

  @ObjectType({ description: `A page of ${nodeName} nodes.` })
  abstract class ConnectionBase implements ConnectionShape<T> {
    @Field(() => [Edge], { description: 'Nodes with their cursors.' })
    edges!: Edge[];

    @Field(() => [NodeClass], {
      description: 'The nodes of the page, without cursors (flat, for BI tools).',
    })
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    // `simple` hands the field to graphql's default resolver, which calls a function-valued
    // property: the count query runs only when totalCount is selected.
    @Field(() => Int, {
      simple: true,
      description: 'Nodes matching the filter across all pages (counted when selected).',
    })
    totalCount!: () => Promise<number>;
  }
  return ConnectionBase;
}
