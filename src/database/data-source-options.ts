import type { DataSourceOptions } from 'typeorm';
import { CaseEventEntity } from '../audit/case-event.entity';
import { CaseProjectionEntity } from '../cases/case-projection.entity';
import { CreateCaseEvents1764000000000 } from './migrations/1764000000000-CreateCaseEvents';
import { CreateParticipants1764000100000 } from './migrations/1764000100000-CreateParticipants';
import { CreateDelivery1764000110000 } from './migrations/1764000110000-CreateDelivery';
import { NotificationLogEntity } from '../notifications/notification-log.entity';
import { SmsConsentEntity } from '../notifications/sms-consent.entity';
import { SmsInboundMessageEntity } from '../notifications/sms-inbound-message.entity';
import { NoticeEntity } from '../notices/notice.entity';
import { CreateCaseProjections1764000200000 } from './migrations/1764000200000-CreateCaseProjections';
import { CaseProjectionReviews1765000000000 } from './migrations/1765000000000-CaseProjectionReviews';
import { ProviderBoundary1766100000000 } from './migrations/1766100000000-ProviderBoundary';
import { CaseProjectionView1766200000000 } from './migrations/1766200000000-CaseProjectionView';
import { ParticipantEntity } from '../participants/participant.entity';
import { StaffMemberEntity } from '../staff/staff-member.entity';

/** Every entity, listed so the app, the migration CLI and tests see the same model. */
export const ENTITIES = [
  CaseEventEntity,
  ParticipantEntity,
  StaffMemberEntity,
  NotificationLogEntity,
  SmsConsentEntity,
  SmsInboundMessageEntity,
  NoticeEntity,
  CaseProjectionEntity,
];

/** Every migration in order; `npm run migration:generate` writes a new file that is added here. */
export const MIGRATIONS = [
  CreateCaseEvents1764000000000,
  CreateParticipants1764000100000,
  CreateDelivery1764000110000,
  CreateCaseProjections1764000200000,
  CaseProjectionReviews1765000000000,
  ProviderBoundary1766100000000,
  CaseProjectionView1766200000000,
];

export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    applicationName: 'diversion-orchestrator',
    extra: { max: 10, connectionTimeoutMillis: 5000 },
  };
}
