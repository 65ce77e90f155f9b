import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

export class ReassignCaseDto {
  @ApiProperty({ example: 'bob' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/, { message: 'coordinatorId must be a staff id' })
  coordinatorId!: string;

  @ApiProperty({ example: 'Caseload balancing' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}
