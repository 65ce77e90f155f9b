import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACTION_ROLES } from '../../../workflows/diversion-case/diversion-case.contract';
import { ReviewSubjectDto } from '../../cases/dto/case-response.dto';
import type { Task, TaskKind } from '../task-list';

const TASK_KINDS: TaskKind[] = ['resolve_review', ...(Object.keys(ACTION_ROLES) as TaskKind[])];

export class TaskResponseDto {
  @ApiProperty({ example: 'DA-2026-0142' }) caseNumber!: string;
  @ApiProperty({
    enum: TASK_KINDS,
    example: 'recordVictimResponse',
    description: "'resolve_review', or the action (update) that does it",
  })
  kind!: TaskKind;
  @ApiProperty({ example: 'Contact victim v1 and record their response' }) label!: string;
  @ApiPropertyOptional({ example: '2026-12-03T17:00:00.000Z' }) due?: string;
  @ApiProperty({ example: false }) overdue!: boolean;
  @ApiPropertyOptional({ example: 'R1' }) reviewId?: string;
  @ApiPropertyOptional({ example: 'VICTIM_ANSWER_OVERDUE' }) reasonCode?: string;
  @ApiPropertyOptional({ type: ReviewSubjectDto }) about?: ReviewSubjectDto;
}

export function toTaskResponse(task: Task): TaskResponseDto {
  return {
    caseNumber: task.caseNumber,
    kind: task.kind,
    label: task.label,
    ...(task.dueMs !== undefined ? { due: new Date(task.dueMs).toISOString() } : {}),
    overdue: task.overdue,
    ...(task.reviewId ? { reviewId: task.reviewId } : {}),
    ...(task.reasonCode ? { reasonCode: task.reasonCode } : {}),
    ...(task.about ? { about: { kind: task.about.kind, id: task.about.id } } : {}),
  };
}
