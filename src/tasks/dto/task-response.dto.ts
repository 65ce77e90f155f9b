import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Task, TaskKind } from '../task-list';

const TASK_KINDS: TaskKind[] = [
  'resolve_review',
  'decide_screening',
  'record_participant_response',
  'contact_victim',
  'schedule_conference',
  'record_conference_outcome',
  'record_agreement',
  'follow_up_overdue_obligation',
];

export class TaskResponseDto {
  @ApiProperty({ example: 'DA-2026-0142' }) caseNumber!: string;
  @ApiProperty({ enum: TASK_KINDS, example: 'contact_victim' }) kind!: TaskKind;
  @ApiPropertyOptional({ example: '2026-12-03T17:00:00.000Z' }) due?: string;
  @ApiProperty({ example: false }) overdue!: boolean;
  @ApiPropertyOptional({ example: 'VICTIM_ANSWER_OVERDUE' }) reasonCode?: string;
  @ApiPropertyOptional() victimId?: string;
  @ApiPropertyOptional() obligationId?: string;
}

export function toTaskResponse(task: Task): TaskResponseDto {
  return {
    caseNumber: task.caseNumber,
    kind: task.kind,
    ...(task.dueMs !== undefined ? { due: new Date(task.dueMs).toISOString() } : {}),
    overdue: task.overdue,
    ...(task.reasonCode ? { reasonCode: task.reasonCode } : {}),
    ...(task.victimId ? { victimId: task.victimId } : {}),
    ...(task.obligationId ? { obligationId: task.obligationId } : {}),
  };
}
