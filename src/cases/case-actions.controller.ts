import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { AuthenticatedActor } from '../auth/auth.types';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { IdempotencyKey } from '../http/idempotency-key.decorator';
import { ACTION_ROUTES, rolesOf, updatesOf, type ActionRoute, type PathParams } from './case-action-table';
import { CaseActionsService } from './case-actions.service';
import { CaseResponseDto, toCaseResponse } from './dto/case-response.dto';

type ActionHandler = (
  params: PathParams,
  body: object,
  actor: AuthenticatedActor,
  idempotencyKey: string | undefined,
) => Promise<CaseResponseDto>;

/**
 * Every lifecycle action on a case, one route per row of ACTION_ROUTES: each a validated workflow update
 * (docs/design.md §7). The routes are generated below, so a new action is a row in the table, not a new method here.
 */
@ApiTags('case actions')
@ApiBearerAuth()
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'One key, one request: a retry of the same request applies once; another request with it gets 422.',
})
@ApiOkResponse({ type: CaseResponseDto, description: 'The case after the action' })
@ApiBadRequestResponse({ description: 'Malformed input, with field messages' })
@ApiUnauthorizedResponse({ description: 'Missing or invalid bearer token' })
@ApiForbiddenResponse({ description: 'Wrong role, or a case assigned to another coordinator' })
@ApiNotFoundResponse({ description: 'Unknown case' })
@ApiConflictResponse({
  description: "The action does not fit the case's stage or data (the reason is given), or the case is closed",
})
@ApiUnprocessableEntityResponse({ description: 'The Idempotency-Key was already used for a different request' })
@Controller('cases/:caseNumber')
export class CaseActionsController {
  constructor(private readonly actions: CaseActionsService) {}

  async run(
    row: ActionRoute,
    params: PathParams,
    body: object,
    actor: AuthenticatedActor,
    idempotencyKey: string | undefined,
  ): Promise<CaseResponseDto> {
    const { caseNumber = '', ...rest } = params;
    return toCaseResponse(await this.actions.run(row, caseNumber, rest, body, actor, idempotencyKey));
  }
}

/** The path parameters of a route path (`victims/:victimId/response` → victimId). */
const pathParams = (path: string): string[] => [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] ?? '');

function addRoute(row: ActionRoute): void {
  const prototype = CaseActionsController.prototype as unknown as Record<string, ActionHandler>;
  const handler: ActionHandler = async function (this: CaseActionsController, params, body, actor, key) {
    return this.run(row, params, body, actor, key);
  };
  Object.defineProperty(handler, 'name', { value: row.name });
  Object.defineProperty(prototype, row.name, { value: handler, writable: true, configurable: true });
  // What the validation pipe and the OpenAPI explorer read to know the body's class.
  Reflect.defineMetadata('design:paramtypes', [Object, row.dto, Object, String], prototype, row.name);
  Reflect.defineMetadata('design:returntype', Promise, prototype, row.name);
  Param()(prototype, row.name, 0);
  Body()(prototype, row.name, 1);
  CurrentActor()(prototype, row.name, 2);
  IdempotencyKey()(prototype, row.name, 3);
  const descriptor = Object.getOwnPropertyDescriptor(prototype, row.name);
  if (!descriptor) throw new Error(`route ${row.name} was not defined`);
  const updates = updatesOf(row).join(' or ');
  const decorators: MethodDecorator[] = [
    Post(row.path),
    HttpCode(200),
    Roles(...rolesOf(row)),
    ApiOperation({
      operationId: row.name,
      summary: row.summary,
      description: `${row.description ? `${row.description} ` : ''}Runs the workflow update ${updates}; roles: ${rolesOf(row).join(', ')}.`,
    }),
    ApiBody({ type: row.dto }),
    // Method-level, as the generated routes do not pick up the class-level success answer.
    ApiOkResponse({ type: CaseResponseDto, description: 'The case after the action' }),
    ApiParam({ name: 'caseNumber', type: String, example: 'DA-2026-0142' }),
    ...pathParams(row.path).map((name) => ApiParam({ name, type: String })),
  ];
  for (const decorate of decorators) decorate(prototype, row.name, descriptor);
}

for (const row of ACTION_ROUTES) addRoute(row);
