import type { Case } from './case';
import {
  ACTION_ROLES,
  type ActionArguments,
  type ActionName,
  type Actor,
  type CaseStage,
  type Details,
  type DueItem,
  type DueItemKind,
  type PendingAction,
  type ReviewReasonCode,
} from './diversion-case.contract';

/** What a validator sees: the case as it stands at workflow time `nowMs`. */
export type ValidationState = Pick<Case, 'referral' | 'policy' | 'state'> & { nowMs: number };

/**
 * Why an action cannot be taken: `conflict` when the case's stage or state does not allow it, `invalid` when one of
 * its fields is wrong (the field is named).
 */
export type Problem = { kind: 'conflict'; message: string } | { kind: 'invalid'; field: string; message: string };

export const conflict = (message: string): Problem => ({ kind: 'conflict', message });
export const invalid = (field: string, message: string): Problem => ({ kind: 'invalid', field, message });

/** A move to another stage, as an action asks for it; the lifecycle carries it out and records `event`. */
export interface StageChange {
  to: CaseStage;
  /** The audit event recording the move ('screening_accepted', 'returned_to_prosecution', ...). */
  event: string;
  actor?: Actor;
  details?: Details;
  /** A return's note for the return notice (free text, never in an SMS). */
  note?: string;
  /** The stage left (set by the lifecycle as it moves the case). */
  from?: CaseStage;
}

/** One action a stage accepts: its own check (after the common ones) and what it does. */
export interface ActionDefinition<N extends ActionName = ActionName> {
  name: N;
  validate(s: ValidationState, input: ActionArguments[N]): Problem | undefined;
  apply(c: Case, input: ActionArguments[N], nowMs: number): StageChange | undefined;
}

export function action<N extends ActionName>(
  name: N,
  validate: (s: ValidationState, input: ActionArguments[N]) => Problem | undefined,
  apply: (c: Case, input: ActionArguments[N], nowMs: number) => StageChange | undefined,
): ActionDefinition<N> {
  return { name, validate, apply };
}

/** A timer of a stage firing: a reminder, an alert, or a review. */
export type Timer = (c: Case, item: DueItem, nowMs: number) => void;

/**
 * Everything about one stage: what entering it does, its deadline's review, its timers, what it waits for and the
 * actions it accepts. docs/design.md §2's table reads from these modules one to one.
 */
export interface StageModule {
  stage: CaseStage;
  /** What entering the stage does: its deadline, its messages, its timers. `change` is how the case got here. */
  enter(c: Case, nowMs: number, change: StageChange): void;
  /** The review the stage's deadline opens when it passes (stages without a deadline have none). */
  deadlineReview?: ReviewReasonCode;
  /** The timers the stage keeps; leaving the stage drops them. */
  timers: Partial<Record<DueItemKind, Timer>>;
  /** What the stage waits for people to do. */
  pending(c: Case, nowMs: number): PendingAction[];
  /** The actions the stage accepts (besides those every open stage accepts). */
  actions: readonly ActionDefinition[];
}

/** A pending action with its roles from ACTION_ROLES. */
export function pending(
  name: ActionName,
  label: string,
  extra: Omit<PendingAction, 'action' | 'label' | 'roles'> = {},
): PendingAction {
  return { action: name, label, roles: ACTION_ROLES[name], ...extra };
}

export function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/** A required free-text field of at most `max` characters. */
export function textProblem(field: string, value: unknown, max: number, what: string): Problem | undefined {
  if (!nonEmpty(value)) return invalid(field, what);
  return value.length > max ? invalid(field, `${field} is at most ${max} characters`) : undefined;
}
