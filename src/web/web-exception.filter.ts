import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { messagesOf } from './action-forms';
import { SignInRequired, sessionOf } from './web-session.guard';
import { ErrorPage, renderDocument } from './views/layout';

/** The workspace's errors as pages: sign-in when there is no session, the API's message and status otherwise. */
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(WebExceptionFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof SignInRequired) {
      const next = request.method === 'GET' ? request.originalUrl : '/app';
      response.redirect(303, `/app/sign-in?next=${encodeURIComponent(next)}`);
      return;
    }
    const status = error instanceof HttpException ? error.getStatus() : 500;
    if (status >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    const message =
      error instanceof HttpException && status < 500
        ? messagesOf(error).join(' ')
        : 'The server could not complete the request. Try again; if it keeps failing, tell the administrator.';
    const ctx = { session: sessionOf(request), path: request.path };
    response
      .status(status)
      .type('html')
      .send(renderDocument(ErrorPage({ ctx, status, message })));
  }
}
