import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { Observable } from 'rxjs';
import { diversionCaseWorkflowId } from '../../workflows/diversion-case/diversion-case.contract';
import { actorOf } from '../auth/current-actor.decorator';

interface RoutedRequest {
  params?: Record<string, string | undefined>;
  body?: unknown;
}

/**
 * Adds what the request is about to every line it logs, the request-completed line included: the case number and
 * its workflow id, and who is acting. Ids and roles only, never a name.
 */
@Injectable()
export class LogContextInterceptor implements NestInterceptor {
  constructor(private readonly logger: PinoLogger) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<RoutedRequest>();
    const fields: Record<string, string> = {};
    const caseNumber = request.params?.caseNumber ?? bodyCaseNumber(request.body);
    if (caseNumber) Object.assign(fields, { caseNumber, workflowId: diversionCaseWorkflowId(caseNumber) });
    const actor = actorOf(request);
    if (actor) Object.assign(fields, { actorId: actor.id, actorRoles: actor.roles.join(',') });
    if (Object.keys(fields).length > 0) this.logger.assign(fields);
    return next.handle();
  }
}

/** POST /cases names its case in the body. */
function bodyCaseNumber(body: unknown): string | undefined {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).caseNumber : undefined;
  return typeof value === 'string' && value.length <= 64 ? value : undefined;
}
