import { SignJWT } from 'jose';
import type { StaffRole } from './auth.types';

export interface DevTokenClaims {
  sub: string;
  roles: StaffRole[];
  court?: string;
  /** jose duration, for example '8h'; default 12h. */
  expiresIn?: string;
  issuer?: string;
  audience?: string;
}

/** Signs an HS256 development token with the shared secret (the API verifies it with AUTH_JWT_SECRET). */
export async function mintDevToken(secret: string, claims: DevTokenClaims): Promise<string> {
  const jwt = new SignJWT({ roles: claims.roles, ...(claims.court ? { court: claims.court } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '12h');
  if (claims.issuer) jwt.setIssuer(claims.issuer);
  if (claims.audience) jwt.setAudience(claims.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}

/** The development staff the embedded launcher prints tokens for and the demo acts as. */
export const DEV_STAFF = {
  coordinator: { sub: 'alice', roles: ['coordinator'], fullName: 'Alice Coordinator', email: 'alice@example.org' },
  prosecutor: { sub: 'pat', roles: ['prosecutor'], fullName: 'Pat Prosecutor', email: 'pat@example.org' },
  clerk: {
    sub: 'carla',
    roles: ['clerk'],
    court: 'Alameda Superior Court',
    fullName: 'Carla Clerk',
    email: 'carla@example.org',
  },
  admin: { sub: 'ada', roles: ['admin'], fullName: 'Ada Admin', email: 'ada@example.org' },
} as const satisfies Record<
  StaffRole,
  Omit<DevTokenClaims, 'roles'> & { roles: readonly StaffRole[]; fullName: string; email: string }
>;

/** One development token per role (12 hours), for the embedded launcher's banner. */
export async function devTokensPerRole(secret: string): Promise<Array<[StaffRole, string, string]>> {
  return Promise.all(
    (Object.entries(DEV_STAFF) as Array<[StaffRole, (typeof DEV_STAFF)[StaffRole]]>).map(
      async ([role, staff]): Promise<[StaffRole, string, string]> => [
        role,
        staff.sub,
        await mintDevToken(secret, {
          sub: staff.sub,
          court: 'court' in staff ? staff.court : undefined,
          roles: [...staff.roles],
        }),
      ],
    ),
  );
}
