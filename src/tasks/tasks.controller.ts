import { Controller, Get } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthenticatedActor } from '../auth/auth.types';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { TaskResponseDto, toTaskResponse } from './dto/task-response.dto';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid bearer token' })
@ApiForbiddenResponse({ description: 'Not a coordinator' })
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @Roles('coordinator')
  @ApiOperation({
    summary: "The calling coordinator's task list: what needs action now, overdue first, with due dates",
  })
  @ApiOkResponse({ type: [TaskResponseDto] })
  async list(@CurrentActor() actor: AuthenticatedActor): Promise<TaskResponseDto[]> {
    return (await this.tasks.forCoordinator(actor.id)).map(toTaskResponse);
  }
}
