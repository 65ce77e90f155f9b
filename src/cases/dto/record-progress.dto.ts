import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { CASE_LIMITS } from '../../../workflows/diversion-case/diversion-case.contract';

export class RecordProgressDto {
  @ApiPropertyOptional({ example: 5000, description: 'Restitution paid in this instalment, in cents.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(CASE_LIMITS.maxRestitutionCents)
  amountCents?: number;

  @ApiPropertyOptional({ example: 4, description: 'Service hours logged in this entry.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.25)
  @Max(CASE_LIMITS.maxHoursPerEntry)
  hours?: number;

  @ApiPropertyOptional({ example: true, description: 'For obligations without a ledger (letter, education, ...).' })
  @IsOptional()
  @IsBoolean()
  completed?: boolean;
}
