import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  registerDecorator,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import {
  CONTACT_CHANNELS,
  CONTACT_PREFERENCES,
  DEMOGRAPHIC_VALUES,
  LANGUAGES,
  type ContactChannel,
  type ContactPreference,
  type Demographics,
  type Language,
} from '../../participants/participant.types';

/** The closed shape of demographics: the fields the outcome report breaks down by; any other key is refused. */
export class DemographicsDto implements Demographics {
  @ApiPropertyOptional({ enum: DEMOGRAPHIC_VALUES.ageGroup, example: '18-24' })
  @IsOptional()
  @IsIn(DEMOGRAPHIC_VALUES.ageGroup)
  ageGroup?: Demographics['ageGroup'];

  @ApiPropertyOptional({ enum: DEMOGRAPHIC_VALUES.gender, example: 'female' })
  @IsOptional()
  @IsIn(DEMOGRAPHIC_VALUES.gender)
  gender?: Demographics['gender'];

  @ApiPropertyOptional({ enum: DEMOGRAPHIC_VALUES.raceEthnicity, example: 'hispanic' })
  @IsOptional()
  @IsIn(DEMOGRAPHIC_VALUES.raceEthnicity)
  raceEthnicity?: Demographics['raceEthnicity'];
}

/** An IANA time zone this runtime knows, for example America/Los_Angeles. */
export function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be an IANA time zone such as America/Los_Angeles`, ...options },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string' || !value) return false;
          try {
            new Intl.DateTimeFormat('en-US', { timeZone: value });
            return true;
          } catch {
            return false;
          }
        },
      },
    });
}

export const E164 = /^\+[1-9]\d{6,14}$/;

/** Contact details and preferences shared by creation and correction. */
export class ParticipantContactDto {
  @ApiPropertyOptional({ example: 'jordan@example.org', nullable: true })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @ApiPropertyOptional({ example: '+15551234567', description: 'E.164', nullable: true })
  @IsOptional()
  @Matches(E164, { message: 'phone must be an E.164 number such as +15551234567' })
  phone?: string | null;

  @ApiPropertyOptional({ enum: LANGUAGES, example: 'en' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;

  @ApiPropertyOptional({ enum: CONTACT_CHANNELS, isArray: true, example: ['email', 'sms'] })
  @IsOptional()
  @IsArray()
  @IsIn(CONTACT_CHANNELS, { each: true })
  preferredChannels?: ContactChannel[];

  @ApiPropertyOptional({ enum: CONTACT_PREFERENCES, example: 'any' })
  @IsOptional()
  @IsIn(CONTACT_PREFERENCES)
  contactPreference?: ContactPreference;

  @ApiPropertyOptional({ example: '100 Main St, Oakland CA', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string | null;
}

/** A person taking part in the case, as the referral names them. */
export class ParticipantInputDto extends ParticipantContactDto {
  @ApiProperty({ example: 'Jordan Rivera' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fullName!: string;

  @ApiProperty({ example: 'America/Los_Angeles' })
  @IsTimeZone()
  timeZone!: string;

  @ApiPropertyOptional({ type: DemographicsDto, description: 'For outcome reports only; never in a message.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DemographicsDto)
  demographics?: DemographicsDto;
}
