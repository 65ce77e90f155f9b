import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CASE_LIMITS } from '../../../workflows/diversion-case/diversion-case.contract';

/** Settles a review without changing anything else; a prosecutor declines a return request this way. */
export class DismissReviewDto {
  @ApiProperty({ example: 'Spoke with the victim: the new number is on file' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(CASE_LIMITS.maxShortTextLength)
  reason!: string;
}
