import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min, Matches } from 'class-validator';
import { CASE_STAGES, type CaseStage } from '../../../workflows/diversion-case/diversion-case.contract';

export class ListCasesQueryDto {
  @ApiPropertyOptional({ enum: CASE_STAGES })
  @IsOptional()
  @IsIn(CASE_STAGES)
  stage?: CaseStage;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  needsReview?: boolean;

  @ApiPropertyOptional({ example: 'alice' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/)
  coordinatorId?: string;

  @ApiPropertyOptional({ example: '2026-01', description: 'Case numbers containing this text' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'search may use letters, digits, . _ - (at most 64)' })
  search?: string;

  @ApiPropertyOptional({ default: 0, description: 'How many matching cases to skip (paging)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? Number(value) : value))
  @IsInt()
  @Min(0)
  offset?: number;

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
