import { Module } from '@nestjs/common';
import { CaseRecordActivities } from '../../activities/case-records/case-records.activities';
import { NotificationActivities } from '../../activities/notifications/notifications.activities';
import { SystemCheckActivities } from '../../activities/system-check/system-check.activities';
import { CaseRecordsService } from '../cases/case-records.service';
import { AppConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { NoticesModule } from '../notices/notices.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { WorkerObservabilityModule } from '../observability/worker-observability.module';
import { WorkerHttpServer } from '../observability/worker-http.server';
import { StaffModule } from '../staff/staff.module';
import { bindActivities } from '../temporal/bind-activities';
import { TemporalClientModule } from '../temporal/temporal-client.module';
import { TemporalWorkerService } from './temporal-worker.service';
import { WorkerActivities } from './worker-activities';

/** The worker process's composition root: the only module that imports `activities/`. */
@Module({
  imports: [
    AppConfigModule,
    WorkerObservabilityModule,
    DatabaseModule,
    TemporalClientModule,
    NotificationsModule,
    NoticesModule,
    StaffModule,
  ],
  providers: [
    CaseRecordsService,
    SystemCheckActivities,
    CaseRecordActivities,
    NotificationActivities,
    {
      provide: WorkerActivities,
      inject: [SystemCheckActivities, CaseRecordActivities, NotificationActivities],
      useFactory: (...instances: object[]) =>
        new WorkerActivities(
          Object.fromEntries(instances.flatMap((instance) => Object.entries(bindActivities(instance)))),
        ),
    },
    TemporalWorkerService,
    WorkerHttpServer,
  ],
})
export class WorkerModule {}
