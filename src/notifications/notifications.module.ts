import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ParticipantsModule } from '../participants/participants.module';
import { StaffModule } from '../staff/staff.module';
import { EmailSender } from './email.sender';
import { NotificationDispatcher } from './notification-dispatcher.service';
import { NotificationLogEntity } from './notification-log.entity';
import { NotificationLogService } from './notification-log.service';
import { RecipientsService } from './recipients.service';
import { SmsConsentEntity } from './sms-consent.entity';
import { SmsConsentService } from './sms-consent.service';
import { SmsInboundMessageEntity } from './sms-inbound-message.entity';
import { SmsInboundService } from './sms-inbound.service';
import { SmsSender } from './sms.sender';

/** Email and SMS delivery, the notification log and SMS consent. */
@Module({
  imports: [
    TypeOrmModule.forFeature([NotificationLogEntity, SmsConsentEntity, SmsInboundMessageEntity]),
    ParticipantsModule,
    StaffModule,
  ],
  providers: [
    EmailSender,
    SmsSender,
    NotificationLogService,
    SmsConsentService,
    SmsInboundService,
    RecipientsService,
    NotificationDispatcher,
  ],
  exports: [
    EmailSender,
    SmsSender,
    NotificationLogService,
    SmsConsentService,
    SmsInboundService,
    RecipientsService,
    NotificationDispatcher,
  ],
})
export class NotificationsModule {}
