import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { VICTIM_ANSWERS, type VictimAnswer } from '../../../workflows/diversion-case/diversion-case.contract';

export class RecordVictimResponseDto {
  @ApiProperty({ enum: VICTIM_ANSWERS, example: 'participate' })
  @IsIn([...VICTIM_ANSWERS])
  response!: VictimAnswer;
}
