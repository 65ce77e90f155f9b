import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CASE_LIMITS } from '../../../workflows/diversion-case/diversion-case.contract';
import { IsDateOrDateTime, IsDateWithin } from '../../http/dates';

/** Moves the stage deadline, settling the review it answers (named by `reviewId` when several are open). */
export class ExtendDeadlineDto {
  @ApiProperty({ example: '2026-12-20T00:00:00Z' })
  @IsDateOrDateTime()
  @IsDateWithin({ pastDays: 1, futureDays: CASE_LIMITS.maxDaysAhead })
  newDeadline!: string;

  @ApiProperty({ example: 'Victim asked for more time to decide' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(CASE_LIMITS.maxShortTextLength)
  reason!: string;

  @ApiPropertyOptional({ example: 'R2', description: 'The review this extension settles, when several are open.' })
  @IsOptional()
  @Matches(/^R[0-9]{1,9}$/, { message: 'reviewId must be a review id such as R2' })
  reviewId?: string;
}
