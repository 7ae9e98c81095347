/**
 * Validation rules that reject hostile queries before any resolver runs: too deep, too many
 * aliases, or too costly (list fields multiply the cost of what they select by their page size).
 * Token count is capped at parse time (see create-server.ts).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from 'graphql';

/** Limits applied to every operation. */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  /** Page size assumed for a list field without `first`. */
  defaultListSize: number;
}

/** Defaults sized for recall and lineage queries with nested detail. */
export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxCost: 100_000,
  defaultListSize: 50,
};

/** The error a rejected operation gets: code QUERY_TOO_COMPLEX and which limit it broke. */
export function tooComplex(
  limit: 'depth' | 'aliases' | 'cost' | 'tokens',
  message: string,
): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', limit } });
}

interface Measure {
  depth: number;
  cost: number;
  aliases: number;
}

function pageSizeArgument(
  field: FieldNode,
  variables: Record<string, unknown>,
): number | undefined {
  const arg = field.arguments?.find((a) => a.name.value === 'first' || a.name.value === 'limit');
  if (arg === undefined) return undefined;
  const value = literal(arg.value, variables);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function literal(node: ValueNode, variables: Record<string, unknown>): unknown {
  if (node.kind === Kind.INT || node.kind === Kind.FLOAT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  return undefined;
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  limits: QueryLimits;
  variables: Record<string, unknown>;
  visiting: Set<string>;
}

/**
 * Field type facts: its named composite type (if any), whether it returns many items, whether it
 * is a connection (a page of `edges`/`nodes` beside fields such as totalCount or a summary), and
 * the sizes its schema gives: a default `first`, an assumed length.
 */
function fieldInfo(parent: GraphQLCompositeType | undefined, name: string): FieldInfo {
  const none: FieldInfo = {
    type: undefined,
    many: false,
    connection: false,
    defaultSize: undefined,
    assumedSize: undefined,
  };
  if (parent === undefined || !(isObjectType(parent) || isInterfaceType(parent))) return none;
  const field = parent.getFields()[name];
  if (field === undefined) return none;
  const named = getNamedType(field.type);
  const sizeArg = field.args.find((a) => a.name === 'first' || a.name === 'limit');
  const assumed = field.extensions[ASSUMED_SIZE];
  return {
    type: isCompositeType(named) ? named : undefined,
    many: isListType(getNullableType(field.type)),
    connection: named.name.endsWith('Connection'),
    defaultSize: typeof sizeArg?.defaultValue === 'number' ? sizeArg.defaultValue : undefined,
    assumedSize: typeof assumed === 'number' ? assumed : undefined,
  };
}

/**
 * The field extension (`@Extensions({ assumedSize: n })` in the schema code) giving the length to
 * assume for a list without `first` that is small by nature, such as an event's parties, instead
 * of the default list size: the idea of `@listSize(assumedSize:)` in the GraphQL cost directive.
 */
export const ASSUMED_SIZE = 'assumedSize';

interface FieldInfo {
  type: GraphQLCompositeType | undefined;
  many: boolean;
  connection: boolean;
  /** The schema's default for the field's `first` (or `limit`), if it has one. */
  defaultSize: number | undefined;
  /** The length the schema says to assume for this list (ASSUMED_SIZE), if it says one. */
  assumedSize: number | undefined;
}

/**
 * The lists that hold a page: of a connection (edges, nodes), or of a single object that takes
 * `first` (a trace's entries). Their length is that page size.
 */
const PAGE_FIELDS = new Set(['edges', 'nodes', 'entries']);

/**
 * Depth, cost and aliases of a selection set on `parent`. `pageSize` is set when `parent` is a
 * connection or a single object taking a first (a trace): its page lists (PAGE_FIELDS) count that
 * many times, its other fields (totalCount, pageInfo, a recall's summary, a trace's state) once.
 */
function measure(
  selectionSet: SelectionSetNode,
  parent: GraphQLCompositeType | undefined,
  walk: Walk,
  pageSize?: number,
): Measure {
  const { fragments, limits, variables, visiting, schema } = walk;
  let depth = 0;
  let cost = 0;
  let aliases = 0;
  for (const selection of selectionSet.selections) {
    let inner: Measure = { depth: 0, cost: 0, aliases: 0 };
    if (selection.kind === Kind.FIELD) {
      if (selection.alias !== undefined) aliases++;
      if (selection.selectionSet !== undefined) {
        const name = selection.name.value;
        const info = fieldInfo(parent, name);
        // The page size asked for, else the schema's default for it (a trace's is 1,000).
        const size = pageSizeArgument(selection, variables) ?? info.defaultSize;
        const paged = info.connection || (!info.many && size !== undefined);
        inner = measure(
          selection.selectionSet,
          info.type,
          walk,
          paged ? (size ?? limits.defaultListSize) : undefined,
        );
        // A list multiplies what it selects by its length: a page list by its page size, another
        // list by its own first, else the size its schema assumes, else the default. A connection,
        // or a single object taking a first (a trace), counts its page size on its page lists
        // only, and itself once: multiplying a whole trace by its first would count its other
        // fields a thousand times.
        const multiplier =
          pageSize !== undefined && PAGE_FIELDS.has(name)
            ? pageSize
            : info.connection || !info.many
              ? 1
              : (size ?? info.assumedSize ?? limits.defaultListSize);
        inner = {
          depth: inner.depth + 1,
          cost: 1 + inner.cost * Math.max(1, multiplier),
          aliases: inner.aliases,
        };
      } else {
        inner = { depth: 1, cost: 1, aliases: 0 };
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition?.name.value;
      const type = on === undefined ? parent : schema.getType(on);
      inner = measure(
        selection.selectionSet,
        isCompositeType(type) ? type : undefined,
        walk,
        pageSize,
      );
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      // Cycles are reported by graphql's own NoFragmentCycles rule; we just must not loop.
      if (fragment === undefined || visiting.has(name)) continue;
      visiting.add(name);
      const type = schema.getType(fragment.typeCondition.name.value);
      inner = measure(
        fragment.selectionSet,
        isCompositeType(type) ? type : undefined,
        walk,
        pageSize,
      );
      visiting.delete(name);
    }
    depth = Math.max(depth, inner.depth);
    cost += inner.cost;
    aliases += inner.aliases;
  }
  return { depth, cost, aliases };
}

/** The default values an operation declares for its variables (`query ($n: Int = 500)`). */
function defaultsOf(operation: OperationDefinitionNode): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue !== undefined)
      defaults[definition.variable.name.value] = literal(definition.defaultValue, {});
  }
  return defaults;
}

/** The document's fragments by name. */
function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/**
 * The first limit `operation` breaks, if any. The cost is checked when the request's variables
 * are known, or when the operation declares none (its cost is then the same for every request):
 * a cost computed without the page sizes could refuse a query that is within the limit.
 */
function limitError(
  schema: GraphQLSchema,
  fragments: Map<string, FragmentDefinitionNode>,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  limits: QueryLimits,
): GraphQLError | undefined {
  const root = schema.getRootType(operation.operation);
  const walk: Walk = {
    schema,
    fragments,
    limits,
    variables: { ...defaultsOf(operation), ...(variables ?? {}) },
    visiting: new Set(),
  };
  const m = measure(operation.selectionSet, root ?? undefined, walk);
  if (m.depth > limits.maxDepth) {
    return tooComplex(
      'depth',
      `query depth ${m.depth} exceeds the maximum of ${limits.maxDepth}; split the query`,
    );
  }
  if (m.aliases > limits.maxAliases) {
    return tooComplex(
      'aliases',
      `query uses ${m.aliases} aliases, more than the maximum of ${limits.maxAliases}`,
    );
  }
  const costKnown = variables !== undefined || (operation.variableDefinitions ?? []).length === 0;
  if (costKnown && m.cost > limits.maxCost) {
    return tooComplex(
      'cost',
      `query cost ${m.cost} exceeds the maximum of ${limits.maxCost}; ask for smaller pages (first) or fewer nested lists`,
    );
  }
  return undefined;
}

/**
 * Builds the validation rule enforcing `limits`. Given a request's `variables`, a page size given
 * as a variable counts at its value. Without them (Apollo's validation, cached per document, never
 * sees them) it checks depth and aliases, and the cost of operations that declare no variables;
 * queryLimitsPlugin checks the others' cost per request.
 */
export function queryLimitsRule(
  limits: QueryLimits = DEFAULT_QUERY_LIMITS,
  variables?: Record<string, unknown>,
): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = fragmentsOf(context.getDocument());
    return {
      OperationDefinition(operation) {
        const error = limitError(context.getSchema(), fragments, operation, variables, limits);
        if (error !== undefined) context.reportError(error);
      },
    };
  };
}

/** The limits `document` breaks with `variables` (empty when within them), for any transport. */
export function limitErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  limits: QueryLimits,
): readonly GraphQLError[] {
  const fragments = fragmentsOf(document);
  return document.definitions.flatMap((definition) => {
    if (definition.kind !== Kind.OPERATION_DEFINITION) return [];
    const error = limitError(schema, fragments, definition, variables ?? {}, limits);
    return error === undefined ? [] : [error];
  });
}

/**
 * The limits as an Apollo plugin: checked once the operation is resolved, when the request's
 * variables are known (Apollo caches validation per document, so a validation rule could not see
 * them), and before anything executes. A refusal answers HTTP 400.
 */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ schema, document, operation, request }) {
          // Without variables the cost is static, and validation checked it (once per document).
          if (operation === undefined || (operation.variableDefinitions ?? []).length === 0)
            return Promise.resolve();
          const error = limitError(
            schema,
            fragmentsOf(document),
            operation,
            request.variables ?? {},
            limits,
          );
          if (error !== undefined) {
            // Apollo documents throwing from didResolveOperation as the way to refuse an operation.
            throw new GraphQLError(error.message, {
              extensions: { ...error.extensions, http: { status: 400 } },
            });
          }
          return Promise.resolve();
        },
      });
    },
  };
}
