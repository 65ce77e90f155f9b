import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Demographics } from '../../participants/participant.types';
import { IsTimeZone, ParticipantContactDto } from './participant-input.dto';

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

  @ApiPropertyOptional()
  @IsOptional()
  @IsObject()
  demographics?: Demographics;
}
