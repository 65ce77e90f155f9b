import { createParamDecorator, type ExecutionContext, UnauthorizedException } from '@nestjs/common';
import type { AuthenticatedActor } from './auth.types';

/** The request property the guard stores the verified caller in. */
export const ACTOR_PROPERTY = 'actor';

export function actorOf(request: object): AuthenticatedActor | undefined {
  return (request as Record<string, AuthenticatedActor | undefined>)[ACTOR_PROPERTY];
}

/** The authenticated caller (set by the global guard). */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedActor => {
  const actor = actorOf(context.switchToHttp().getRequest<object>());
  if (!actor) throw new UnauthorizedException('a bearer token is required');
  return actor;
});
