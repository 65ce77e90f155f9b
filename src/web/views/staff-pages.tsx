import type { VNode } from 'preact';
import type { CaseProjectionEntity } from '../../cases/case-projection.entity';
import type { NoticeSummary } from '../../notices/notice.types';
import type { Task } from '../../tasks/task-list';
import { CASE_STAGES } from '../../../workflows/diversion-case/diversion-case.contract';
import { SelectField, TextField } from './action-form';
import { timeLeft, when, words } from './format';
import { Alert, Csrf, Layout, type PageContext } from './layout';

export interface SignInChoice {
  id: string;
  name: string;
  roles: readonly string[];
  court?: string;
}

/** Development: pick one of the seeded staff. Production: the organisation's OpenID Connect sign-in. */
export function SignInPage(props: {
  ctx: PageContext;
  csrf: string;
  devStaff: readonly SignInChoice[] | undefined;
  oidc: boolean;
  next: string;
  error?: string;
}): VNode {
  return (
    <Layout ctx={props.ctx} title="Sign in">
      {props.error ? <Alert type="error">{props.error}</Alert> : null}
      {props.oidc ? (
        <p>
          <a class="usa-button" href={`/app/sign-in/oidc?next=${encodeURIComponent(props.next)}`}>
            Sign in with your organisation
          </a>
        </p>
      ) : null}
      {props.devStaff ? (
        <form method="post" action="/app/sign-in" class="usa-form">
          <Csrf token={props.csrf} />
          <input type="hidden" name="next" value={props.next} />
          <fieldset class="usa-fieldset">
            <legend class="usa-legend usa-legend--large">Development sign-in: choose a seeded member of staff</legend>
            {props.devStaff.map((staff, index) => (
              <div class="usa-radio" key={staff.id}>
                <input
                  class="usa-radio__input usa-radio__input--tile"
                  id={`staff-${staff.id}`}
                  type="radio"
                  name="staff"
                  value={staff.id}
                  required={index === 0}
                />
                <label class="usa-radio__label" for={`staff-${staff.id}`}>
                  {staff.name}
                  <span class="usa-checkbox__label-description">
                    {staff.roles.join(', ')}
                    {staff.court ? ` · ${staff.court}` : ''}
                  </span>
                </label>
              </div>
            ))}
          </fieldset>
          <button class="usa-button" type="submit">
            Sign in
          </button>
        </form>
      ) : null}
      {!props.oidc && !props.devStaff ? (
        <Alert type="error">Sign-in is not configured on this server (set WEB_OIDC_ISSUER).</Alert>
      ) : null}
    </Layout>
  );
}

function TaskTable(props: { tasks: readonly Task[]; nowMs: number; caption: string }): VNode {
  if (props.tasks.length === 0) return <p>None waiting.</p>;
  return (
    <div class="usa-table-container--scrollable" tabIndex={0}>
      <table class="usa-table usa-table--stacked workspace-table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Case</th>
            <th scope="col">What to do</th>
            <th scope="col">Reason</th>
            <th scope="col">Due</th>
          </tr>
        </thead>
        <tbody>
          {props.tasks.map((task) => (
            <tr key={`${task.caseNumber}-${task.kind}-${task.reviewId ?? task.about?.id ?? ''}`}>
              <th scope="row" data-label="Case">
                <a
                  href={`/app/cases/${encodeURIComponent(task.caseNumber)}${task.reviewId ? `#review-${task.reviewId}` : ''}`}
                >
                  {task.caseNumber}
                </a>
              </th>
              <td data-label="What to do">{task.label}</td>
              <td data-label="Reason">{task.reasonCode ? words(task.reasonCode) : words(task.kind)}</td>
              <td data-label="Due">
                {task.overdue ? <span class="usa-tag workspace-tag--overdue">Overdue</span> : null}{' '}
                {task.dueMs !== undefined ? `${when(task.dueMs)} (${timeLeft(task.dueMs, props.nowMs)})` : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** How many tasks the Today page lists; the counts cover all of them. */
export const TODAY_ROWS = 100;

/** The coordinator's day: their tasks, overdue first, with counts over all of them. */
export function TodayPage(props: { ctx: PageContext; tasks: readonly Task[]; nowMs: number }): VNode {
  const shown = props.tasks.slice(0, TODAY_ROWS);
  const overdue = props.tasks.filter((t) => t.overdue).length;
  const reviews = props.tasks.filter((t) => t.kind === 'resolve_review').length;
  return (
    <Layout ctx={props.ctx} title="Today">
      <ul class="usa-card-group workspace-counts">
        {(
          [
            ['Tasks', props.tasks.length],
            ['Overdue', overdue],
            ['Open reviews', reviews],
          ] as const
        ).map(([label, count]) => (
          <li class="usa-card tablet:grid-col-4" key={label}>
            <div class="usa-card__container">
              <div class="usa-card__body">
                <p class="workspace-count">
                  <span class="workspace-count__number">{count}</span> {label}
                </p>
              </div>
            </div>
          </li>
        ))}
      </ul>
      <TaskTable
        tasks={shown}
        nowMs={props.nowMs}
        caption={
          shown.length < props.tasks.length
            ? `Your tasks, overdue first: the first ${shown.length} of ${props.tasks.length}`
            : 'Your tasks, overdue first'
        }
      />
    </Layout>
  );
}

/** What is waiting for a prosecutor: closure approvals and return requests. */
export function ProsecutorPage(props: { ctx: PageContext; tasks: readonly Task[]; nowMs: number }): VNode {
  const closures = props.tasks.filter((t) => t.kind === 'approveClosure');
  const returns = props.tasks.filter((t) => t.reasonCode === 'RETURN_REQUESTED');
  const other = props.tasks.filter((t) => !closures.includes(t) && !returns.includes(t));
  return (
    <Layout ctx={props.ctx} title="Waiting for me">
      <h2>Closure approvals ({closures.length})</h2>
      <TaskTable tasks={closures} nowMs={props.nowMs} caption="Cases whose plan is complete, waiting for approval" />
      <h2>Return requests ({returns.length})</h2>
      <TaskTable tasks={returns} nowMs={props.nowMs} caption="Coordinators asking to return a case to prosecution" />
      {other.length > 0 ? (
        <>
          <h2>Other ({other.length})</h2>
          <TaskTable tasks={other} nowMs={props.nowMs} caption="Other tasks on your cases" />
        </>
      ) : null}
    </Layout>
  );
}

export interface CaseFilters {
  stage?: string;
  needsReview?: string;
  coordinatorId?: string;
  search?: string;
  page: number;
}

/** The case list with its filters (a GET form, so a filtered list is a link) and paging. */
export function CasesPage(props: {
  ctx: PageContext;
  rows: readonly CaseProjectionEntity[];
  filters: CaseFilters;
  hasNext: boolean;
  canFilterCoordinator: boolean;
}): VNode {
  const { filters } = props;
  const query = (page: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...filters, page: String(page) })) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    return `/app/cases?${params.toString()}`;
  };
  return (
    <Layout ctx={props.ctx} title="Cases">
      <form method="get" action="/app/cases" class="usa-form usa-form--large workspace-filters" role="search">
        <SelectField
          id="filter-stage"
          name="stage"
          label="Stage"
          value={filters.stage}
          options={[['', 'Any stage'], ...CASE_STAGES.map((s): readonly [string, string] => [s, words(s)])]}
        />
        <SelectField
          id="filter-review"
          name="needsReview"
          label="Needs review"
          value={filters.needsReview}
          options={[
            ['', 'Either'],
            ['true', 'Needs review'],
            ['false', 'No open review'],
          ]}
        />
        {props.canFilterCoordinator ? (
          <TextField
            id="filter-coordinator"
            name="coordinatorId"
            label="Coordinator id"
            value={filters.coordinatorId}
          />
        ) : null}
        <TextField id="filter-search" name="search" label="Case number contains" value={filters.search} />
        <button class="usa-button" type="submit">
          Filter
        </button>
      </form>
      <div class="usa-table-container--scrollable" tabIndex={0}>
        <table class="usa-table usa-table--stacked workspace-table">
          <caption>
            Cases, page {filters.page} ({props.rows.length} shown)
          </caption>
          <thead>
            <tr>
              <th scope="col">Case</th>
              <th scope="col">Stage</th>
              <th scope="col">Reviews</th>
              <th scope="col">Next deadline</th>
              <th scope="col">Coordinator</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <tr key={row.caseNumber}>
                <th scope="row" data-label="Case">
                  <a href={`/app/cases/${encodeURIComponent(row.caseNumber)}`}>{row.caseNumber}</a>
                </th>
                <td data-label="Stage">{words(row.stage)}</td>
                <td data-label="Reviews">
                  {row.reviews.length > 0 ? (
                    <span class="usa-tag workspace-tag--overdue">{row.reviews.length} open</span>
                  ) : (
                    'none'
                  )}
                </td>
                <td data-label="Next deadline">{when(row.nextDeadline)}</td>
                <td data-label="Coordinator">{row.coordinatorId}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pages of cases" class="usa-pagination">
        <ul class="usa-pagination__list">
          {filters.page > 1 ? (
            <li class="usa-pagination__item usa-pagination__arrow">
              <a href={query(filters.page - 1)} class="usa-pagination__link usa-pagination__previous-page">
                <span class="usa-pagination__link-text">Previous page</span>
              </a>
            </li>
          ) : null}
          <li class="usa-pagination__item usa-pagination__page-no">
            <span class="usa-pagination__button usa-current" aria-current="page">
              {filters.page}
            </span>
          </li>
          {props.hasNext ? (
            <li class="usa-pagination__item usa-pagination__arrow">
              <a href={query(filters.page + 1)} class="usa-pagination__link usa-pagination__next-page">
                <span class="usa-pagination__link-text">Next page</span>
              </a>
            </li>
          ) : null}
        </ul>
      </nav>
    </Layout>
  );
}

/** The clerk's inbox: notices of their court, the selected one's PDF in the page, acknowledge. */
export function ClerkPage(props: {
  ctx: PageContext;
  court: string;
  notices: readonly NoticeSummary[];
  selected: NoticeSummary | undefined;
  done?: boolean;
}): VNode {
  const session = props.ctx.session;
  return (
    <Layout ctx={props.ctx} title={`Notices for ${props.court}`}>
      {props.done ? <Alert type="success">Receipt acknowledged.</Alert> : null}
      <div class="grid-row grid-gap-lg">
        <div class="tablet:grid-col-5">
          <ul class="usa-list usa-list--unstyled workspace-notices">
            {props.notices.map((n) => (
              <li key={n.id}>
                <a href={`/app/clerk?notice=${n.id}`} aria-current={props.selected?.id === n.id ? 'true' : undefined}>
                  {words(n.kind)} notice, case {n.caseNumber}
                </a>{' '}
                {n.acknowledgedAt ? (
                  <span class="usa-tag">acknowledged</span>
                ) : (
                  <span class="usa-tag workspace-tag--overdue">new</span>
                )}
                <br />
                <span class="usa-hint">received {when(n.createdAt)}</span>
              </li>
            ))}
          </ul>
          {props.notices.length === 0 ? <p>No notices for your court.</p> : null}
        </div>
        <div class="tablet:grid-col-7">
          {props.selected ? (
            <section aria-labelledby="notice-heading">
              <h2 id="notice-heading">
                {words(props.selected.kind)} notice, case {props.selected.caseNumber}
              </h2>
              <p>SHA-256 {props.selected.sha256}</p>
              {props.selected.acknowledgedAt ? (
                <p>
                  Acknowledged by {props.selected.acknowledgedBy} at {when(props.selected.acknowledgedAt)}.
                </p>
              ) : session ? (
                <form method="post" action={`/app/clerk/notices/${props.selected.id}/acknowledge`}>
                  <Csrf token={session.csrf} />
                  <button class="usa-button" type="submit">
                    Acknowledge receipt
                  </button>
                </form>
              ) : null}
              <iframe
                class="workspace-pdf"
                title={`PDF of the ${props.selected.kind} notice for case ${props.selected.caseNumber}`}
                src={`/app/clerk/notices/${props.selected.id}/document`}
              ></iframe>
              <p>
                <a href={`/app/clerk/notices/${props.selected.id}/document`}>Open the PDF</a>
              </p>
            </section>
          ) : (
            <p>Choose a notice to read it.</p>
          )}
        </div>
      </div>
    </Layout>
  );
}
