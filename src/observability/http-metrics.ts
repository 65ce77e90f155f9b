import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The metric names this module registers, for the dashboard test (checked against a live scrape end to end). */
export const HTTP_METRIC_NAMES = ['diversion_http_requests_total', 'diversion_http_request_duration_seconds'] as const;

/** One Prometheus registry per API instance: the Node process metrics and the HTTP request metrics. */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'diversion_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'diversion_http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to finishing its response, by method and route template',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.duration.observe({ method, route }, seconds);
  }
}

/** Times every request; labels it with the route template (`/cases/:caseNumber`), never the raw path. */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: ApiMetrics) {}

  use(request: RoutedRequest, response: ServerResponse, next: () => void): void {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.observe(request.method ?? 'GET', routeTemplate(request), response.statusCode, seconds);
    });
    next();
  }
}

/** Express's request once routed: the matched route's template. */
type RoutedRequest = IncomingMessage & { baseUrl?: string; route?: { path?: unknown } };

function routeTemplate(request: RoutedRequest): string {
  // Unmatched paths (404s, scanners) share one label, so they cannot blow up the series count.
  const path = request.route?.path;
  return typeof path === 'string' ? `${request.baseUrl ?? ''}${path}` : 'unmatched';
}
