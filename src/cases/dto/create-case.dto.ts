import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CASE_LIMITS, type OffenceSeverity } from '../../../workflows/diversion-case/diversion-case.contract';
import { IsDateOrDateTime, IsDateWithin } from '../../http/dates';
import { ParticipantInputDto } from './participant-input.dto';

export const CASE_NUMBER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;

export class OffenceDto {
  @ApiProperty({ example: 'PC 594(b)(2)(A)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  code!: string;

  @ApiProperty({ example: 'vandalism', description: 'Eligibility and reports group by it.' })
  @Matches(/^[a-z0-9_]{1,64}$/, { message: '$property must be lower_snake_case, for example vandalism' })
  category!: string;

  @ApiProperty({ enum: ['infraction', 'misdemeanor', 'felony'], example: 'misdemeanor' })
  @IsIn(['infraction', 'misdemeanor', 'felony'])
  severity!: OffenceSeverity;
}

export class PolicyChoiceDto {
  @ApiProperty({
    description: 'Length of one policy day in ms (a compressed policy for demos and tests).',
    example: 2000,
  })
  @IsInt()
  @Min(200)
  @Max(86_400_000)
  dayMs!: number;
}

/** A referral: starts a case. Participants are stored in PostgreSQL; the workflow sees their ids only. */
export class CreateCaseDto {
  @ApiProperty({ example: 'DA-2026-0142' })
  @Matches(CASE_NUMBER_PATTERN, { message: 'caseNumber may use letters, digits, . _ - (at most 64)' })
  caseNumber!: string;

  @ApiProperty({ example: 'Alameda Superior Court' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  court!: string;

  @ApiProperty({ example: 'Alameda County' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  jurisdiction!: string;

  @ApiProperty({ example: '2027-06-30', description: 'Date by which charges must be filed if the case returns.' })
  @IsDateOrDateTime()
  @IsDateWithin({
    pastDays: 0,
    futureDays: CASE_LIMITS.maxChargingDeadlineDays,
    from: { field: 'referralDate', name: 'referral date' },
  })
  chargingDeadline!: string;

  @ApiProperty({ example: false })
  @IsBoolean()
  chargesFiled!: boolean;

  @ApiProperty({ type: OffenceDto })
  @ValidateNested()
  @Type(() => OffenceDto)
  offence!: OffenceDto;

  @ApiPropertyOptional({ example: 'alice', description: 'Defaults to the calling coordinator.' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'coordinatorId must be a staff id' })
  coordinatorId?: string;

  @ApiPropertyOptional({ example: 'pat', description: 'Defaults to the calling prosecutor.' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'prosecutorId must be a staff id' })
  prosecutorId?: string;

  @ApiPropertyOptional({ example: '2026-11-20', description: 'Defaults to today.' })
  @IsOptional()
  @IsDateOrDateTime()
  @IsDateWithin({ pastDays: CASE_LIMITS.maxReferralAgeDays, futureDays: 1 })
  referralDate?: string;

  @ApiPropertyOptional({ example: '2021-03-01' })
  @IsOptional()
  @IsDateOrDateTime()
  @IsDateWithin({ pastDays: CASE_LIMITS.maxPriorDiversionAgeDays, futureDays: 1 })
  priorDiversionDate?: string;

  @ApiProperty({ type: ParticipantInputDto })
  @ValidateNested()
  @Type(() => ParticipantInputDto)
  responsibleParty!: ParticipantInputDto;

  @ApiPropertyOptional({ type: ParticipantInputDto, description: 'Required when the responsible party is a minor.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ParticipantInputDto)
  guardian?: ParticipantInputDto;

  @ApiProperty({ type: [ParticipantInputDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ParticipantInputDto)
  victims!: ParticipantInputDto[];

  @ApiPropertyOptional({
    type: PolicyChoiceDto,
    description: 'A compressed policy; admins only, or anyone when ALLOW_POLICY_OVERRIDE=true (demos, tests).',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => PolicyChoiceDto)
  policy?: PolicyChoiceDto;
}
