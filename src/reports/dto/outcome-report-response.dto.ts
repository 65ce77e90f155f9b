import { ApiProperty } from '@nestjs/swagger';

/** GET /reports/outcomes (JSON). Each metrics object: referrals, enrolled, completed, returned, returnedByReason,
 * completionRate, medianDaysPerStage, restitution ordered and paid (cents), service hours, victim participation. */
export class OutcomeReportResponseDto {
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' }) from!: string;
  @ApiProperty({ example: '2027-01-01T00:00:00.000Z' }) to!: string;
  @ApiProperty({
    example: {
      referrals: 12,
      enrolled: 9,
      completed: 6,
      returned: 3,
      returnedByReason: { PARTICIPANT_DECLINED: 2, NON_COMPLIANCE: 1 },
      completionRate: 0.6667,
      medianDaysPerStage: { SCREENING: 1.5, PARTICIPANT_CONSENT: 6 },
      restitutionOrderedCents: 250000,
      restitutionPaidCents: 190000,
      serviceHoursOrdered: 120,
      serviceHoursLogged: 96,
      victims: { total: 14, answered: 12, participating: 9, participationRate: 0.75 },
    },
  })
  totals!: Record<string, unknown>;
  @ApiProperty({ description: 'Metrics per offence category' }) byOffenceCategory!: Record<string, unknown>;
  @ApiProperty({ description: 'Metrics per demographic field and value, where recorded' })
  byDemographic!: Record<string, unknown>;
}
