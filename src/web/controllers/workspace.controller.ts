import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpException,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
  ValidationPipe,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { VNode } from 'preact';
import { AuditService } from '../../audit/audit.service';
import type { AuthenticatedActor } from '../../auth/auth.types';
import { Public } from '../../auth/public.decorator';
import { Roles } from '../../auth/roles.decorator';
import { CaseActionsService } from '../../cases/case-actions.service';
import { CaseAccessService } from '../../cases/case-access.service';
import { CaseParticipantsService } from '../../cases/case-participants.service';
import { CaseQueriesService } from '../../cases/case-queries.service';
import { CasesService } from '../../cases/cases.service';
import { toCaseResponse } from '../../cases/dto/case-response.dto';
import { CreateCaseDto } from '../../cases/dto/create-case.dto';
import { ListCasesQueryDto } from '../../cases/dto/list-cases.query.dto';
import type { ParticipantEntity } from '../../participants/participant.entity';
import { NotificationLogService } from '../../notifications/notification-log.service';
import { TasksService } from '../../tasks/tasks.service';
import { field, FORM_BODIES, messagesOf, routeRow, validatedBody, type Form } from '../action-forms';
import { referralBody, referralEligibility, referralValues } from '../referral-form';
import { WebExceptionFilter } from '../web-exception.filter';
import { sessionOf, WebSessionGuard } from '../web-session.guard';
import type { FormErrors } from '../views/action-form';
import { CasePage } from '../views/case-page';
import { renderDocument, type PageContext } from '../views/layout';
import { ReferralPage } from '../views/referral-page';
import { CasesPage, TodayPage } from '../views/staff-pages';

const PAGE_SIZE = 25;
const referralPipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

export function sendPage(response: Response, status: number, page: VNode): void {
  response.status(status).type('html').send(renderDocument(page));
}

export function pageContext(request: Request): PageContext {
  return { session: sessionOf(request), path: request.path };
}

export function actorOfPage(request: Request): AuthenticatedActor {
  const session = sessionOf(request);
  if (!session) throw new Error('the session guard runs before every workspace page');
  return session.actor;
}

/** The coordinator's pages (Today, Cases, Case, New referral), over the services the JSON API calls. */
@ApiExcludeController()
@Public()
@UseGuards(WebSessionGuard)
@UseFilters(WebExceptionFilter)
@Controller('app')
export class WorkspaceController {
  constructor(
    private readonly cases: CasesService,
    private readonly actions: CaseActionsService,
    private readonly access: CaseAccessService,
    private readonly queries: CaseQueriesService,
    private readonly participants: CaseParticipantsService,
    private readonly tasks: TasksService,
    private readonly audit: AuditService,
    private readonly messages: NotificationLogService,
  ) {}

  /** Each role's first page. */
  @Get()
  home(@Req() request: Request, @Res() response: Response): void {
    const roles = actorOfPage(request).roles;
    const target = roles.includes('coordinator')
      ? '/app/today'
      : roles.includes('prosecutor')
        ? '/app/prosecutor'
        : roles.includes('clerk')
          ? '/app/clerk'
          : '/app/cases';
    response.redirect(303, target);
  }

  @Get('today')
  @Roles('coordinator')
  async today(@Req() request: Request, @Res() response: Response): Promise<void> {
    const nowMs = Date.now();
    const tasks = await this.tasks.forStaff(actorOfPage(request).id, 'coordinator', nowMs);
    sendPage(response, 200, TodayPage({ ctx: pageContext(request), tasks, nowMs }));
  }

  @Get('cases')
  @Roles('coordinator', 'prosecutor', 'admin')
  async list(
    @Req() request: Request,
    @Res() response: Response,
    @Query() raw: Record<string, string | undefined>,
  ): Promise<void> {
    const actor = actorOfPage(request);
    const page = Math.max(1, Math.floor(Number(raw.page ?? '1')) || 1);
    const filters = {
      ...(raw.stage ? { stage: raw.stage } : {}),
      ...(raw.needsReview ? { needsReview: raw.needsReview } : {}),
      ...(raw.coordinatorId ? { coordinatorId: raw.coordinatorId } : {}),
      ...(raw.search ? { search: raw.search } : {}),
    };
    // The JSON API's query DTO and validation: a bad filter is the same 400 with the same message.
    const query = (await referralPipe.transform(
      { ...filters, limit: String(PAGE_SIZE + 1), offset: String((page - 1) * PAGE_SIZE) },
      { type: 'query', metatype: ListCasesQueryDto },
    )) as ListCasesQueryDto;
    const rows = await this.queries.list(query, actor);
    const unrestricted = actor.roles.includes('admin') || actor.roles.includes('prosecutor');
    sendPage(
      response,
      200,
      CasesPage({
        ctx: pageContext(request),
        rows: rows.slice(0, PAGE_SIZE),
        filters: { ...filters, page },
        hasNext: rows.length > PAGE_SIZE,
        canFilterCoordinator: unrestricted,
      }),
    );
  }

  @Get('cases/:caseNumber')
  @Roles('coordinator', 'prosecutor', 'admin')
  async show(
    @Req() request: Request,
    @Res() response: Response,
    @Param('caseNumber') caseNumber: string,
    @Query('done') done?: string,
  ): Promise<void> {
    await this.renderCase(request, response, caseNumber, 200, {}, { ...(done ? { done } : {}) });
  }

  /** "Show contact details": the audited read the JSON API's GET /cases/{n}/participants makes. */
  @Post('cases/:caseNumber/participants')
  @Roles('coordinator', 'admin')
  async showParticipants(
    @Req() request: Request,
    @Res() response: Response,
    @Param('caseNumber') caseNumber: string,
  ): Promise<void> {
    const participants = await this.participants.listAudited(caseNumber, actorOfPage(request));
    await this.renderCase(request, response, caseNumber, 200, {}, { participants });
  }

  /**
   * One case action from its form: the API's table row, DTO validation, role and case checks and workflow update.
   * Success redirects back to the case (so a reload does not post again); a refusal shows the case again with the
   * message beside the form that caused it, under the API's status (400, 409, 422).
   */
  @Post('cases/:caseNumber/actions/:action')
  @Roles('coordinator', 'prosecutor', 'admin')
  async act(
    @Req() request: Request,
    @Res() response: Response,
    @Param('caseNumber') caseNumber: string,
    @Param('action') action: string,
    @Body() form: Form,
  ): Promise<void> {
    const row = routeRow(action);
    const toBody = row && (FORM_BODIES as Record<string, ((f: Form) => object) | undefined>)[row.name];
    if (!row || !toBody) throw new NotFoundException(`there is no action ${action}`);
    const formKey = field(form, '_form') ?? action;
    const params = Object.fromEntries(
      [...row.path.matchAll(/:([A-Za-z]+)/g)].map((m) => [m[1] ?? '', field(form, m[1] ?? '') ?? '']),
    );
    try {
      const dto = await validatedBody(row, toBody(form));
      await this.actions.run(row, caseNumber, params, dto, actorOfPage(request), field(form, '_request'));
    } catch (error) {
      if (!(error instanceof HttpException) || error.getStatus() >= 500 || error.getStatus() === 403) throw error;
      if (error.getStatus() === 404) throw error;
      await this.renderCase(request, response, caseNumber, error.getStatus(), { [formKey]: messagesOf(error) });
      return;
    }
    response.redirect(303, `/app/cases/${encodeURIComponent(caseNumber)}?done=${encodeURIComponent(action)}`);
  }

  @Get('referrals/new')
  @Roles('coordinator', 'prosecutor', 'admin')
  referralForm(@Req() request: Request, @Res() response: Response): void {
    sendPage(response, 200, ReferralPage({ ctx: pageContext(request), values: referralValues({}), errors: [] }));
  }

  /** "Check eligibility" shows the result with the form filled in; "Refer the case" starts the case. */
  @Post('referrals')
  @Roles('coordinator', 'prosecutor', 'admin')
  async refer(@Req() request: Request, @Res() response: Response, @Body() form: Form): Promise<void> {
    const ctx = pageContext(request);
    const values = referralValues(form);
    let dto: CreateCaseDto;
    try {
      dto = (await referralPipe.transform(referralBody(form), {
        type: 'body',
        metatype: CreateCaseDto,
      })) as CreateCaseDto;
    } catch (error) {
      if (!(error instanceof BadRequestException)) throw error;
      sendPage(response, 400, ReferralPage({ ctx, values, errors: messagesOf(error) }));
      return;
    }
    const eligibility = referralEligibility(dto, Date.now());
    if (field(form, 'intent') !== 'refer') {
      sendPage(response, 200, ReferralPage({ ctx, values, eligibility, errors: [] }));
      return;
    }
    try {
      await this.cases.start(dto, actorOfPage(request), undefined);
    } catch (error) {
      if (!(error instanceof HttpException) || error.getStatus() >= 500) throw error;
      sendPage(response, error.getStatus(), ReferralPage({ ctx, values, eligibility, errors: messagesOf(error) }));
      return;
    }
    response.redirect(303, `/app/cases/${encodeURIComponent(dto.caseNumber)}?done=referral`);
  }

  private async renderCase(
    request: Request,
    response: Response,
    caseNumber: string,
    status: number,
    errors: FormErrors,
    extra: { done?: string; participants?: readonly ParticipantEntity[] } = {},
  ): Promise<void> {
    const row = await this.access.findVisible(caseNumber, actorOfPage(request));
    const [view, events, messages] = await Promise.all([
      this.cases.viewOf(row),
      this.audit.listForCase(caseNumber),
      this.messages.findByCase(caseNumber),
    ]);
    const data = {
      view: toCaseResponse(view),
      court: row.court,
      events,
      messages,
      errors,
      nowMs: Date.now(),
      ...extra,
    };
    sendPage(response, status, CasePage({ ctx: pageContext(request), data }));
  }
}
