import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';

export class DecideScreeningDto {
  @ApiProperty({ enum: ['accept', 'decline'], example: 'accept' })
  @IsIn(['accept', 'decline'])
  decision!: 'accept' | 'decline';

  @ApiPropertyOptional({ example: 'NOT_SUITABLE', description: 'Required for a decline.' })
  @ValidateIf((dto: DecideScreeningDto) => dto.decision === 'decline' || dto.reasonCode !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  reasonCode?: string;

  @ApiPropertyOptional({ description: 'Accepting an ineligible case, where the policy allows an override.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  overrideReason?: string;
}
