import { ACTION_ROUTES } from '../cases/case-action-table';
import { safeNext } from './controllers/sign-in.controller';
import { FORM_BODIES, routeRow, rowForAction, utcIso, validatedBody } from './action-forms';
import { referralBody } from './referral-form';
import { timeLeft, words } from './views/format';

describe('workspace forms', () => {
  it('has a form for every action route, each mapped by the route table', () => {
    expect(Object.keys(FORM_BODIES).sort()).toEqual(ACTION_ROUTES.map((row) => row.name).sort());
    expect(rowForAction('rescheduleConference')).toBe('conference');
    expect(rowForAction('requestReturn')).toBe('returnCase');
    expect(rowForAction('returnToProsecution')).toBe('returnCase');
  });

  it('turns typed fields into the JSON body the API takes: dollars to cents, UTC times, ticked boxes', () => {
    expect(FORM_BODIES.progress({ amount: '12.50' })).toEqual({ amountCents: 1250 });
    expect(FORM_BODIES.participantResponse({ response: 'accept', acknowledgesResponsibility: 'yes' })).toEqual({
      response: 'accept',
      acknowledgesResponsibility: true,
    });
    expect(FORM_BODIES.conference({ at: '2026-12-03T14:05', location: ' Room 2 ' })).toEqual({
      at: '2026-12-03T14:05:00.000Z',
      location: 'Room 2',
    });
    expect(
      FORM_BODIES.agreement({ 'o1-type': 'restitution', 'o1-due': '2027-01-02', 'o1-amount': '$150', 'o2-type': '' }),
    ).toEqual({
      obligations: [
        {
          id: 'restitution-1',
          type: 'restitution',
          due: '2027-01-02T23:59:00.000Z',
          amountCents: 15_000,
          payee: 'community',
        },
      ],
    });
    expect(utcIso('next tuesday')).toBe('next tuesday');
  });

  it("refuses a bad form with the API's own validation messages", async () => {
    const row = routeRow('returnCase');
    if (!row) throw new Error('no returnCase row');
    await expect(validatedBody(row, FORM_BODIES.returnCase({ reasonCode: 'not a code' }))).rejects.toMatchObject({
      response: { message: ['reasonCode must be an UPPER_SNAKE_CASE code'] },
    });
  });

  it('builds the referral body the API validates, with no victim when none is named', () => {
    const body = referralBody({ caseNumber: 'A-1', rpName: 'Jordan', chargingDeadline: '2027-01-02' });
    expect(body).toMatchObject({ caseNumber: 'A-1', chargingDeadline: '2027-01-02T23:59:00.000Z', victims: [] });
    expect(body.responsibleParty).toMatchObject({ fullName: 'Jordan', timeZone: 'America/Los_Angeles' });
  });

  it('returns after sign-in only to a workspace path', () => {
    expect(safeNext('/app/cases/A-1')).toBe('/app/cases/A-1');
    expect(safeNext('//evil.example/app')).toBe('/app');
    expect(safeNext('https://evil.example/app')).toBe('/app');
    expect(safeNext('/application')).toBe('/app');
  });

  it('puts codes into words', () => {
    expect(words('PARTICIPANT_CONSENT')).toBe('Participant consent');
    expect(words('approveClosure')).toBe('Approve closure');
  });

  it('says how long is left in the largest whole unit', () => {
    expect(timeLeft(3 * 86_400_000 + 5, 0)).toBe('in 3 days');
    expect(timeLeft(0, 2 * 3_600_000)).toBe('2 hours ago');
    expect(timeLeft(60_000, 0)).toBe('in 1 minute');
  });
});
