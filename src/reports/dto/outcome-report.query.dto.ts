import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsDateOrDateTime } from '../../http/dates';

export class OutcomeReportQueryDto {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'Referral date from (inclusive); default a year ago' })
  @IsOptional()
  @IsDateOrDateTime()
  from?: string;

  @ApiPropertyOptional({ example: '2027-01-01', description: 'Referral date to (exclusive); default now' })
  @IsOptional()
  @IsDateOrDateTime()
  to?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
