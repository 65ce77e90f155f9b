import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { OutcomeReportResponseDto } from './dto/outcome-report-response.dto';
import { OutcomeReportQueryDto } from './dto/outcome-report.query.dto';
import { outcomeReportCsv, type OutcomeReport } from './outcome-report';
import { ReportsService } from './reports.service';

interface HeaderResponse {
  setHeader(name: string, value: string): unknown;
}

@ApiTags('reports')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid bearer token' })
@ApiForbiddenResponse({ description: 'Not an admin or prosecutor' })
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('outcomes')
  @Roles('admin', 'prosecutor')
  @ApiOperation({
    summary: 'Program outcomes for cases referred in [from, to): totals, by offence category and by demographics',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: OutcomeReportResponseDto })
  async outcomes(
    @Query() query: OutcomeReportQueryDto,
    @Res({ passthrough: true }) response: HeaderResponse,
  ): Promise<OutcomeReport | string> {
    const report = await this.reports.outcomes(query.from, query.to);
    if (query.format !== 'csv') return report;
    response.setHeader('content-type', 'text/csv; charset=utf-8');
    response.setHeader('content-disposition', 'attachment; filename="outcomes.csv"');
    return outcomeReportCsv(report);
  }
}
