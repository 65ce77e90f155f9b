import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { codecConfig, type CodecConfig } from '../config/configuration';

/** What the Temporal Web UI sends to a codec server: JSON, the namespace, and (with "pass access token") a bearer. */
export const CODEC_REQUEST_HEADERS = ['Authorization', 'Content-Type', 'X-Namespace'];

/**
 * CORS for /codec/* only, and only for the configured Temporal Web UI origins (TEMPORAL_UI_ORIGIN): a preflight
 * from such an origin is answered with what the UI needs (POST, its headers, credentials for its "include
 * credentials" option); a browser request from any other origin is refused before it reaches the codec. Requests
 * without an Origin (the Temporal CLI, scripts) are not cross-origin and pass to the usual authentication.
 */
@Injectable()
export class CodecCorsMiddleware implements NestMiddleware<IncomingMessage, ServerResponse> {
  constructor(@Inject(codecConfig.KEY) private readonly codec: CodecConfig) {}

  use(request: IncomingMessage, response: ServerResponse, next: () => void): void {
    const origin = request.headers.origin;
    response.setHeader('Vary', 'Origin');
    if (origin !== undefined && !this.codec.uiOrigins.includes(origin)) {
      return refuse(response, origin, this.codec.uiOrigins);
    }
    if (origin !== undefined) {
      response.setHeader('Access-Control-Allow-Origin', origin);
      response.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    if (request.method === 'OPTIONS') {
      response.setHeader('Access-Control-Allow-Methods', 'POST');
      response.setHeader('Access-Control-Allow-Headers', CODEC_REQUEST_HEADERS.join(', '));
      response.setHeader('Access-Control-Max-Age', '600');
      response.statusCode = 204;
      response.end();
      return;
    }
    next();
  }
}

function refuse(response: ServerResponse, origin: string, allowed: string[]): void {
  const message =
    allowed.length === 0
      ? `the codec endpoint takes no browser requests until TEMPORAL_UI_ORIGIN names the Temporal Web UI (got ${origin})`
      : `origin ${origin} may not call the codec endpoint; it accepts ${allowed.join(', ')} (TEMPORAL_UI_ORIGIN)`;
  response.statusCode = 403;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.end(JSON.stringify({ statusCode: 403, error: 'Forbidden', message }));
}
