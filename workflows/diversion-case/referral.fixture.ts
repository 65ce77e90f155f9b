import type { Referral } from './diversion-case.contract';
import { DAY_MS } from './policy';

/** A plain vandalism referral with one victim, for the unit specs of this flow (not part of the workflow bundle). */
export function sampleReferral(caseNumber: string, referralDateMs: number, chargingDeadlineDays: number): Referral {
  return {
    caseNumber,
    court: 'court',
    jurisdiction: 'county',
    chargingDeadlineMs: referralDateMs + chargingDeadlineDays * DAY_MS,
    chargesFiled: false,
    offence: { code: 'PC-594', category: 'vandalism', severity: 'misdemeanor' },
    responsiblePartyId: 'rp-1',
    victimIds: ['v-1'],
    coordinatorId: 'coord-1',
    prosecutorId: 'pros-1',
    referralDateMs,
  };
}
