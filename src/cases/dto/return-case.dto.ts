import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CASE_LIMITS } from '../../../workflows/diversion-case/diversion-case.contract';

/** A prosecutor's return to prosecution, or a coordinator's request for one. */
export class ReturnCaseDto {
  @ApiProperty({ example: 'PARTICIPANT_DECLINED' })
  @Matches(/^[A-Z0-9_]{2,64}$/, { message: 'reasonCode must be an UPPER_SNAKE_CASE code' })
  reasonCode!: string;

  @ApiPropertyOptional({ example: 'Declined at the consent meeting' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(CASE_LIMITS.maxNoteLength)
  note?: string;

  @ApiPropertyOptional({ example: 'R1', description: "A coordinator's request: the review it settles, if any." })
  @IsOptional()
  @Matches(/^R[0-9]{1,9}$/, { message: 'reviewId must be a review id such as R1' })
  reviewId?: string;
}
