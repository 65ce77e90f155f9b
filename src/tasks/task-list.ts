import type { CaseProjectionEntity } from '../cases/case-projection.entity';

export type TaskKind =
  | 'resolve_review'
  | 'decide_screening'
  | 'record_participant_response'
  | 'contact_victim'
  | 'schedule_conference'
  | 'record_conference_outcome'
  | 'record_agreement'
  | 'follow_up_overdue_obligation';

/** One thing a coordinator needs to do on a case. */
export interface Task {
  caseNumber: string;
  kind: TaskKind;
  /** When it is (or was) due; undefined when the case has no deadline for it. */
  dueMs?: number;
  overdue: boolean;
  reasonCode?: string;
  victimId?: string;
  obligationId?: string;
}

type TaskSource = Pick<
  CaseProjectionEntity,
  | 'caseNumber'
  | 'stage'
  | 'needsReview'
  | 'reviewReason'
  | 'reviewSince'
  | 'reviewObligationId'
  | 'stageDeadline'
  | 'victims'
  | 'conferenceAt'
  | 'obligations'
>;

/** What the cases need from their coordinator now: overdue first (open reviews leading), then by due date (pure). */
export function buildTaskList(cases: readonly TaskSource[], nowMs: number): Task[] {
  return cases.flatMap((c) => tasksFor(c, nowMs)).sort(compareTasks);
}

function tasksFor(c: TaskSource, nowMs: number): Task[] {
  const tasks: Task[] = [];
  const stageDue = c.stageDeadline?.getTime();
  const task = (kind: TaskKind, dueMs: number | undefined, extra: Partial<Task> = {}): Task => ({
    caseNumber: c.caseNumber,
    kind,
    ...(dueMs !== undefined ? { dueMs } : {}),
    overdue: dueMs !== undefined && dueMs < nowMs,
    ...extra,
  });
  if (c.needsReview && c.reviewReason) {
    // A review opens when a deadline has passed: it is overdue from the moment it opens.
    tasks.push({
      ...task('resolve_review', c.reviewSince?.getTime() ?? nowMs, { reasonCode: c.reviewReason }),
      overdue: true,
      ...(c.reviewObligationId ? { obligationId: c.reviewObligationId } : {}),
    });
  }
  switch (c.stage) {
    case 'SCREENING':
      tasks.push(task('decide_screening', stageDue));
      break;
    case 'PARTICIPANT_CONSENT':
      if (!c.needsReview) tasks.push(task('record_participant_response', stageDue));
      break;
    case 'VICTIM_CONSENT':
      for (const v of c.victims.filter((x) => x.answer === undefined && !x.withdrawn)) {
        tasks.push(task('contact_victim', stageDue, { victimId: v.victimId }));
      }
      break;
    case 'CONFERENCE': {
      const at = c.conferenceAt?.getTime();
      if (at === undefined) tasks.push(task('schedule_conference', stageDue));
      else if (at <= nowMs) tasks.push(task('record_conference_outcome', at));
      break;
    }
    case 'AGREEMENT':
      tasks.push(task('record_agreement', stageDue));
      break;
    case 'MONITORING':
      for (const o of c.obligations.filter((x) => !x.completed && x.dueMs < nowMs)) {
        if (o.id === c.reviewObligationId) continue;
        tasks.push(task('follow_up_overdue_obligation', o.dueMs, { obligationId: o.id }));
      }
      break;
    case 'CLOSURE_REVIEW':
    case 'CLOSED_COMPLETED':
    case 'CLOSED_RETURNED':
      break;
  }
  return tasks;
}

export function compareTasks(a: Task, b: Task): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  // An open review is the case's most pressing question: it leads the overdue work.
  const aReview = a.kind === 'resolve_review';
  if (aReview !== (b.kind === 'resolve_review')) return aReview ? -1 : 1;
  const aDue = a.dueMs ?? Number.POSITIVE_INFINITY;
  const bDue = b.dueMs ?? Number.POSITIVE_INFINITY;
  if (aDue !== bDue) return aDue < bDue ? -1 : 1;
  return a.caseNumber < b.caseNumber ? -1 : a.caseNumber > b.caseNumber ? 1 : 0;
}
