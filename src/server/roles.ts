/**
 * Roles an API key can carry and what each may do. Permissions are checked by the schema's
 * @Authorized decorators (see auth-checker.ts); a role grants its own permissions only.
 */

/** Roles of API keys. */
export const ROLES = ['reader', 'analyst', 'recall_coordinator', 'auditor', 'submitter'] as const;

/** One API key role. */
export type Role = (typeof ROLES)[number];

/** Things a field or mutation can require. */
export type Permission = 'read' | 'analytics' | 'recall' | 'proof' | 'submit';

const GRANTS: Record<Role, readonly Permission[]> = {
  reader: ['read'],
  analyst: ['read', 'analytics'],
  recall_coordinator: ['read', 'recall'],
  auditor: ['read', 'proof'],
  submitter: ['read', 'submit'],
};

/** True when `role` grants `permission`. */
export function roleGrants(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** Type guard for role names read from the database or the command line. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
