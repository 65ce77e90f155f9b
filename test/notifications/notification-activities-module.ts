import { Test, type TestingModule } from '@nestjs/testing';
import { NotificationActivities } from '../../activities/notifications/notifications.activities';
import { AppConfigModule } from '../../src/config/config.module';
import { DatabaseModule } from '../../src/database/database.module';
import { NoticesModule } from '../../src/notices/notices.module';
import { NotificationsModule } from '../../src/notifications/notifications.module';
import { StaffModule } from '../../src/staff/staff.module';
import { overrideEnvironment, type TestSmtpServer, type TwilioStandIn } from './fake-providers';

/**
 * The worker's notification activities, wired as the worker wires them, sending to a started SMTP server and Twilio
 * stand-in. The caller restores the environment (`restoreEnvironment`) and closes the module.
 */
export async function notificationActivitiesModule(
  smtp: TestSmtpServer,
  twilio: TwilioStandIn,
  twilioAuthToken: string,
): Promise<TestingModule> {
  overrideEnvironment({
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    TWILIO_BASE_URL: twilio.url,
    TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
    TWILIO_AUTH_TOKEN: twilioAuthToken,
    TWILIO_FROM: '+15550009999',
  });
  const module = await Test.createTestingModule({
    imports: [AppConfigModule, DatabaseModule, NotificationsModule, NoticesModule, StaffModule],
    providers: [NotificationActivities],
  }).compile();
  await module.init();
  return module;
}
