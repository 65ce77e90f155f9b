/** A participant's part in a case. Staff (coordinator, prosecutor, clerk) live in `staff_members`, not here. */
export const PARTICIPANT_ROLES = ['responsible_party', 'guardian', 'victim', 'support_person'] as const;
export type ParticipantRoleName = (typeof PARTICIPANT_ROLES)[number];

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export const CONTACT_CHANNELS = ['email', 'sms'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** What the person asked for; `letter_only` and `do_not_contact` mean no email and no SMS from this system. */
export const CONTACT_PREFERENCES = ['any', 'email_only', 'sms_only', 'letter_only', 'do_not_contact'] as const;
export type ContactPreference = (typeof CONTACT_PREFERENCES)[number];

/**
 * The demographic fields the outcome report breaks its figures down by (docs/design.md §7), each a closed list of
 * values so a report groups like with like and a record holds nothing else. For outcome reports only; never in a
 * message.
 */
export const DEMOGRAPHIC_VALUES = {
  ageGroup: ['under-18', '18-24', '25-34', '35-44', '45-54', '55-64', '65-and-over', 'not-stated'],
  gender: ['female', 'male', 'non_binary', 'another', 'not_stated'],
  raceEthnicity: [
    'american_indian_or_alaska_native',
    'asian',
    'black',
    'hispanic',
    'middle_eastern_or_north_african',
    'native_hawaiian_or_pacific_islander',
    'white',
    'multiracial',
    'another',
    'not_stated',
  ],
} as const;

export type DemographicField = keyof typeof DEMOGRAPHIC_VALUES;

/** A participant's demographics: any of the fields above, each one of its values. */
export type Demographics = { [F in DemographicField]?: (typeof DEMOGRAPHIC_VALUES)[F][number] };

/** A participant as the API creates it for a case. */
export interface NewParticipant {
  /** The id the workflow uses (Referral.responsiblePartyId, guardianId, victimIds). */
  id: string;
  role: ParticipantRoleName;
  fullName: string;
  email?: string | null;
  /** E.164, for example +15551234567. */
  phone?: string | null;
  language?: Language;
  preferredChannels?: ContactChannel[];
  /** IANA time zone, for example America/Los_Angeles. */
  timeZone: string;
  guardianOfId?: string | null;
  contactPreference?: ContactPreference;
  address?: string | null;
  demographics?: Demographics | null;
}

/** A correction of contact details and preferences; takes effect for the next message. */
export type ParticipantPatch = Partial<Omit<NewParticipant, 'id' | 'role'>>;
