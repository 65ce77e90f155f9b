// Referral helpers of the e2e tests, apart from case-api.ts so that the bench can use them without in-process servers.

let counter = 0;

/** A unique case number for this run. */
export function caseNumber(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

/** A referral as POST /cases takes it, with a compressed policy so deadlines are seconds, not days. */
export function referral(number: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    caseNumber: number,
    court: 'Alameda Superior Court',
    jurisdiction: 'Alameda County',
    chargingDeadline: new Date(Date.now() + 400 * 86_400_000).toISOString(),
    chargesFiled: false,
    offence: { code: 'PC 594', category: 'vandalism', severity: 'misdemeanor' },
    coordinatorId: 'alice',
    prosecutorId: 'pat',
    responsibleParty: {
      fullName: 'Jordan Rivera',
      email: 'jordan@example.org',
      phone: '+15551230001',
      timeZone: 'America/Los_Angeles',
      demographics: { ageGroup: '18-24', gender: 'female' },
    },
    victims: [{ fullName: 'Sam Lee', email: 'sam@example.org', timeZone: 'America/Los_Angeles' }],
    policy: { dayMs: 60_000 },
    ...overrides,
  };
}
