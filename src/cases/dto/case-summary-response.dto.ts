import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_STAGES, type CaseStage } from '../../../workflows/diversion-case/diversion-case.contract';
import type { CaseProjectionEntity } from '../case-projection.entity';

/** One row of GET /cases, from the projection. */
export class CaseSummaryResponseDto {
  @ApiProperty({ example: 'DA-2026-0142' }) caseNumber!: string;
  @ApiProperty({ enum: CASE_STAGES }) stage!: CaseStage;
  @ApiProperty() needsReview!: boolean;
  @ApiProperty({ example: ['VICTIM_ANSWER_OVERDUE'], description: 'The reason of each open review, oldest first' })
  reviewReasons!: string[];
  @ApiPropertyOptional() nextDeadline?: string;
  @ApiProperty({ example: 'alice' }) coordinatorId!: string;
  @ApiProperty({ example: 'pat' }) prosecutorId!: string;
  @ApiProperty({ example: 'vandalism' }) offenceCategory!: string;
  @ApiPropertyOptional({ example: 'Alameda Superior Court' }) court?: string;
  @ApiProperty() referralDate!: string;
  @ApiPropertyOptional() closedAt?: string;
  @ApiPropertyOptional() closeReason?: string;
}

export function toCaseSummaryResponse(row: CaseProjectionEntity): CaseSummaryResponseDto {
  return {
    caseNumber: row.caseNumber,
    stage: row.stage,
    needsReview: row.needsReview,
    reviewReasons: row.reviews.map((r) => r.reasonCode),
    ...(row.nextDeadline ? { nextDeadline: row.nextDeadline.toISOString() } : {}),
    coordinatorId: row.coordinatorId,
    prosecutorId: row.prosecutorId,
    offenceCategory: row.offenceCategory,
    ...(row.court ? { court: row.court } : {}),
    referralDate: row.referralDate.toISOString(),
    ...(row.closedAt ? { closedAt: row.closedAt.toISOString() } : {}),
    ...(row.closeReason ? { closeReason: row.closeReason } : {}),
  };
}
