import { coordinator, notify, prosecutor, record, type Case } from './case';
import type {
  Actor,
  Details,
  Review,
  ReviewReasonCode,
  ReviewResolution,
  ReviewSubject,
} from './diversion-case.contract';

/** Resolved reviews kept in the case state (the audit trail keeps every one). */
const RESOLVED_REVIEWS_KEPT = 200;

const sameSubject = (a: ReviewSubject, b: ReviewSubject): boolean => a.kind === b.kind && a.id === b.id;

/**
 * Opens a review, alerts whoever settles it and records `review_opened`. A review with the same reason about the
 * same thing that is still open is not opened twice.
 */
export function openReview(
  c: Case,
  reasonCode: ReviewReasonCode,
  about: ReviewSubject,
  nowMs: number,
  details: Details = {},
  assignee: Review['assignee'] = 'coordinator',
  alert = true,
): Review {
  const open = c.state.reviews.find((r) => r.reasonCode === reasonCode && sameSubject(r.about, about));
  if (open) return open;
  c.state.reviewSeq += 1;
  const review: Review = {
    id: `R${c.state.reviewSeq}`,
    reasonCode,
    about,
    sinceMs: nowMs,
    stage: c.state.stage,
    assignee,
    details,
  };
  c.state.reviews.push(review);
  const facts: Details = { reviewId: review.id, reasonCode, about: `${about.kind}:${about.id}`, ...details };
  record(c, 'review_opened', nowMs, undefined, facts);
  if (!alert) return review;
  const to = assignee === 'prosecutor' ? prosecutor(c) : coordinator(c);
  notify(c, assignee === 'prosecutor' ? 'return_requested' : 'review_opened', to, review.id, nowMs, facts);
  return review;
}

/** Settles one open review and records `review_resolved`; does nothing when it is no longer open. */
export function resolveReview(
  c: Case,
  reviewId: string,
  resolution: ReviewResolution,
  nowMs: number,
  by?: Actor,
  reason?: string,
): void {
  const review = c.state.reviews.find((r) => r.id === reviewId);
  if (!review) return;
  c.state.reviews = c.state.reviews.filter((r) => r.id !== reviewId);
  c.state.resolvedReviews.push({
    ...review,
    resolvedAtMs: nowMs,
    resolution,
    ...(by ? { resolvedBy: by } : {}),
    ...(reason ? { reason } : {}),
  });
  if (c.state.resolvedReviews.length > RESOLVED_REVIEWS_KEPT) c.state.resolvedReviews.shift();
  const details: Details = { reviewId, reasonCode: review.reasonCode, resolution };
  if (reason) details.reason = reason;
  record(c, 'review_resolved', nowMs, by, details);
}

/** Settles every open review that `matches`, each with its own event. */
export function resolveReviews(
  c: Case,
  matches: (review: Review) => boolean,
  resolution: ReviewResolution,
  nowMs: number,
  by?: Actor,
): void {
  for (const review of c.state.reviews.filter(matches)) resolveReview(c, review.id, resolution, nowMs, by);
}

/** Whether an open review is about `about`. */
export const isAbout =
  (kind: ReviewSubject['kind'], id?: string) =>
  (review: Review): boolean =>
    review.about.kind === kind && (id === undefined || review.about.id === id);

export function findReview(c: Pick<Case, 'state'>, reviewId: unknown): Review | undefined {
  return c.state.reviews.find((r) => r.id === reviewId);
}
