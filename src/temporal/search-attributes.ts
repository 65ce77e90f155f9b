/**
 * Custom search attributes the workflows set, name → Temporal type. The embedded dev server registers them at start;
 * a production namespace needs them created once (`temporal operator search-attribute create`). No personal data.
 * Keep in step with the keys in workflows/diversion-case/diversion-case.contract.ts.
 */
export const SEARCH_ATTRIBUTES: Record<string, string> = {
  CaseStage: 'Keyword',
  CoordinatorId: 'Keyword',
  NeedsReview: 'Bool',
  NextDeadline: 'Datetime',
};
