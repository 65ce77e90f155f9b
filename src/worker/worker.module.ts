import { Module } from '@nestjs/common';
import { SystemCheckActivities } from '../../activities/system-check/system-check.activities';
import { AppConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { bindActivities } from '../temporal/bind-activities';
import { TemporalWorkerService } from './temporal-worker.service';
import { WorkerActivities } from './worker-activities';

/** The worker process's composition root: the only module that imports `activities/`. */
@Module({
  imports: [AppConfigModule, DatabaseModule],
  providers: [
    SystemCheckActivities,
    {
      provide: WorkerActivities,
      inject: [SystemCheckActivities],
      useFactory: (...instances: object[]) =>
        new WorkerActivities(
          Object.fromEntries(instances.flatMap((instance) => Object.entries(bindActivities(instance)))),
        ),
    },
    TemporalWorkerService,
  ],
})
export class WorkerModule {}
