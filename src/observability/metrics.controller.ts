import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { Public } from '../auth/public.decorator';
import { ApiMetrics } from './http-metrics';

/** Prometheus scrapes the API here; unauthenticated like the probes, so keep the port off the public internet. */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ApiMetrics) {}

  @Get()
  @Header('cache-control', 'no-store')
  async scrape(@Res() response: ServerResponse): Promise<void> {
    const body = await this.metrics.registry.metrics();
    response.setHeader('content-type', this.metrics.registry.contentType);
    response.end(body);
  }
}
