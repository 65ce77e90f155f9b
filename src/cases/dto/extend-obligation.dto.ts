import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CASE_LIMITS } from '../../../workflows/diversion-case/diversion-case.contract';
import { IsDateWithin } from './date-window';

export class ExtendObligationDto {
  @ApiProperty({ example: '2027-04-01T00:00:00Z' })
  @IsISO8601({ strict: true })
  @IsDateWithin({ pastDays: 1, futureDays: CASE_LIMITS.maxDaysAhead })
  newDue!: string;

  @ApiProperty({ example: 'Lost job; payment plan agreed with the victim' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(CASE_LIMITS.maxShortTextLength)
  reason!: string;
}
