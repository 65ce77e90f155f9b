import { Test, type TestingModule } from '@nestjs/testing';
import { simpleParser } from 'mailparser';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NotificationActivities } from '../../activities/notifications/notifications.activities';
import { AppConfigModule } from '../../src/config/config.module';
import { DatabaseModule } from '../../src/database/database.module';
import { NoticesModule } from '../../src/notices/notices.module';
import { NotificationsModule } from '../../src/notifications/notifications.module';
import { ParticipantsService } from '../../src/participants/participants.service';
import { StaffModule } from '../../src/staff/staff.module';
import { overrideEnvironment, restoreEnvironment } from './fake-providers';

describe('the file outbox (the embedded default: no SMTP_URL, no Twilio account)', () => {
  const outbox = mkdtempSync(path.join(os.tmpdir(), 'diversion-outbox-'));
  let module: TestingModule;
  const run = `OUT${Date.now()}`;

  beforeAll(async () => {
    overrideEnvironment({
      OUTBOX_DIR: outbox,
      SMTP_URL: '',
      TWILIO_ACCOUNT_SID: '',
      TWILIO_AUTH_TOKEN: '',
      TWILIO_FROM: '',
    });
    module = await Test.createTestingModule({
      imports: [AppConfigModule, DatabaseModule, NotificationsModule, NoticesModule, StaffModule],
      providers: [NotificationActivities],
    }).compile();
    await module.get(ParticipantsService).createForCase(run, [
      {
        id: `${run}-rp`,
        role: 'responsible_party',
        fullName: 'Omar Outbox',
        email: 'omar@outbox.test',
        phone: '+15550300001',
        timeZone: 'America/Chicago',
      },
    ]);
  });

  afterAll(async () => {
    await module?.close();
    restoreEnvironment();
    rmSync(outbox, { recursive: true, force: true });
  });

  it('writes the email as an .eml file and the SMS as a JSON file, once each however often it is retried', async () => {
    const request = {
      key: `${run}:program_invitation:${run}-rp:first`,
      caseNumber: run,
      event: 'program_invitation',
      recipient: { id: `${run}-rp`, role: 'responsible_party' as const },
      channels: ['email' as const, 'sms' as const],
      data: { stage: 'PARTICIPANT_CONSENT' },
    };
    const activities = module.get(NotificationActivities);

    await activities.notify(request);
    await activities.notify(request);

    const emails = readdirSync(path.join(outbox, 'email'));
    const texts = readdirSync(path.join(outbox, 'sms'));
    expect(emails).toHaveLength(1);
    expect(texts).toHaveLength(1);
    const mail = await simpleParser(readFileSync(path.join(outbox, 'email', emails[0]!)));
    expect(mail.subject).toBe('You are invited to the Restorative Justice Diversion Program');
    expect(mail.text).toContain('Omar Outbox');
    const sms = JSON.parse(readFileSync(path.join(outbox, 'sms', texts[0]!), 'utf8')) as { to: string; body: string };
    expect(sms.to).toBe('+15550300001');
    expect(sms.body).toMatch(/Reply STOP/);
  });
});
