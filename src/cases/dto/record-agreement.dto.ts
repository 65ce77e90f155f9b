import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  CASE_LIMITS,
  OBLIGATION_TYPES,
  type ObligationType,
} from '../../../workflows/diversion-case/diversion-case.contract';
import { IsDateOrDateTime, IsDateWithin } from '../../http/dates';

export class ObligationDto {
  @ApiProperty({ example: 'restitution-1' })
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'id may use letters, digits, . _ - (at most 64)' })
  id!: string;

  @ApiProperty({ enum: OBLIGATION_TYPES, example: 'restitution' })
  @IsIn(OBLIGATION_TYPES)
  type!: ObligationType;

  @ApiProperty({ example: '2027-03-01T00:00:00Z' })
  @IsDateOrDateTime()
  @IsDateWithin({ pastDays: 1, futureDays: CASE_LIMITS.maxDaysAhead })
  due!: string;

  @ApiPropertyOptional({ example: 25000, description: 'restitution: amount in cents' })
  @ValidateIf((o: ObligationDto) => o.type === 'restitution')
  @IsInt()
  @Min(1)
  @Max(CASE_LIMITS.maxRestitutionCents)
  amountCents?: number;

  @ApiPropertyOptional({ example: 'community', description: "restitution: a victim id or 'community'" })
  @ValidateIf((o: ObligationDto) => o.type === 'restitution')
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  payee?: string;

  @ApiPropertyOptional({ example: 20, description: 'community_service: hours' })
  @ValidateIf((o: ObligationDto) => o.type === 'community_service')
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.5)
  @Max(CASE_LIMITS.maxServiceHours)
  hours?: number;

  @ApiPropertyOptional({ example: 'Repaint the fence', description: 'other: what is to be done' })
  @ValidateIf((o: ObligationDto) => o.type === 'other')
  @IsString()
  @IsNotEmpty()
  @MaxLength(CASE_LIMITS.maxShortTextLength)
  description?: string;
}

/** Records the agreement; when the case is already monitoring one, amends it (then `reason` is required). */
export class RecordAgreementDto {
  @ApiProperty({ type: [ObligationDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CASE_LIMITS.maxObligations)
  @ValidateNested({ each: true })
  @Type(() => ObligationDto)
  obligations!: ObligationDto[];

  @ApiPropertyOptional({ example: 'Payment plan changed', description: 'Required for an amendment.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(CASE_LIMITS.maxShortTextLength)
  reason?: string;
}
