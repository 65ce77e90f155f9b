/** The roles a token may carry (DESIGN.md §1). */
export const STAFF_ROLES = ['coordinator', 'prosecutor', 'clerk', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Who is calling, as the verified bearer token says. */
export interface AuthenticatedActor {
  /** The token's `sub`. */
  id: string;
  roles: StaffRole[];
  /** The court a clerk works for (`court` claim). */
  court?: string;
}

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);
}

/** The role an actor acts in for an action open to `allowed`: the first of the actor's roles that fits. */
export function actingRole(actor: AuthenticatedActor, allowed: readonly StaffRole[]): StaffRole | undefined {
  return allowed.find((role) => actor.roles.includes(role));
}
