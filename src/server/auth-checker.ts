/**
 * type-graphql's auth checker: `@Authorized('recall')` on a field or mutation requires a key
 * whose role grants that permission. Missing key → UNAUTHENTICATED; wrong role → FORBIDDEN.
 */
import type { AuthChecker } from 'type-graphql';
import { CodedError } from '../errors.js';
import type { RequestContext } from './context.js';
import { roleGrants, type Permission } from './roles.js';

/** Checks the request's principal against the permissions a field declares. */
export const authChecker: AuthChecker<RequestContext, Permission> = ({ context }, permissions) => {
  const principal = context.principal;
  const needed = permissions.length === 0 ? (['read'] as Permission[]) : permissions;
  if (needed.some((p) => roleGrants(principal.role, p))) return true;
  throw new CodedError(
    `the ${principal.role} role may not do this; it needs a key with permission ${needed.join(' or ')}`,
    'FORBIDDEN',
  );
};
