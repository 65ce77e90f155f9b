import { addBusinessDays } from '../calendar';
import { addDue, notify, prosecutor } from '../case';
import { action, invalid, pending, type StageModule } from '../stage-module';

/** CLOSURE_REVIEW: every obligation is complete; the prosecutor approves closure (reminded after 3 business days). */
export const closureReview: StageModule = {
  stage: 'CLOSURE_REVIEW',

  enter(c, nowMs) {
    notify(c, 'closure_review_requested', prosecutor(c), 'first', nowMs);
    const remindAt = addBusinessDays(c.policy, nowMs, c.policy.deadlines.closureReviewReminderBusinessDays);
    addDue(c, 'closure_reminder', 'closure-reminder:reminder', remindAt, 'reminder');
  },

  timers: {
    closure_reminder: (c, item, nowMs) =>
      notify(c, 'closure_review_reminder', prosecutor(c), 'reminder', nowMs, {}, item.atMs),
  },

  pending: (c) => [
    pending('approveClosure', 'Approve closure: every obligation is complete', {
      dueMs: c.state.dueItems.find((d) => d.kind === 'closure_reminder')?.atMs,
    }),
  ],

  actions: [
    action(
      'approveClosure',
      (_s, input) =>
        ['charges_not_filed', 'dismissal'].includes(input.recommendation)
          ? undefined
          : invalid('recommendation', "recommendation must be 'charges_not_filed' or 'dismissal'"),
      (_c, input) => ({
        to: 'CLOSED_COMPLETED',
        event: 'closure_approved',
        actor: input.actor,
        details: { recommendation: input.recommendation },
      }),
    ),
  ],
};
