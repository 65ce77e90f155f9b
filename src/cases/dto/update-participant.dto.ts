import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { DemographicsDto, IsTimeZone, ParticipantContactDto } from './participant-input.dto';

/** A correction of contact details and preferences; it takes effect for the next message. */
export class UpdateParticipantDto extends ParticipantContactDto {
  @ApiPropertyOptional({ example: 'Jordan Rivera' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fullName?: string;

  @ApiPropertyOptional({ example: 'America/Denver' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({ type: DemographicsDto, description: 'Replaces the recorded demographics.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DemographicsDto)
  demographics?: DemographicsDto;
}
