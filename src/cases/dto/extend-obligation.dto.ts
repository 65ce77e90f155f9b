import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ExtendObligationDto {
  @ApiProperty({ example: '2027-04-01T00:00:00Z' })
  @IsISO8601({ strict: true })
  newDue!: string;

  @ApiProperty({ example: 'Lost job; payment plan agreed with the victim' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}
