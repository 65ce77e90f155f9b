import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ParticipantEntity } from '../../participants/participant.entity';

/** A participant's name and contact details (coordinators and admins only; every read is audited). */
export class ParticipantResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'victim' }) role!: string;
  @ApiProperty({ example: 'Jordan Rivera' }) fullName!: string;
  @ApiPropertyOptional({ nullable: true }) email!: string | null;
  @ApiPropertyOptional({ nullable: true }) phone!: string | null;
  @ApiProperty({ example: 'en' }) language!: string;
  @ApiProperty({ example: ['email'] }) preferredChannels!: string[];
  @ApiProperty({ example: 'America/Los_Angeles' }) timeZone!: string;
  @ApiProperty({ example: 'any' }) contactPreference!: string;
  @ApiPropertyOptional({ nullable: true }) address!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The minor this guardian is for' })
  guardianOfId!: string | null;
}

export function toParticipantResponse(p: ParticipantEntity): ParticipantResponseDto {
  return {
    id: p.id,
    role: p.role,
    fullName: p.fullName,
    email: p.email,
    phone: p.phone,
    language: p.language,
    preferredChannels: p.preferredChannels,
    timeZone: p.timeZone,
    contactPreference: p.contactPreference,
    address: p.address,
    guardianOfId: p.guardianOfId,
  };
}
