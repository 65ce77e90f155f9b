import { ACTOR_ROLES, type ActorRole } from '../../workflows/diversion-case/diversion-case.contract';

/** The roles a token may carry (docs/design.md §1): the workflow contract's one list. */
export const STAFF_ROLES = ACTOR_ROLES;
export type StaffRole = ActorRole;

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
