import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreateCaseDto } from './create-case.dto';
import { RecordAgreementDto } from './record-agreement.dto';
import { DecideScreeningDto } from './decide-screening.dto';

async function problems<T extends object>(type: new () => T, body: unknown): Promise<string[]> {
  const errors = await validate(plainToInstance(type, body), { whitelist: true, forbidNonWhitelisted: true });
  const flatten = (list: typeof errors, prefix = ''): string[] =>
    list.flatMap((e) => [
      ...Object.values(e.constraints ?? {}).map((m) => `${prefix}${m}`),
      ...flatten(e.children ?? [], `${prefix}${e.property}.`),
    ]);
  return flatten(errors);
}

const validReferral = {
  caseNumber: 'DA-2026-0142',
  court: 'Alameda Superior Court',
  jurisdiction: 'Alameda County',
  chargingDeadline: '2027-06-30',
  chargesFiled: false,
  offence: { code: 'PC 594', category: 'vandalism', severity: 'misdemeanor' },
  responsibleParty: { fullName: 'Jordan Rivera', timeZone: 'America/Los_Angeles' },
  victims: [{ fullName: 'Sam Lee', email: 'sam@example.org', timeZone: 'America/New_York' }],
};

describe('CreateCaseDto', () => {
  it('accepts a complete referral', async () => {
    expect(await problems(CreateCaseDto, validReferral)).toEqual([]);
  });

  it('names every bad field, nested ones included', async () => {
    const found = await problems(CreateCaseDto, {
      ...validReferral,
      caseNumber: 'no spaces allowed',
      chargingDeadline: 'next year',
      offence: { code: 'X', category: 'Vandalism!', severity: 'petty' },
      responsibleParty: { fullName: '', timeZone: 'Mars/Olympus', phone: '555-1234' },
      victims: [{ fullName: 'Sam', timeZone: 'UTC', email: 'not-an-email' }],
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^caseNumber may use/),
        expect.stringMatching(/^chargingDeadline must be a valid ISO 8601/),
        expect.stringMatching(/^offence\.category must be lower_snake_case/),
        expect.stringMatching(/^offence\.severity must be one of/),
        expect.stringMatching(/^responsibleParty\.fullName should not be empty/),
        expect.stringMatching(/^responsibleParty\.timeZone must be an IANA time zone/),
        expect.stringMatching(/^responsibleParty\.phone must be an E\.164 number/),
        expect.stringMatching(/^victims\.0\.email must be an email/),
      ]),
    );
  });

  it('refuses properties it does not know', async () => {
    expect(await problems(CreateCaseDto, { ...validReferral, stage: 'CLOSED_COMPLETED' })).toEqual([
      'property stage should not exist',
    ]);
  });
});

describe('RecordAgreementDto', () => {
  it('requires the amount and payee of a restitution obligation and the hours of community service', async () => {
    const found = await problems(RecordAgreementDto, {
      obligations: [
        { id: 'pay', type: 'restitution', due: '2027-01-01T00:00:00Z' },
        { id: 'serve', type: 'community_service', due: '2027-01-01T00:00:00Z' },
        { id: 'letter', type: 'apology_letter', due: '2027-01-01T00:00:00Z' },
      ],
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^obligations\.0\.amountCents must be an integer/),
        expect.stringMatching(/^obligations\.0\.payee should not be empty/),
        expect.stringMatching(/^obligations\.1\.hours must be a number/),
      ]),
    );
    expect(found.some((m) => m.startsWith('obligations.2.'))).toBe(false);
  });

  it('needs at least one obligation', async () => {
    expect(await problems(RecordAgreementDto, { obligations: [] })).toEqual([
      'obligations must contain at least 1 elements',
    ]);
  });
});

describe('DecideScreeningDto', () => {
  it('requires a reason code for a decline only', async () => {
    expect(await problems(DecideScreeningDto, { decision: 'accept' })).toEqual([]);
    expect(await problems(DecideScreeningDto, { decision: 'decline' })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^reasonCode/)]),
    );
  });
});
