import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { requireRoles } from '../auth/auth.guard';
import { ACTOR_PROPERTY } from '../auth/current-actor.decorator';
import type { StaffRole } from '../auth/auth.types';
import { ROLES_KEY } from '../auth/roles.decorator';
import { tokensMatch, WebSessionService, type CookieJar, type WebSession } from './web-session.service';

/** The request property the guard stores the session in. */
export const SESSION_PROPERTY = 'webSession';
const SIGNED_OUT_KEY = 'web:signedOut';

/** A workspace route that needs no session (sign-in pages); it checks its own CSRF token. */
export const SignedOutAllowed = (): MethodDecorator & ClassDecorator => SetMetadata(SIGNED_OUT_KEY, true);

/** Thrown when a page needs a session: the workspace's exception filter redirects to the sign-in page. */
export class SignInRequired extends HttpException {
  constructor() {
    super('sign in to continue', HttpStatus.UNAUTHORIZED);
  }
}

export class CsrfRefused extends ForbiddenException {
  constructor() {
    super('This form has expired or did not come from this site. Reload the page and try again.');
  }
}

interface WebRequest extends CookieJar {
  method: string;
  body?: unknown;
}

export function sessionOf(request: object): WebSession | undefined {
  return (request as Record<string, WebSession | undefined>)[SESSION_PROPERTY];
}

/**
 * The workspace's guard (the JSON API's bearer guard lets these routes through as `@Public()`): a session cookie
 * instead of a bearer token, the same `@Roles(...)` check with the same 403, and a CSRF token on every POST.
 * Object-level rules (whose case, which court) stay in the services both surfaces call.
 */
@Injectable()
export class WebSessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: WebSessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<WebRequest>();
    const session = await this.sessions.read(request);
    if (session) {
      (request as unknown as Record<string, unknown>)[SESSION_PROPERTY] = session;
      (request as unknown as Record<string, unknown>)[ACTOR_PROPERTY] = session.actor;
    }
    if (this.reflector.getAllAndOverride<boolean | undefined>(SIGNED_OUT_KEY, targets)) return true;
    if (!session) throw new SignInRequired();
    if (request.method === 'POST' && !tokensMatch(formField(request.body, '_csrf'), session.csrf)) {
      throw new CsrfRefused();
    }
    requireRoles(this.reflector.getAllAndOverride<StaffRole[] | undefined>(ROLES_KEY, targets), session.actor);
    return true;
  }
}

/** One field of a url-encoded form body (the first, when repeated). */
export function formField(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}
