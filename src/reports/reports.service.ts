import { BadRequestException, Injectable } from '@nestjs/common';
import { CaseQueriesService } from '../cases/case-queries.service';
import { outcomeReport, type OutcomeReport } from './outcome-report';

const YEAR_MS = 365 * 86_400_000;

/** Outcome reports over the case projection. */
@Injectable()
export class ReportsService {
  constructor(private readonly cases: CaseQueriesService) {}

  async outcomes(fromText: string | undefined, toText: string | undefined): Promise<OutcomeReport> {
    const to = toText ? new Date(toText) : new Date();
    const from = fromText ? new Date(fromText) : new Date(to.getTime() - YEAR_MS);
    if (from.getTime() >= to.getTime()) throw new BadRequestException(['from must be before to']);
    return outcomeReport(await this.cases.referredBetween(from, to), from, to);
  }
}
