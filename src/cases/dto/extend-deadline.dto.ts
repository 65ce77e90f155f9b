import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** Resolves an open review (or moves the stage deadline) by extending it. */
export class ExtendDeadlineDto {
  @ApiProperty({ example: '2026-12-20T00:00:00Z' })
  @IsISO8601({ strict: true })
  newDeadline!: string;

  @ApiProperty({ example: 'Victim asked for more time to decide' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}
