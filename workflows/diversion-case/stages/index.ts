import type { CaseStage } from '../diversion-case.contract';
import type { StageModule } from '../stage-module';
import { agreement } from './agreement';
import { closedCompleted, closedReturned } from './closed';
import { closureReview } from './closure-review';
import { conference } from './conference';
import { monitoring } from './monitoring';
import { participantConsent } from './participant-consent';
import { screening } from './screening';
import { victimConsent } from './victim-consent';

export { caseWideActions, caseWideTimers, deliveryFailed } from './case-wide';

/** Every stage's module, by stage: the lifecycle, the update handlers and the view read them. */
export const STAGES: Readonly<Record<CaseStage, StageModule>> = {
  SCREENING: screening,
  PARTICIPANT_CONSENT: participantConsent,
  VICTIM_CONSENT: victimConsent,
  CONFERENCE: conference,
  AGREEMENT: agreement,
  MONITORING: monitoring,
  CLOSURE_REVIEW: closureReview,
  CLOSED_COMPLETED: closedCompleted,
  CLOSED_RETURNED: closedReturned,
};
