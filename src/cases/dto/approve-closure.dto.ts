import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

export class ApproveClosureDto {
  @ApiProperty({ enum: ['charges_not_filed', 'dismissal'], example: 'charges_not_filed' })
  @IsIn(['charges_not_filed', 'dismissal'])
  recommendation!: 'charges_not_filed' | 'dismissal';
}
