import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { NoticeSummary } from '../notice.types';

/** A notice in the clerk inbox (the PDF is at /notices/{id}/document). */
export class NoticeResponseDto {
  @ApiProperty({ example: '6f1c0d7e-8b1a-4d1e-9a55-0c3f1e2d4b5a' }) id!: string;
  @ApiProperty({ example: 'DA-2026-0142' }) caseNumber!: string;
  @ApiProperty({ example: 'Alameda Superior Court' }) court!: string;
  @ApiProperty({ enum: ['completion', 'return'], example: 'completion' }) kind!: string;
  @ApiProperty({ description: 'SHA-256 of the PDF' }) sha256!: string;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ nullable: true }) acknowledgedAt!: string | null;
  @ApiPropertyOptional({ nullable: true }) acknowledgedBy!: string | null;
}

export function toNoticeResponse(notice: NoticeSummary): NoticeResponseDto {
  return {
    id: notice.id,
    caseNumber: notice.caseNumber,
    court: notice.court,
    kind: notice.kind,
    sha256: notice.sha256,
    createdAt: notice.createdAt.toISOString(),
    acknowledgedAt: notice.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: notice.acknowledgedBy,
  };
}
