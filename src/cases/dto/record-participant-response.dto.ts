import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';

export class RecordParticipantResponseDto {
  @ApiProperty({ enum: ['accept', 'decline'], example: 'accept' })
  @IsIn(['accept', 'decline'])
  response!: 'accept' | 'decline';

  @ApiPropertyOptional({ example: true, description: 'Must be true to accept.' })
  @IsOptional()
  @IsBoolean()
  acknowledgesResponsibility?: boolean;
}
