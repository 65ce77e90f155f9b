import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** Moves the stage deadline, settling the review it answers (named by `reviewId` when several are open). */
export class ExtendDeadlineDto {
  @ApiProperty({ example: '2026-12-20T00:00:00Z' })
  @IsISO8601({ strict: true })
  newDeadline!: string;

  @ApiProperty({ example: 'Victim asked for more time to decide' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;

  @ApiPropertyOptional({ example: 'R2', description: 'The review this extension settles, when several are open.' })
  @IsOptional()
  @Matches(/^R[0-9]{1,9}$/, { message: 'reviewId must be a review id such as R2' })
  reviewId?: string;
}
