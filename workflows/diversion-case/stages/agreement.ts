import { newObligations, obligationsProblem } from '../agreement';
import { setStageDeadline } from '../case';
import { policyDays } from '../policy';
import { action, invalid, pending, type StageModule } from '../stage-module';

/** AGREEMENT: after the conference the coordinator records the reparative agreement (typed obligations). */
export const agreement: StageModule = {
  stage: 'AGREEMENT',
  deadlineReview: 'AGREEMENT_OVERDUE',

  enter(c, nowMs) {
    setStageDeadline(c, nowMs + policyDays(c.policy, c.policy.deadlines.agreementDaysAfterConference));
  },

  timers: {},

  pending: (c) => [pending('recordAgreement', 'Record the agreement', { dueMs: c.state.stageDeadlineMs })],

  actions: [
    action(
      'recordAgreement',
      (s, input) => {
        const problem = obligationsProblem(s.policy, input.obligations, {
          planStartMs: s.nowMs,
          nowMs: s.nowMs,
          victimIds: s.referral.victimIds,
        });
        return problem === undefined ? undefined : invalid('obligations', problem);
      },
      (c, input, nowMs) => {
        c.state.planStartMs = nowMs;
        c.state.agreements.push({
          version: 1,
          recordedAtMs: nowMs,
          recordedBy: input.actor.id,
          obligations: newObligations(input.obligations),
        });
        return {
          to: 'MONITORING',
          event: 'agreement_recorded',
          actor: input.actor,
          details: { obligations: input.obligations.length },
        };
      },
    ),
  ],
};
