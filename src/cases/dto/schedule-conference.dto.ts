import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CASE_LIMITS } from '../../../workflows/diversion-case/diversion-case.contract';
import { IsDateOrDateTime, IsDateWithin } from '../../http/dates';

/** Schedules the conference, or reschedules it when one is already scheduled (then `reasonCode` is required). */
export class ScheduleConferenceDto {
  @ApiProperty({ example: '2026-12-10T17:00:00Z' })
  @IsDateOrDateTime()
  @IsDateWithin({ pastDays: 1, futureDays: CASE_LIMITS.maxDaysAhead })
  at!: string;

  @ApiPropertyOptional({ example: 'Community Center, Room 2', description: 'Required when scheduling.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  location?: string;

  @ApiPropertyOptional({ example: 'PARTICIPANT_REQUEST', description: 'Required when rescheduling.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  reasonCode?: string;
}
