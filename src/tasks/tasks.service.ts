import { Injectable } from '@nestjs/common';
import { CaseQueriesService } from '../cases/case-queries.service';
import { buildTaskList, type Task, type TaskRole } from './task-list';

/** Task lists, from the case projection. */
@Injectable()
export class TasksService {
  constructor(private readonly cases: CaseQueriesService) {}

  /** A coordinator's tasks on the cases assigned to them, or a prosecutor's on the cases they prosecute. */
  async forStaff(staffId: string, role: TaskRole, nowMs = Date.now()): Promise<Task[]> {
    return buildTaskList(await this.cases.openFor(staffId, role), role, nowMs);
  }
}
