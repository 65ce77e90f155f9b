import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { OBLIGATION_TYPES, type ObligationType } from '../../../workflows/diversion-case/diversion-case.contract';

export class ObligationDto {
  @ApiProperty({ example: 'restitution-1' })
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'id may use letters, digits, . _ - (at most 64)' })
  id!: string;

  @ApiProperty({ enum: OBLIGATION_TYPES, example: 'restitution' })
  @IsIn(OBLIGATION_TYPES)
  type!: ObligationType;

  @ApiProperty({ example: '2027-03-01T00:00:00Z' })
  @IsISO8601({ strict: true })
  due!: string;

  @ApiPropertyOptional({ example: 25000, description: 'restitution: amount in cents' })
  @ValidateIf((o: ObligationDto) => o.type === 'restitution')
  @IsInt()
  @Min(1)
  amountCents?: number;

  @ApiPropertyOptional({ example: 'community', description: "restitution: a victim id or 'community'" })
  @ValidateIf((o: ObligationDto) => o.type === 'restitution')
  @IsString()
  @IsNotEmpty()
  payee?: string;

  @ApiPropertyOptional({ example: 20, description: 'community_service: hours' })
  @ValidateIf((o: ObligationDto) => o.type === 'community_service')
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.5)
  hours?: number;

  @ApiPropertyOptional({ example: 'Repaint the fence', description: 'other: what is to be done' })
  @ValidateIf((o: ObligationDto) => o.type === 'other')
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  description?: string;
}

/** Records the agreement; when the case is already monitoring one, amends it (then `reason` is required). */
export class RecordAgreementDto {
  @ApiProperty({ type: [ObligationDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ObligationDto)
  obligations!: ObligationDto[];

  @ApiPropertyOptional({ example: 'Payment plan changed', description: 'Required for an amendment.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason?: string;
}
