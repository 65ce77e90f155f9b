import { Module } from '@nestjs/common';
import { NotificationsModule } from './notifications.module';
import { SmsWebhookController } from './sms-webhook.controller';

/** The API side of SMS: Twilio's signed webhook. */
@Module({
  imports: [NotificationsModule],
  controllers: [SmsWebhookController],
})
export class SmsWebhookModule {}
