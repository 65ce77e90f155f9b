import type { VNode } from 'preact';
import type { CaseEventEntity } from '../../audit/case-event.entity';
import type { AuthenticatedActor } from '../../auth/auth.types';
import type {
  CaseResponseDto,
  ObligationResponseDto,
  PendingActionDto,
  ReviewDto,
} from '../../cases/dto/case-response.dto';
import type { NotificationLogEntity } from '../../notifications/notification-log.entity';
import type { ParticipantEntity } from '../../participants/participant.entity';
import { CASE_STAGES, OPEN_STAGES, type CaseStage } from '../../../workflows/diversion-case/diversion-case.contract';
import { rowForAction } from '../action-forms';
import {
  ActionForm,
  Checkbox,
  ObligationRows,
  Radios,
  SelectField,
  TextField,
  VICTIM_OPTIONS,
  type FormErrors,
  type FormProps,
} from './action-form';
import { dollars, timeLeft, when, words } from './format';
import { Alert, Csrf, Layout, type PageContext } from './layout';

export interface CasePageData {
  view: CaseResponseDto;
  court: string | null;
  events: readonly CaseEventEntity[];
  messages: readonly NotificationLogEntity[];
  /** Present only after an audited "show contact details". */
  participants?: readonly ParticipantEntity[];
  errors: FormErrors;
  done?: string;
  nowMs: number;
}

const hasRole = (actor: AuthenticatedActor, roles: readonly string[]) =>
  roles.some((role) => (actor.roles as readonly string[]).includes(role));

/** The stage stepper: every open stage in order, then how the case closed. */
function StageStepper({ stage }: { stage: CaseStage }): VNode {
  const index = (OPEN_STAGES as readonly string[]).indexOf(stage);
  const closed = index < 0;
  const steps: CaseStage[] = [...OPEN_STAGES, stage === 'CLOSED_RETURNED' ? 'CLOSED_RETURNED' : 'CLOSED_COMPLETED'];
  return (
    <div class="usa-step-indicator usa-step-indicator--counters-sm" aria-label="Case stages">
      <ol class="usa-step-indicator__segments">
        {steps.map((step, i) => {
          const current = step === stage;
          const complete = closed ? !current : i < index;
          const state = current
            ? ' usa-step-indicator__segment--current'
            : complete
              ? ' usa-step-indicator__segment--complete'
              : '';
          return (
            <li key={step} class={`usa-step-indicator__segment${state}`} aria-current={current ? 'step' : undefined}>
              <span class="usa-step-indicator__segment-label">
                {words(step)}
                {!current ? <span class="usa-sr-only">{complete ? ' completed' : ' not completed'}</span> : null}
              </span>
            </li>
          );
        })}
      </ol>
      <div class="usa-step-indicator__header">
        <h2 class="usa-step-indicator__heading">
          <span class="usa-step-indicator__heading-text">Stage: {words(stage)}</span>
        </h2>
      </div>
    </div>
  );
}

function Deadlines({ view, nowMs }: { view: CaseResponseDto; nowMs: number }): VNode {
  const rows = [
    ...(view.stageDeadline ? [{ kind: 'Stage deadline', at: view.stageDeadline }] : []),
    { kind: 'Charging deadline', at: view.chargingDeadline },
    ...view.deadlines
      .filter((d) => d.kind !== 'stage_deadline' && d.kind !== 'charging_deadline')
      .map((d) => ({ kind: words(d.kind), at: d.at })),
  ];
  return (
    <section aria-labelledby="deadlines-heading">
      <h2 id="deadlines-heading">Deadlines</h2>
      <ul class="usa-list usa-list--unstyled">
        {rows.map((row) => {
          const at = Date.parse(row.at);
          return (
            <li key={`${row.kind}-${row.at}`}>
              <strong>{row.kind}:</strong> {when(at)} —{' '}
              <span class={at < nowMs ? 'usa-tag workspace-tag--overdue' : 'usa-tag'}>{timeLeft(at, nowMs)}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The ways a person in `actor`'s role may settle one open review. */
function ReviewActions(props: {
  review: ReviewDto;
  view: CaseResponseDto;
  actor: AuthenticatedActor;
  form: FormProps;
}) {
  const { review, view, actor, form } = props;
  const accepts = (name: string) => (view.acceptedActions as readonly string[]).includes(name);
  const key = `review-${review.id}`;
  const forms: VNode[] = [];
  if (review.reasonCode === 'RETURN_REQUESTED' && hasRole(actor, ['prosecutor'])) {
    forms.push(
      <ActionForm
        form={form}
        action="returnCase"
        formKey={`${key}-return`}
        legend="Return to prosecution"
        submit="Return the case"
      >
        <TextField
          id={`${key}-return-code`}
          name="reasonCode"
          label="Reason code"
          required
          hint="UPPER_SNAKE_CASE, e.g. NONCOMPLIANCE"
          value={String(review.details.reasonCode ?? '')}
        />
        <TextField id={`${key}-return-note`} name="note" label="Note (optional)" />
      </ActionForm>,
      <ActionForm
        form={form}
        action="reviewDismissal"
        formKey={`${key}-decline`}
        legend="Decline the return request"
        params={{ reviewId: review.id }}
        submit="Decline"
        secondary
      >
        <TextField id={`${key}-decline-reason`} name="reason" label="Reason" required />
      </ActionForm>,
    );
    return forms;
  }
  if (!hasRole(actor, ['coordinator']) || review.assignee !== 'coordinator') return forms;
  if (review.about.kind === 'deadline' && accepts('extendDeadline')) {
    forms.push(
      <ActionForm
        form={form}
        action="deadlineExtension"
        formKey={`${key}-extend`}
        legend="Extend the deadline"
        params={{ reviewId: review.id }}
        submit="Extend"
      >
        <TextField
          id={`${key}-extend-at`}
          name="newDeadline"
          label="New deadline (UTC)"
          type="datetime-local"
          required
        />
        <TextField id={`${key}-extend-reason`} name="reason" label="Reason" required />
      </ActionForm>,
    );
  }
  if (review.about.kind === 'obligation' && accepts('extendObligation')) {
    forms.push(
      <ActionForm
        form={form}
        action="obligationExtension"
        formKey={`${key}-obligation`}
        legend="Extend the obligation"
        params={{ obligationId: review.about.id }}
        submit="Extend"
      >
        <TextField id={`${key}-obligation-due`} name="newDue" label="New due date" type="date" required />
        <TextField id={`${key}-obligation-reason`} name="reason" label="Reason" required />
      </ActionForm>,
    );
  }
  if (accepts('dismissReview')) {
    forms.push(
      <ActionForm
        form={form}
        action="reviewDismissal"
        formKey={`${key}-dismiss`}
        legend="Dismiss the review"
        params={{ reviewId: review.id }}
        submit="Dismiss"
        secondary
      >
        <TextField id={`${key}-dismiss-reason`} name="reason" label="Reason" required />
      </ActionForm>,
    );
  }
  if (accepts('requestReturn')) {
    forms.push(
      <ActionForm
        form={form}
        action="returnCase"
        formKey={`${key}-request`}
        legend="Ask the prosecutor to return the case"
        params={{ reviewId: review.id }}
        submit="Request a return"
        secondary
      >
        <TextField
          id={`${key}-request-code`}
          name="reasonCode"
          label="Reason code"
          required
          hint="UPPER_SNAKE_CASE, e.g. NONCOMPLIANCE"
        />
      </ActionForm>,
    );
  }
  return forms;
}

function Reviews(props: { view: CaseResponseDto; actor: AuthenticatedActor; form: FormProps; nowMs: number }): VNode {
  return (
    <section aria-labelledby="reviews-heading">
      <h2 id="reviews-heading">Open reviews ({props.view.reviews.length})</h2>
      {props.view.reviews.length === 0 ? <p>No open reviews.</p> : null}
      {props.view.reviews.map((review) => (
        <div class="usa-summary-box workspace-review" key={review.id} id={`review-${review.id}`}>
          <div class="usa-summary-box__body">
            <h3 class="usa-summary-box__heading">
              {review.id}: {words(review.reasonCode)}
            </h3>
            <p>
              About {words(review.about.kind)} {review.about.id}; open since {when(review.since)} (
              {timeLeft(Date.parse(review.since), props.nowMs)}); for the {review.assignee}.
            </p>
            <ReviewActions review={review} view={props.view} actor={props.actor} form={props.form} />
          </div>
        </div>
      ))}
    </section>
  );
}

function obligationOf(view: CaseResponseDto, id: string | undefined): ObligationResponseDto | undefined {
  return view.agreement?.obligations.find((o) => o.id === id);
}

/** The form for one pending action, with the fields its route takes. */
function PendingForm(props: { pending: PendingActionDto; view: CaseResponseDto; form: FormProps }): VNode | null {
  const { pending, view, form } = props;
  const action = rowForAction(pending.action);
  const id = `pending-${pending.action}-${pending.about?.id ?? 'case'}`;
  const common = { form, formKey: id, legend: pending.label };
  switch (action) {
    case 'screening':
      return (
        <ActionForm {...common} action="screening" submit="Record the screening decision">
          <Radios
            id={`${id}-decision`}
            name="decision"
            options={[
              ['accept', 'Accept into the program'],
              ['decline', 'Decline'],
            ]}
          />
          <TextField id={`${id}-reason`} name="reasonCode" label="Reason code (when declining)" />
          <TextField
            id={`${id}-override`}
            name="overrideReason"
            label="Override reason (when accepting an excluded referral)"
          />
        </ActionForm>
      );
    case 'participantResponse':
      return (
        <ActionForm {...common} action="participantResponse" submit="Record the response">
          <Radios
            id={`${id}-response`}
            name="response"
            options={[
              ['accept', 'Accepts the invitation'],
              ['decline', 'Declines'],
            ]}
          />
          <Checkbox id={`${id}-ack`} name="acknowledgesResponsibility" label="Acknowledges responsibility" />
        </ActionForm>
      );
    case 'victimResponse':
      return (
        <ActionForm
          {...common}
          action="victimResponse"
          params={{ victimId: pending.about?.id ?? '' }}
          submit="Record the victim's response"
        >
          <SelectField id={`${id}-response`} name="response" label="Response" options={VICTIM_OPTIONS} required />
        </ActionForm>
      );
    case 'conference':
      return (
        <ActionForm
          {...common}
          action="conference"
          submit={view.conference.at ? 'Move the conference' : 'Schedule the conference'}
        >
          <TextField id={`${id}-at`} name="at" label="Date and time (UTC)" type="datetime-local" step="1" required />
          <TextField id={`${id}-location`} name="location" label="Location" value={view.conference.location} />
          {view.conference.at ? (
            <TextField id={`${id}-reason`} name="reasonCode" label="Reason code for moving it" />
          ) : null}
        </ActionForm>
      );
    case 'conferenceOutcome':
      return (
        <ActionForm {...common} action="conferenceOutcome" submit="Record the outcome">
          <SelectField
            id={`${id}-outcome`}
            name="outcome"
            label="Outcome"
            options={[
              ['held', 'Held'],
              ['no_show', 'No-show'],
              ['cancelled', 'Cancelled'],
            ]}
            required
          />
        </ActionForm>
      );
    case 'agreement':
      return (
        <ActionForm
          {...common}
          action="agreement"
          submit={view.agreement ? 'Amend the agreement' : 'Record the agreement'}
        >
          <ObligationRows prefix={id} current={view.agreement?.obligations} />
          {view.agreement ? <TextField id={`${id}-reason`} name="reason" label="Reason for the amendment" /> : null}
        </ActionForm>
      );
    case 'progress': {
      const obligation = obligationOf(view, pending.about?.id);
      if (!obligation) return null;
      return (
        <ActionForm {...common} action="progress" params={{ obligationId: obligation.id }} submit="Record progress">
          {obligation.type === 'restitution' ? (
            <TextField id={`${id}-amount`} name="amount" label="Payment in dollars" required />
          ) : null}
          {obligation.type === 'community_service' ? (
            <TextField id={`${id}-hours`} name="hours" label="Hours worked" required />
          ) : null}
          {obligation.type !== 'restitution' && obligation.type !== 'community_service' ? (
            <Checkbox id={`${id}-completed`} name="completed" label="Completed" />
          ) : null}
        </ActionForm>
      );
    }
    case 'closureApproval':
      return (
        <ActionForm {...common} action="closureApproval" submit="Approve closure">
          <SelectField
            id={`${id}-recommendation`}
            name="recommendation"
            label="Recommendation"
            options={[
              ['charges_not_filed', 'Charges not filed'],
              ['dismissal', 'Move to dismiss'],
            ]}
            required
          />
        </ActionForm>
      );
    default:
      // Reviews, extensions and returns have their own forms beside each review.
      return null;
  }
}

function PendingActions(props: { view: CaseResponseDto; actor: AuthenticatedActor; form: FormProps; nowMs: number }) {
  const mine = props.view.pendingActions.filter((p) => hasRole(props.actor, p.roles));
  return (
    <section aria-labelledby="pending-heading">
      <h2 id="pending-heading">What the case waits for</h2>
      {props.view.pendingActions.length === 0 ? <p>Nothing is pending.</p> : null}
      <ul class="usa-list">
        {props.view.pendingActions.map((p) => (
          <li key={`${p.action}-${p.about?.id ?? ''}`}>
            {p.label} ({p.roles.join(' or ')})
            {p.due ? ` — due ${when(p.due)}, ${timeLeft(Date.parse(p.due), props.nowMs)}` : ''}
          </li>
        ))}
      </ul>
      {mine.map((p) => (
        <PendingForm key={`${p.action}-${p.about?.id ?? ''}`} pending={p} view={props.view} form={props.form} />
      ))}
    </section>
  );
}

function Obligations({ view }: { view: CaseResponseDto }): VNode | null {
  if (!view.agreement) return null;
  return (
    <section aria-labelledby="obligations-heading">
      <h2 id="obligations-heading">Obligations (agreement version {view.agreement.version})</h2>
      <ul class="usa-list usa-list--unstyled">
        {view.agreement.obligations.map((o) => {
          const [done, total, text] =
            o.type === 'restitution'
              ? [o.paidCents, o.amountCents ?? 0, `${dollars(o.paidCents)} paid of ${dollars(o.amountCents ?? 0)}`]
              : o.type === 'community_service'
                ? [o.hoursLogged, o.hours ?? 0, `${o.hoursLogged} of ${o.hours ?? 0} hours logged`]
                : [o.completed ? 1 : 0, 1, o.completed ? 'completed' : 'not yet completed'];
          const barId = `progress-${o.id}`;
          return (
            <li key={o.id} class="workspace-obligation">
              <label for={barId}>
                <strong>{words(o.type)}</strong> ({o.id}), due {when(o.due)}: {text}
                {o.completed ? ' ✓' : ''}
              </label>
              <progress id={barId} max={Math.max(total, 1)} value={Math.min(done, Math.max(total, 1))}>
                {text}
              </progress>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Messages({ messages }: { messages: readonly NotificationLogEntity[] }): VNode {
  return (
    <section aria-labelledby="messages-heading">
      <h2 id="messages-heading">Messages sent ({messages.length})</h2>
      <div class="usa-table-container--scrollable" tabIndex={0}>
        <table class="usa-table usa-table--borderless usa-table--compact">
          <caption class="usa-sr-only">Every message for this case with its delivery status</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">To</th>
              <th scope="col">Channel</th>
              <th scope="col">Status</th>
              <th scope="col">Sent</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.id}>
                <td>{words(m.event)}</td>
                <td>{words(m.recipientRole)}</td>
                <td>{m.channel}</td>
                <td>
                  {m.status}
                  {m.providerStatus ? ` (${m.providerStatus})` : ''}
                </td>
                <td>{when(m.sentAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Timeline({ events }: { events: readonly CaseEventEntity[] }): VNode {
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Audit timeline ({events.length})</h2>
      <ol class="usa-process-list workspace-timeline">
        {events.map((e) => (
          <li class="usa-process-list__item" key={e.id}>
            <p class="usa-process-list__heading">{words(e.type)}</p>
            <p>
              {when(e.occurredAt)} by {e.actorId} ({e.actorRole})
              {e.stageFrom && e.stageTo && e.stageFrom !== e.stageTo
                ? `: ${words(e.stageFrom)} → ${words(e.stageTo)}`
                : ''}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}

function Participants(props: { data: CasePageData; csrf: string; actor: AuthenticatedActor }): VNode | null {
  if (!hasRole(props.actor, ['coordinator', 'admin'])) return null;
  const caseNumber = props.data.view.caseNumber;
  return (
    <section aria-labelledby="participants-heading">
      <h2 id="participants-heading">Participants</h2>
      {props.data.participants ? (
        <>
          <p>This view of contact details was recorded in the audit trail.</p>
          <ul class="usa-list">
            {props.data.participants.map((p) => (
              <li key={p.id}>
                <strong>{p.fullName}</strong> ({words(p.role)}) — {p.email ?? 'no email'}, {p.phone ?? 'no phone'};
                prefers {p.preferredChannels.join(' and ') || 'no channel'}, {p.timeZone}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <form method="post" action={`/app/cases/${encodeURIComponent(caseNumber)}/participants`}>
          <Csrf token={props.csrf} />
          <p>Names and contact details are shown on request; each showing is recorded in the audit trail.</p>
          <button class="usa-button usa-button--outline" type="submit">
            Show contact details
          </button>
        </form>
      )}
    </section>
  );
}

function OtherActions(props: { view: CaseResponseDto; actor: AuthenticatedActor; form: FormProps }): VNode | null {
  const { view, actor, form } = props;
  const accepts = (name: string) => (view.acceptedActions as readonly string[]).includes(name);
  const forms: VNode[] = [];
  if (hasRole(actor, ['coordinator']) && accepts('addNote')) {
    forms.push(
      <ActionForm form={form} action="note" formKey="other-note" legend="Add a note" submit="Add note" secondary>
        <TextField id="other-note-text" name="text" label="Note (ids, not names or contact details)" required />
      </ActionForm>,
    );
  }
  if (hasRole(actor, ['coordinator']) && accepts('requestReturn')) {
    forms.push(
      <ActionForm
        form={form}
        action="returnCase"
        formKey="other-request-return"
        legend="Ask the prosecutor to return the case"
        submit="Request a return"
        secondary
      >
        <TextField id="other-request-code" name="reasonCode" label="Reason code" required hint="UPPER_SNAKE_CASE" />
        <TextField id="other-request-note" name="note" label="Note (optional)" />
      </ActionForm>,
    );
  }
  if (hasRole(actor, ['prosecutor']) && accepts('returnToProsecution')) {
    forms.push(
      <ActionForm
        form={form}
        action="returnCase"
        formKey="other-return"
        legend="Return the case to prosecution"
        submit="Return the case"
        secondary
      >
        <TextField id="other-return-code" name="reasonCode" label="Reason code" required hint="UPPER_SNAKE_CASE" />
        <TextField id="other-return-note" name="note" label="Note (optional)" />
      </ActionForm>,
    );
  }
  if (hasRole(actor, ['admin']) && accepts('reassignCoordinator')) {
    forms.push(
      <ActionForm
        form={form}
        action="assignment"
        formKey="other-assignment"
        legend="Hand the case to another coordinator"
        submit="Reassign"
      >
        <TextField
          id="other-assignment-to"
          name="coordinatorId"
          label="Coordinator id"
          required
          value={view.coordinatorId}
        />
        <TextField id="other-assignment-reason" name="reason" label="Reason" required />
      </ActionForm>,
    );
  }
  if (forms.length === 0) return null;
  return (
    <section aria-labelledby="other-heading">
      <h2 id="other-heading">Other actions</h2>
      {forms}
    </section>
  );
}

/** Everything about one case on one page, and every action the signed-in person may take on it. */
export function CasePage(props: { ctx: PageContext; data: CasePageData }): VNode {
  const session = props.ctx.session;
  const { data } = props;
  const { view } = data;
  if (!session) throw new Error('the case page needs a session');
  const form: FormProps = { caseNumber: view.caseNumber, csrf: session.csrf, errors: data.errors };
  const errorCount = Object.keys(data.errors).length;
  return (
    <Layout ctx={props.ctx} title={`Case ${view.caseNumber}`}>
      {errorCount > 0 ? (
        <Alert type="error" heading="The action was not recorded">
          {Object.entries(data.errors).map(([key, messages]) => (
            <a key={key} href={`#${key}`}>
              {messages.join(' ')}
            </a>
          ))}
        </Alert>
      ) : null}
      {data.done ? <Alert type="success">Recorded: {words(data.done)}.</Alert> : null}
      <p class="usa-intro">
        {words(view.offenceCategory)} · {data.court ?? 'no court'} · coordinator {view.coordinatorId} · prosecutor{' '}
        {view.prosecutorId}
        {view.closeReasonCode ? ` · closed: ${words(view.closeReasonCode)}` : ''}
      </p>
      <StageStepper stage={CASE_STAGES.includes(view.stage) ? view.stage : 'SCREENING'} />
      {!view.eligibility.eligible ? (
        <Alert type="warning" heading="Eligibility">
          {view.eligibility.explanations.join(' ')}
        </Alert>
      ) : null}
      <div class="grid-row grid-gap-lg">
        <div class="tablet:grid-col-7">
          <Reviews view={view} actor={session.actor} form={form} nowMs={data.nowMs} />
          <PendingActions view={view} actor={session.actor} form={form} nowMs={data.nowMs} />
          <Obligations view={view} />
          <OtherActions view={view} actor={session.actor} form={form} />
        </div>
        <div class="tablet:grid-col-5">
          <Deadlines view={view} nowMs={data.nowMs} />
          <Participants data={data} csrf={session.csrf} actor={session.actor} />
          <Messages messages={data.messages} />
          <Timeline events={data.events} />
        </div>
      </div>
    </Layout>
  );
}
