import type { CaseProjectionEntity } from '../cases/case-projection.entity';
import type { ActionName, ReviewSubject } from '../../workflows/diversion-case/diversion-case.contract';

/** A task settles a review, or takes one of the actions a case's stage waits for. */
export type TaskKind = 'resolve_review' | ActionName;

/** Whose list a task is on. */
export type TaskRole = 'coordinator' | 'prosecutor';

/** One thing a coordinator (or prosecutor) needs to do on a case. */
export interface Task {
  caseNumber: string;
  kind: TaskKind;
  /** What to do, in words. */
  label: string;
  /** When it is (or was) due; undefined when the case has no deadline for it. */
  dueMs?: number;
  overdue: boolean;
  /** For a review: its id and reason. */
  reviewId?: string;
  reasonCode?: string;
  /** The participant, obligation or message it concerns. */
  about?: ReviewSubject;
}

export type TaskSource = Pick<CaseProjectionEntity, 'caseNumber' | 'stage' | 'reviews' | 'pendingActions'>;

/**
 * What the cases need from a person in `role` now, from the reviews and pending actions the workflow sent with the
 * cases' last events: overdue first (open reviews leading), then by due date (pure).
 */
export function buildTaskList(cases: readonly TaskSource[], role: TaskRole, nowMs: number): Task[] {
  return cases.flatMap((c) => tasksFor(c, role, nowMs)).sort(compareTasks);
}

const sameSubject = (a: ReviewSubject | undefined, b: ReviewSubject): boolean =>
  a !== undefined && a.kind === b.kind && a.id === b.id;

/** A review's reason in words: OBLIGATION_OVERDUE → "obligation overdue". */
const reasonInWords = (reasonCode: string): string => reasonCode.toLowerCase().replace(/_/g, ' ');

function tasksFor(c: TaskSource, role: TaskRole, nowMs: number): Task[] {
  const reviews = c.reviews.filter((r) => r.assignee === role);
  const tasks: Task[] = reviews.map((r) => ({
    caseNumber: c.caseNumber,
    kind: 'resolve_review',
    label: `Settle review ${r.id}: ${reasonInWords(r.reasonCode)}`,
    // A review opens when something is late or has failed: it is overdue from the moment it opens.
    dueMs: r.sinceMs,
    overdue: true,
    reviewId: r.id,
    reasonCode: r.reasonCode,
    about: r.about,
  }));
  for (const p of c.pendingActions) {
    if (!p.roles.includes(role)) continue;
    if (p.listFromMs !== undefined && p.listFromMs > nowMs) continue;
    // The review about the same obligation or victim already asks for it.
    if (c.reviews.some((r) => sameSubject(p.about, r.about))) continue;
    tasks.push({
      caseNumber: c.caseNumber,
      kind: p.action,
      label: p.label,
      ...(p.dueMs !== undefined ? { dueMs: p.dueMs } : {}),
      overdue: p.dueMs !== undefined && p.dueMs < nowMs,
      ...(p.reviewId ? { reviewId: p.reviewId } : {}),
      ...(p.about ? { about: p.about } : {}),
    });
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
