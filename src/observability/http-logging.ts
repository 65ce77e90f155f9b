import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Params } from 'nestjs-pino';
import type { Logger } from 'pino';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
/** Probes and scrapes every few seconds would drown the lines people read. */
const QUIET_PATHS = /^\/(health|metrics)(\/|\?|$)/;

/** nestjs-pino's settings for the API: one line per request with its id, route, status and time. */
export function httpLoggingParams(logger: Logger): Params {
  return {
    assignResponse: true,
    pinoHttp: {
      logger,
      genReqId: (request: IncomingMessage, response: ServerResponse) => {
        const given = request.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        response.setHeader('x-request-id', id);
        return id;
      },
      customLogLevel: (_request, response, error) =>
        error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
      autoLogging: { ignore: (request) => QUIET_PATHS.test(request.url ?? '') },
      serializers: {
        // The method and path only: headers carry tokens, and bodies personal data.
        req: (request: { id: unknown; method: string; url: string }) => ({
          id: request.id,
          method: request.method,
          path: request.url.split('?')[0],
        }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
    },
  };
}
