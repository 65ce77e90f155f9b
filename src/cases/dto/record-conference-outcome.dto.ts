import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

export class RecordConferenceOutcomeDto {
  @ApiProperty({ enum: ['held', 'no_show', 'cancelled'], example: 'held' })
  @IsIn(['held', 'no_show', 'cancelled'])
  outcome!: 'held' | 'no_show' | 'cancelled';
}
