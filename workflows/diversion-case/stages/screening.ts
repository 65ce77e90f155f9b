import { addBusinessDays } from '../calendar';
import { coordinator, notify, setStageDeadline } from '../case';
import { action, conflict, invalid, nonEmpty, pending, type StageChange, type StageModule } from '../stage-module';

/** SCREENING: the coordinator or prosecutor accepts the referral or declines it; eligibility is shown, not decided. */
export const screening: StageModule = {
  stage: 'SCREENING',
  deadlineReview: 'SCREENING_OVERDUE',

  enter(c, nowMs) {
    setStageDeadline(c, addBusinessDays(c.policy, nowMs, c.policy.deadlines.screeningBusinessDays));
    notify(c, 'screening_requested', coordinator(c), 'referral', nowMs);
  },

  timers: {},

  pending: (c) => [
    pending('decideScreening', 'Decide screening: accept or decline the referral', {
      dueMs: c.state.stageDeadlineMs,
    }),
  ],

  actions: [
    action(
      'decideScreening',
      (s, input) => {
        if (input.decision === 'decline') {
          return nonEmpty(input.reasonCode) ? undefined : invalid('reasonCode', 'a decline needs a reasonCode');
        }
        if (input.decision !== 'accept') return invalid('decision', "decision must be 'accept' or 'decline'");
        const { eligibility } = s.state;
        if (eligibility.eligible) return undefined;
        const blocked = `the case is not eligible (${eligibility.reasons.join(', ')})`;
        if (!eligibility.overridable || !s.policy.eligibility.allowOverride) {
          return conflict(`${blocked} and the policy does not allow an override; decline it instead`);
        }
        return nonEmpty(input.overrideReason)
          ? undefined
          : invalid('overrideReason', `${blocked}: accepting it needs an overrideReason`);
      },
      (c, input): StageChange => {
        if (input.decision === 'decline') {
          return {
            to: 'CLOSED_RETURNED',
            event: 'screening_declined',
            actor: input.actor,
            details: { reasonCode: input.reasonCode },
          };
        }
        if (input.overrideReason) c.state.eligibility.overrideReason = input.overrideReason;
        return {
          to: 'PARTICIPANT_CONSENT',
          event: 'screening_accepted',
          actor: input.actor,
          details: { overridden: !c.state.eligibility.eligible },
        };
      },
    ),
  ],
};
