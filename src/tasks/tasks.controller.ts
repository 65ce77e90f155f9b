import { Controller, ForbiddenException, Get, ParseEnumPipe, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthenticatedActor } from '../auth/auth.types';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { TaskResponseDto, toTaskResponse } from './dto/task-response.dto';
import type { TaskRole } from './task-list';
import { TasksService } from './tasks.service';

const TASK_ROLES = { coordinator: 'coordinator', prosecutor: 'prosecutor' } as const;

@ApiTags('tasks')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid bearer token' })
@ApiForbiddenResponse({ description: 'Neither a coordinator nor a prosecutor' })
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @Roles('coordinator', 'prosecutor')
  @ApiOperation({
    summary: "The caller's task list: what their cases need from them now, overdue first, with due dates",
    description:
      "A coordinator's list covers the cases assigned to them; a prosecutor's, the cases they prosecute (return " +
      'requests, closures). Someone with both roles gets the coordinator list unless `?as=prosecutor`.',
  })
  @ApiQuery({ name: 'as', required: false, enum: ['coordinator', 'prosecutor'] })
  @ApiOkResponse({ type: [TaskResponseDto] })
  async list(
    @CurrentActor() actor: AuthenticatedActor,
    @Query('as', new ParseEnumPipe(TASK_ROLES, { optional: true })) as?: TaskRole,
  ): Promise<TaskResponseDto[]> {
    const role: TaskRole = as ?? (actor.roles.includes('coordinator') ? 'coordinator' : 'prosecutor');
    if (!actor.roles.includes(role)) throw new ForbiddenException(`the task list as ${role} needs the ${role} role`);
    return (await this.tasks.forStaff(actor.id, role)).map(toTaskResponse);
  }
}
