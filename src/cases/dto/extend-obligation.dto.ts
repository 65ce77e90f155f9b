import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CASE_LIMITS } from '../../../workflows/diversion-case/diversion-case.contract';
import { IsDateOrDateTime, IsDateWithin } from '../../http/dates';

export class ExtendObligationDto {
  @ApiProperty({ example: '2027-04-01T00:00:00Z' })
  @IsDateOrDateTime()
  @IsDateWithin({ pastDays: 1, futureDays: CASE_LIMITS.maxDaysAhead })
  newDue!: string;

  @ApiProperty({ example: 'Lost job; payment plan agreed with the victim' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(CASE_LIMITS.maxShortTextLength)
  reason!: string;
}
