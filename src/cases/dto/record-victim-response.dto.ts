import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { VictimAnswer } from '../../../workflows/diversion-case/diversion-case.contract';

export const VICTIM_ANSWERS: readonly VictimAnswer[] = [
  'participate',
  'surrogate',
  'letter',
  'informed_only',
  'decline',
];

export class RecordVictimResponseDto {
  @ApiProperty({ enum: VICTIM_ANSWERS, example: 'participate' })
  @IsIn(VICTIM_ANSWERS)
  response!: VictimAnswer;
}
