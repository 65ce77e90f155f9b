import {
  applyDeliveryFailure,
  applyScreening,
  fireDueItems,
  hasDeferredSms,
  initialState,
  nextWakeMs,
  obligationSummary,
  applyAgreement,
  applyClosureApproval,
  startCase,
  type Case,
} from './case-transitions';
import type { NotifyRequest } from './diversion-case.contract';
import type { Actor, Referral } from './diversion-case.contract';
import { sampleReferral } from './referral.fixture';
import { DAY_MS, DEFAULT_POLICY } from './policy';

// 03:00 in Los Angeles (the default policy's zone): inside quiet hours.
const NIGHT = Date.UTC(2026, 2, 3, 11);
const NINE_AM = Date.UTC(2026, 2, 3, 17);
const actor: Actor = { id: 'coord-1', role: 'coordinator' };
let seq = 0;
const base = () => ({ requestId: `d-${++seq}`, actor });

const referral: Referral = sampleReferral('D-1', NIGHT, 300);

function newCase(): Case {
  const c: Case = {
    referral,
    policy: DEFAULT_POLICY,
    recipientTimeZones: {},
    state: initialState(referral, DEFAULT_POLICY, NIGHT),
    outbox: [],
  };
  startCase(c, NIGHT);
  return c;
}

const requests = (c: Case, event: string): NotifyRequest[] =>
  c.outbox.flatMap((e) => (e.kind === 'notify' && e.request.event === event ? [e.request] : []));

describe('delivery transitions: quiet hours and refused messages', () => {
  it('emails at once and holds the SMS of a message due in quiet hours until 09:00 recipient time', () => {
    const c = newCase();
    applyScreening(c, { ...base(), decision: 'accept' }, NIGHT);

    expect(requests(c, 'program_invitation').map((r) => r.channels)).toEqual([['email']]);
    expect(c.state.deferredSms).toEqual([
      expect.objectContaining({ atMs: NINE_AM, key: 'D-1:program_invitation:rp-1:first' }),
    ]);
    expect(nextWakeMs(c)).toBe(NINE_AM);

    c.outbox = [];
    fireDueItems(c, NINE_AM - 1);
    expect(requests(c, 'program_invitation')).toEqual([]);
    fireDueItems(c, NINE_AM);
    expect(requests(c, 'program_invitation')).toEqual([
      expect.objectContaining({ key: 'D-1:program_invitation:rp-1:first', channels: ['sms'], notBeforeMs: NINE_AM }),
    ]);
    expect(hasDeferredSms(c)).toBe(false);
  });

  it('drops held reminders when the case closes but keeps the outcome texts', () => {
    const c = newCase();
    c.state.deferredSms = [
      {
        atMs: NINE_AM,
        key: 'D-1:invitation_reminder:rp-1:3d',
        event: 'invitation_reminder',
        recipient: { id: 'rp-1', role: 'responsible_party' },
        data: {},
      },
    ];
    c.state.stage = 'CLOSURE_REVIEW';
    applyClosureApproval(
      c,
      { ...base(), actor: { id: 'pros-1', role: 'prosecutor' }, recommendation: 'dismissal' },
      NIGHT,
    );
    expect(c.state.deferredSms?.map((d) => [d.event, d.recipient.id])).toEqual([
      ['case_outcome', 'rp-1'],
      ['case_outcome', 'v-1'],
    ]);
  });

  it('opens a DELIVERY_FAILED review for a refused message, and only alerts when another review is open', () => {
    const c = newCase();
    applyScreening(c, { ...base(), decision: 'accept' }, NIGHT);
    const invitation = requests(c, 'program_invitation')[0]!;
    c.outbox = [];

    applyDeliveryFailure(c, invitation, 'PermanentDeliveryFailure', NIGHT + 1);
    expect(c.state.review).toMatchObject({ reasonCode: 'DELIVERY_FAILED', stage: 'PARTICIPANT_CONSENT' });
    expect(c.state.history.at(-2)).toMatchObject({ type: 'DELIVERY_FAILED', details: { recipientId: 'rp-1' } });
    expect(requests(c, 'review_opened').map((r) => r.recipient.id)).toEqual(['coord-1']);

    c.outbox = [];
    applyDeliveryFailure(c, invitation, 'PermanentDeliveryFailure', NIGHT + 2);
    expect(requests(c, 'delivery_failed').map((r) => r.data.key)).toEqual([invitation.key]);
    const toCoordinator = requests(c, 'delivery_failed')[0]!;
    c.outbox = [];
    applyDeliveryFailure(c, toCoordinator, 'PermanentDeliveryFailure', NIGHT + 3);
    expect(requests(c, 'delivery_failed')).toEqual([]);
  });

  it('summarises the open obligations of an agreement copy as codes and times, never the payee', () => {
    const c = newCase();
    c.state.stage = 'AGREEMENT';
    applyAgreement(
      c,
      {
        ...base(),
        obligations: [
          { id: 'pay', type: 'restitution', amountCents: 5000, payee: 'v-1', dueMs: NIGHT + 30 * DAY_MS },
          { id: 'cs', type: 'community_service', hours: 12, dueMs: NIGHT + 40 * DAY_MS },
        ],
      },
      NIGHT,
    );
    expect(obligationSummary(c)).toBe(
      `restitution:${NIGHT + 30 * DAY_MS}:5000,community_service:${NIGHT + 40 * DAY_MS}:12`,
    );
    expect(requests(c, 'agreement_copy')[0]?.data.obligations).toBe(obligationSummary(c));
  });
});
