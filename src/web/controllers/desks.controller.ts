import { Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../auth/public.decorator';
import { Roles } from '../../auth/roles.decorator';
import { ClerkInboxService } from '../../notices/clerk-inbox.service';
import { outcomeReportCsv } from '../../reports/outcome-report';
import { ReportsService } from '../../reports/reports.service';
import { TasksService } from '../../tasks/tasks.service';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebSessionGuard } from '../web-session.guard';
import { ReportPage } from '../views/report-page';
import { ClerkPage, ProsecutorPage } from '../views/staff-pages';
import { actorOfPage, pageContext, sendPage } from './workspace.controller';

/** The prosecutor's, the clerk's and the admin's pages. */
@ApiExcludeController()
@Public()
@UseGuards(WebSessionGuard)
@UseFilters(WebExceptionFilter)
@Controller('app')
export class DesksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly inbox: ClerkInboxService,
    private readonly reports: ReportsService,
  ) {}

  @Get('prosecutor')
  @Roles('prosecutor')
  async prosecutor(@Req() request: Request, @Res() response: Response): Promise<void> {
    const nowMs = Date.now();
    const tasks = await this.tasks.forStaff(actorOfPage(request).id, 'prosecutor', nowMs);
    sendPage(response, 200, ProsecutorPage({ ctx: pageContext(request), tasks, nowMs }));
  }

  @Get('clerk')
  @Roles('clerk')
  async clerk(
    @Req() request: Request,
    @Res() response: Response,
    @Query('notice') noticeId?: string,
    @Query('done') done?: string,
  ): Promise<void> {
    const actor = actorOfPage(request);
    const notices = await this.inbox.list(actor);
    // Another court's notice is refused here exactly as on the JSON API (403).
    const selected = noticeId ? (await this.inbox.ownNotice(noticeId, actor)).notice : notices[0];
    sendPage(
      response,
      200,
      ClerkPage({ ctx: pageContext(request), court: actor.court ?? '', notices, selected, done: done === 'ack' }),
    );
  }

  @Get('clerk/notices/:id/document')
  @Roles('clerk')
  async document(@Req() request: Request, @Res() response: Response, @Param('id') id: string): Promise<void> {
    const { notice, pdf } = await this.inbox.ownNotice(id, actorOfPage(request));
    response
      .status(200)
      .type('application/pdf')
      .setHeader('content-disposition', `inline; filename="${notice.kind}-notice-${notice.caseNumber}.pdf"`)
      .send(pdf);
  }

  @Post('clerk/notices/:id/acknowledge')
  @Roles('clerk')
  async acknowledge(@Req() request: Request, @Res() response: Response, @Param('id') id: string): Promise<void> {
    await this.inbox.acknowledge(id, actorOfPage(request));
    response.redirect(303, `/app/clerk?notice=${encodeURIComponent(id)}&done=ack`);
  }

  @Get('admin/reports')
  @Roles('admin', 'prosecutor')
  async report(
    @Req() request: Request,
    @Res() response: Response,
    @Query('from') from?: string,
    @Query('to') to?: string,
  ): Promise<void> {
    const report = await this.reports.outcomes(from || undefined, to || undefined);
    sendPage(response, 200, ReportPage({ ctx: pageContext(request), report }));
  }

  @Get('admin/reports/outcomes.csv')
  @Roles('admin', 'prosecutor')
  async reportCsv(@Res() response: Response, @Query('from') from?: string, @Query('to') to?: string): Promise<void> {
    const report = await this.reports.outcomes(from || undefined, to || undefined);
    response
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('content-disposition', 'attachment; filename="outcomes.csv"')
      .send(outcomeReportCsv(report));
  }
}
