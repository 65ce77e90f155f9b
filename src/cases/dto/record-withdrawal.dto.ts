import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, ValidateIf } from 'class-validator';

export class RecordWithdrawalDto {
  @ApiProperty({ enum: ['responsible_party', 'victim'], example: 'victim' })
  @IsIn(['responsible_party', 'victim'])
  party!: 'responsible_party' | 'victim';

  @ApiPropertyOptional({ description: 'Required when a victim withdraws.' })
  @ValidateIf((dto: RecordWithdrawalDto) => dto.party === 'victim')
  @IsString()
  @IsNotEmpty()
  victimId?: string;
}
