import { initialState, type Case } from './case';
import type { ActionArguments, ActionName, Actor, Referral } from './diversion-case.contract';
import { applyAction, startCase, validateAction } from './lifecycle';
import { DAY_MS, DEFAULT_POLICY, type Policy } from './policy';

/** A plain vandalism referral with one victim, for the unit specs of this flow (not part of the workflow bundle). */
export function sampleReferral(caseNumber: string, referralDateMs: number, chargingDeadlineDays: number): Referral {
  return {
    caseNumber,
    court: 'court',
    jurisdiction: 'county',
    chargingDeadlineMs: referralDateMs + chargingDeadlineDays * DAY_MS,
    chargesFiled: false,
    offence: { code: 'PC-594', category: 'vandalism', severity: 'misdemeanor' },
    responsiblePartyId: 'rp-1',
    victimIds: ['v-1'],
    coordinatorId: 'coord-1',
    prosecutorId: 'pros-1',
    referralDateMs,
  };
}

export const COORDINATOR: Actor = { id: 'coord-1', role: 'coordinator' };
export const PROSECUTOR: Actor = { id: 'pros-1', role: 'prosecutor' };

/** A case started at `nowMs`, as the workflow starts it, for the unit specs. */
export function startedCase(referral: Referral, nowMs: number, policy: Policy = DEFAULT_POLICY): Case {
  const c: Case = {
    referral,
    policy,
    recipientTimeZones: {},
    state: initialState(referral, policy, nowMs),
    outbox: [],
  };
  startCase(c, nowMs);
  return c;
}

/** An action's own fields, the actor and request id optional (distributes over unions such as accept | decline). */
type ActionFields<T> = T extends unknown
  ? Omit<T, 'requestId' | 'actor'> & { actor?: Actor; requestId?: string }
  : never;

let requestSeq = 0;

/** Takes an action as an update would: validated first (a rejection throws with its message), then applied. */
export function act<N extends ActionName>(
  c: Case,
  name: N,
  fields: ActionFields<ActionArguments[N]>,
  nowMs: number,
): void {
  const input = { actor: COORDINATOR, requestId: `r-${++requestSeq}`, ...fields };
  const problem = validateAction({ ...c, nowMs }, name, input);
  if (problem === 'retry') return;
  if (problem) throw new Error(problem.message);
  applyAction(c, name, input, nowMs);
}
