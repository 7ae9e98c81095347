/** Look-ahead into a resolver's selection set, for resolvers that can skip unrequested work. */
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * The names of the fields the operation selects at `path` below the field being resolved (e.g.
 * ['edges'] for the fields of each edge), through aliases, inline fragments and named fragments.
 * @skip and @include are not evaluated: a field under either counts as selected, which can cost
 * work but never an answer.
 */
export function selectedFields(info: GraphQLResolveInfo, path: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const field of info.fieldNodes) {
    if (field.selectionSet !== undefined) collect(field.selectionSet, path, info, names);
  }
  return names;
}

function collect(
  set: SelectionSetNode,
  path: readonly string[],
  info: GraphQLResolveInfo,
  names: Set<string>,
): void {
  const [step, ...rest] = path;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (step === undefined) names.add(selection.name.value);
      else if (selection.name.value === step && selection.selectionSet !== undefined) {
        collect(selection.selectionSet, rest, info, names);
      }
    } else {
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT ? selection : info.fragments[selection.name.value];
      if (fragment !== undefined) collect(fragment.selectionSet, path, info, names);
    }
  }
}
