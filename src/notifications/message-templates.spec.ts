import { buildConferenceIcs } from './conference-ics';
import { renderMessage } from './message-templates';
import { participantMessageView, type RecipientProfile } from './message-views';

const atMs = Date.UTC(2026, 2, 3, 20, 30);
const request = {
  key: 'C-1:conference_reminder:rp-1:s1-1d',
  caseNumber: 'C-1',
  event: 'conference_reminder',
  recipient: { id: 'rp-1', role: 'responsible_party' as const },
  channels: ['email' as const, 'sms' as const],
  data: { atMs, location: 'Community Center, Room 2', sequence: 1, label: '1d' },
};
const profile = (language: 'en' | 'es'): RecipientProfile => ({
  name: 'Rae Parker',
  language,
  timeZone: 'America/Chicago',
  role: 'responsible_party',
});

describe('message templates and conference calendar files', () => {
  it('writes a reminder that says who, what, when, where, a plan prompt and the consequence', () => {
    const message = renderMessage(
      'conference_reminder',
      'en',
      participantMessageView(request, profile('en'), 'Eastside'),
    );
    expect(message.text).toContain('Rae Parker');
    expect(message.text).toContain('Tuesday, March 3, 2026 at 2:30 PM');
    expect(message.text).toContain('Where: Community Center, Room 2');
    expect(message.text).toContain('Plan how you will get there');
    expect(message.text).toContain('returned to the prosecutor');
    expect(message.html).toContain('<p>Where: Community Center, Room 2.</p>');
    expect(message.sms).not.toContain('Rae Parker');
  });

  it('writes the same reminder in Spanish with the time in Spanish', () => {
    const message = renderMessage(
      'conference_reminder',
      'es',
      participantMessageView(request, profile('es'), 'Eastside'),
    );
    expect(message.subject).toMatch(/^Recordatorio: conferencia restaurativa el martes, 3 de marzo de 2026/);
    expect(message.text).toContain('Planifique cómo llegará');
    expect(message.text).toContain('volver a la fiscalía');
  });

  it('escapes HTML in the HTML part only', () => {
    const view = participantMessageView(
      { ...request, data: { ...request.data, location: '<b>Hall</b>' } },
      profile('en'),
      'X',
    );
    const message = renderMessage('conference_reminder', 'en', view);
    expect(message.html).toContain('&lt;b&gt;Hall&lt;/b&gt;');
    expect(message.text).toContain('<b>Hall</b>');
  });

  it('builds an invitation and a cancellation with the same UID, the sequence and the right METHOD', () => {
    const base = {
      caseNumber: 'C-1',
      startMs: atMs,
      durationMinutes: 90,
      location: 'Room 2',
      summary: 'Conference',
      timeZone: 'America/Chicago',
      organizer: { name: 'Program', email: 'program@example.test' },
      attendee: { name: 'Rae Parker', email: 'rae@example.test' },
    };
    const invite = buildConferenceIcs({ ...base, sequence: 2, cancelled: false });
    const cancel = buildConferenceIcs({ ...base, sequence: 3, cancelled: true });
    expect(invite).toContain('METHOD:REQUEST');
    expect(invite).toContain('SEQUENCE:2');
    expect(invite).toContain('DTSTART:20260303T203000Z');
    expect(cancel).toContain('METHOD:CANCEL');
    expect(cancel).toContain('SEQUENCE:3');
    const uid = (ics: string) => /UID:(.*)/.exec(ics)?.[1];
    expect(uid(invite)).toBe(uid(cancel));
  });

  it('lists the responsible party’s own obligations in their agreement copy, in Spanish with amounts and dates', () => {
    const copy = {
      ...request,
      event: 'agreement_copy',
      data: { version: 2, obligations: `restitution:${atMs}:12550,community_service:${atMs}:20` },
    };
    const message = renderMessage('agreement_copy', 'es', participantMessageView(copy, profile('es'), 'Eastside'));
    expect(message.subject).toBe('Su acuerdo (versión 2)');
    expect(message.text).toContain('- su pago de restitución ($125.50), vence el martes, 3 de marzo de 2026');
    expect(message.text).toContain(
      '- sus horas de servicio comunitario (20 horas), vence el martes, 3 de marzo de 2026',
    );
    expect(message.html).toContain('<li>su pago de restitución ($125.50), vence el martes, 3 de marzo de 2026</li>');
  });
});
