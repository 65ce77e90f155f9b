import type { CreateCaseDto } from '../cases/dto/create-case.dto';
import type { ParticipantInputDto } from '../cases/dto/participant-input.dto';
import { assessEligibility, type EligibilityResult } from '../../workflows/diversion-case/eligibility';
import { DEFAULT_POLICY } from '../../workflows/diversion-case/policy';
import { endOfDayIso, field, opt, type Form } from './action-forms';
import type { Demographics } from '../participants/participant.types';

/** The referral form's fields, by name, as typed back into the form when it is shown again. */
export type ReferralValues = Readonly<Record<string, string>>;

export const REFERRAL_FIELDS = [
  'caseNumber',
  'court',
  'jurisdiction',
  'chargingDeadline',
  'chargesFiled',
  'offenceCode',
  'offenceCategory',
  'offenceSeverity',
  'coordinatorId',
  'prosecutorId',
  'priorDiversionDate',
  'rpName',
  'rpEmail',
  'rpPhone',
  'rpTimeZone',
  'rpAgeGroup',
  'rpGender',
  'rpRaceEthnicity',
  'victimName',
  'victimEmail',
  'victimPhone',
  'victimTimeZone',
] as const;

export function referralValues(form: Form): ReferralValues {
  return Object.fromEntries(REFERRAL_FIELDS.map((name) => [name, field(form, name) ?? '']));
}

function person(f: Form, prefix: 'rp' | 'victim'): Partial<ParticipantInputDto> {
  // Any value is passed on as given: the API's own pipe refuses one outside DEMOGRAPHIC_VALUES, with its message.
  const demographics: Record<keyof Demographics, string | undefined> = {
    ageGroup: prefix === 'rp' ? field(f, 'rpAgeGroup') : undefined,
    gender: prefix === 'rp' ? field(f, 'rpGender') : undefined,
    raceEthnicity: prefix === 'rp' ? field(f, 'rpRaceEthnicity') : undefined,
  };
  for (const key of Object.keys(demographics) as Array<keyof Demographics>) {
    if (!demographics[key]) delete demographics[key];
  }
  return {
    fullName: field(f, `${prefix}Name`) ?? '',
    timeZone: field(f, `${prefix}TimeZone`) ?? 'America/Los_Angeles',
    ...opt<ParticipantInputDto>('email', field(f, `${prefix}Email`)),
    ...opt<ParticipantInputDto>('phone', field(f, `${prefix}Phone`)),
    ...(Object.keys(demographics).length > 0 ? { demographics: demographics as Demographics } : {}),
  };
}

/** The form → POST /cases body (typed against CreateCaseDto), validated afterwards by the API's own pipe. */
export function referralBody(f: Form): Partial<CreateCaseDto> {
  const victim = person(f, 'victim');
  return {
    caseNumber: field(f, 'caseNumber') ?? '',
    court: field(f, 'court') ?? '',
    jurisdiction: field(f, 'jurisdiction') ?? '',
    chargingDeadline: endOfDayIso(field(f, 'chargingDeadline')) ?? '',
    chargesFiled: field(f, 'chargesFiled') === 'yes',
    offence: {
      code: field(f, 'offenceCode') ?? '',
      category: field(f, 'offenceCategory') ?? '',
      severity: (field(f, 'offenceSeverity') ?? 'misdemeanor') as CreateCaseDto['offence']['severity'],
    },
    ...opt<CreateCaseDto>('coordinatorId', field(f, 'coordinatorId')),
    ...opt<CreateCaseDto>('prosecutorId', field(f, 'prosecutorId')),
    ...opt<CreateCaseDto>('priorDiversionDate', endOfDayIso(field(f, 'priorDiversionDate'))),
    responsibleParty: person(f, 'rp') as ParticipantInputDto,
    victims: victim.fullName ? [victim as ParticipantInputDto] : [],
  };
}

/** The eligibility the case will show at screening, from the same pure rule and the policy a new case gets. */
export function referralEligibility(dto: CreateCaseDto, nowMs: number): EligibilityResult {
  return assessEligibility(DEFAULT_POLICY, {
    offenceCategory: dto.offence.category,
    victimCount: dto.victims.length,
    referralDateMs: dto.referralDate ? Date.parse(dto.referralDate) : nowMs,
    ...(dto.priorDiversionDate ? { priorDiversionDateMs: Date.parse(dto.priorDiversionDate) } : {}),
  });
}
