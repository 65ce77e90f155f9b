import { SetMetadata } from '@nestjs/common';
import type { StaffRole } from './auth.types';

export const ROLES_KEY = 'roles';

/** The roles allowed to call a route; the global guard answers 403 to any other authenticated caller. */
export const Roles = (...roles: StaffRole[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);
