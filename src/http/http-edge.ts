import type { NestExpressApplication } from '@nestjs/platform-express';
import { methodNotAllowed, type ExpressApp } from './method-not-allowed';
import { jsonBodyEdge, urlGuard } from './request-edge';

/**
 * Routes whose bodies are HTML forms or provider callbacks (form-urlencoded), not JSON: the JSON edge leaves their
 * bodies to Express's urlencoded parser. A module serving forms adds its route prefix here.
 */
export const FORM_ROUTE_PREFIXES: readonly string[] = ['/webhooks/sms', '/app'];

/**
 * Route prefixes whose JSON bodies may be larger than JSON_BODY_LIMITS.maxBytes: the Temporal Web UI sends the
 * codec endpoint a whole history's payloads in one request.
 */
export const LARGE_BODY_PREFIXES: Readonly<Record<string, number>> = { '/codec': 8 * 1024 * 1024 };

/**
 * Installs the HTTP edge on an app created with `bodyParser: false`: 400 for a NUL or invalid UTF-8 in the URL, 405
 * for a method a known path does not serve, the JSON body rules, then form parsing for the form routes only.
 */
export function installHttpEdge(app: NestExpressApplication): void {
  app.use(urlGuard);
  const express: unknown = app.getHttpAdapter().getInstance();
  app.use(methodNotAllowed(express as ExpressApp));
  app.use(jsonBodyEdge({ formRoutePrefixes: FORM_ROUTE_PREFIXES, maxBytesByPrefix: LARGE_BODY_PREFIXES }));
  // Flat fields only (strings and repeated strings): neither a form nor Twilio sends nested ones.
  app.useBodyParser('urlencoded', { extended: false, parameterLimit: 200 });
}
