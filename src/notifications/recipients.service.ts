import { Injectable } from '@nestjs/common';
import type { ParticipantRef } from '../../workflows/diversion-case/diversion-case.contract';
import type { ParticipantEntity } from '../participants/participant.entity';
import { ParticipantsService } from '../participants/participants.service';
import type { ContactChannel, Language } from '../participants/participant.types';
import { StaffService } from '../staff/staff.service';

/** Whom a message goes to and how they may be reached; only ever the recipient's own details. */
export interface Recipient {
  id: string;
  role: string;
  name: string;
  language: Language;
  timeZone: string;
  email: string | undefined;
  phone: string | undefined;
  /** The channels the person chose (within what their contact preference permits). */
  allowedChannels: ContactChannel[];
  /** Everything the contact preference permits: the fallback when a chosen channel is closed (an opted-out number). */
  permittedChannels: ContactChannel[];
}

/**
 * Looks recipients up at send time. Victims have their own lookup, used only when the recipient is the victim, so no
 * code that writes to a responsible party, guardian or staff member ever holds a victim's row.
 */
@Injectable()
export class RecipientsService {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly staff: StaffService,
  ) {}

  async find(ref: ParticipantRef, fallbackTimeZone: string): Promise<Recipient | undefined> {
    switch (ref.role) {
      case 'victim':
        return this.findVictim(ref.id);
      case 'responsible_party':
      case 'guardian':
        return this.findParty(ref.id);
      case 'coordinator':
      case 'prosecutor':
      case 'clerk':
        return this.findStaff(ref.id, fallbackTimeZone);
    }
  }

  /** A responsible party or guardian; refuses a victim's row even if an id were mixed up. */
  async findParty(id: string): Promise<Recipient | undefined> {
    const row = await this.participants.findById(id);
    if (!row || row.role === 'victim') return undefined;
    return participantRecipient(row);
  }

  /** Only for messages to the victim themselves (first contact, outcome). */
  async findVictim(id: string): Promise<Recipient | undefined> {
    const row = await this.participants.findById(id);
    if (!row || row.role !== 'victim') return undefined;
    return participantRecipient(row);
  }

  async findStaff(id: string, timeZone: string): Promise<Recipient | undefined> {
    const member = await this.staff.findById(id);
    if (!member) return undefined;
    return {
      id: member.id,
      role: member.role,
      name: member.fullName,
      language: member.language,
      timeZone,
      email: member.email,
      phone: undefined,
      allowedChannels: ['email'],
      permittedChannels: ['email'],
    };
  }
}

const PERMITTED: Record<ParticipantEntity['contactPreference'], ContactChannel[]> = {
  any: ['email', 'sms'],
  email_only: ['email'],
  sms_only: ['sms'],
  letter_only: [],
  do_not_contact: [],
};

function participantRecipient(row: ParticipantEntity): Recipient {
  return {
    id: row.id,
    role: row.role,
    name: row.fullName,
    language: row.language,
    timeZone: row.timeZone,
    email: row.email ?? undefined,
    phone: row.phone ?? undefined,
    allowedChannels: allowedChannels(row),
    permittedChannels: PERMITTED[row.contactPreference],
  };
}

/** Contact preference first (letter only and do-not-contact mean nothing electronic), then the preferred channels. */
export function allowedChannels(
  row: Pick<ParticipantEntity, 'contactPreference' | 'preferredChannels'>,
): ContactChannel[] {
  const allowed = PERMITTED[row.contactPreference];
  const preferred = row.preferredChannels.filter((c) => allowed.includes(c));
  return preferred.length > 0 ? preferred : allowed;
}
