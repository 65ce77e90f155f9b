import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class ReturnCaseDto {
  @ApiProperty({ example: 'PARTICIPANT_DECLINED' })
  @Matches(/^[A-Z0-9_]{2,64}$/, { message: 'reasonCode must be an UPPER_SNAKE_CASE code' })
  reasonCode!: string;

  @ApiPropertyOptional({ example: 'Declined at the consent meeting' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  note?: string;
}
