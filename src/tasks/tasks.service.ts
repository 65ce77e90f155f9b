import { Injectable } from '@nestjs/common';
import { CaseQueriesService } from '../cases/case-queries.service';
import { buildTaskList, type Task } from './task-list';

/** A coordinator's task list, from the case projection. */
@Injectable()
export class TasksService {
  constructor(private readonly cases: CaseQueriesService) {}

  async forCoordinator(coordinatorId: string, nowMs = Date.now()): Promise<Task[]> {
    return buildTaskList(await this.cases.openForCoordinator(coordinatorId), nowMs);
  }
}
