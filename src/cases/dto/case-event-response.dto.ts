import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CaseEventEntity } from '../../audit/case-event.entity';

/** One audit event: who did what, when, from which stage, chained by hash. */
export class CaseEventResponseDto {
  @ApiProperty({ example: 3 }) sequence!: number;
  @ApiProperty({ example: 'screening_accepted' }) type!: string;
  @ApiPropertyOptional({ example: 'SCREENING' }) stageFrom?: string;
  @ApiPropertyOptional({ example: 'PARTICIPANT_CONSENT' }) stageTo?: string;
  @ApiProperty({ example: { id: 'alice', role: 'coordinator' } }) actor!: { id: string; role: string };
  @ApiProperty({ example: {} }) details!: Record<string, unknown>;
  @ApiProperty() occurredAt!: string;
  @ApiProperty() recordedAt!: string;
  @ApiPropertyOptional() previousHash?: string;
  @ApiProperty() hash!: string;
}

export function toCaseEventResponse(row: CaseEventEntity): CaseEventResponseDto {
  return {
    sequence: row.sequence,
    type: row.type,
    ...(row.stageFrom ? { stageFrom: row.stageFrom } : {}),
    ...(row.stageTo ? { stageTo: row.stageTo } : {}),
    actor: { id: row.actorId, role: row.actorRole },
    details: row.details,
    occurredAt: row.occurredAt.toISOString(),
    recordedAt: row.recordedAt.toISOString(),
    ...(row.previousHash ? { previousHash: row.previousHash } : {}),
    hash: row.hash,
  };
}
