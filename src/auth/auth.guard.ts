import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACTOR_PROPERTY } from './current-actor.decorator';
import type { AuthenticatedActor, StaffRole } from './auth.types';
import { IS_PUBLIC_KEY } from './public.decorator';
import { ROLES_KEY } from './roles.decorator';
import { InvalidTokenError, TokenVerifier } from './token-verifier.service';

interface BearerRequest {
  headers: Record<string, string | string[] | undefined>;
}

/**
 * The global guard: every route needs a valid bearer token (401 otherwise) unless it is `@Public()`, and a caller
 * without one of the route's `@Roles(...)` gets 403. Object-level checks (whose case, which court) stay in services.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<BearerRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new UnauthorizedException('a bearer token is required');
    let actor;
    try {
      actor = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new UnauthorizedException(error.message);
      throw error;
    }
    (request as unknown as Record<string, unknown>)[ACTOR_PROPERTY] = actor;
    requireRoles(this.reflector.getAllAndOverride<StaffRole[] | undefined>(ROLES_KEY, targets), actor);
    return true;
  }
}

/** The `@Roles(...)` rule, shared with the staff workspace's session guard: one of them, or 403. */
export function requireRoles(allowed: readonly StaffRole[] | undefined, actor: AuthenticatedActor): void {
  if (allowed && !allowed.some((role) => actor.roles.includes(role))) {
    throw new ForbiddenException(`this action needs the role ${allowed.join(' or ')}`);
  }
}

export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)$/i.exec(value ?? '');
  return match?.[1];
}
