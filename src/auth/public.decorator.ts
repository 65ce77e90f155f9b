import { SetMetadata } from '@nestjs/common';

/** Metadata key read by the global auth guard: routes carrying it need no bearer token. */
export const IS_PUBLIC_KEY = 'isPublic';

/** Marks a route (or a whole controller) as reachable without authentication. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);
