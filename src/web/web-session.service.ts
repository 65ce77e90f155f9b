import { Inject, Injectable, Logger } from '@nestjs/common';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isStaffRole, type AuthenticatedActor } from '../auth/auth.types';
import { authConfig, type AuthConfig, webConfig, type WebConfig } from '../config/configuration';

/** A signed-in member of staff, as the session cookie carries them. */
export interface WebSession {
  actor: AuthenticatedActor;
  name: string;
  /** The session's CSRF token: every form posts it back. */
  csrf: string;
}

/** What a browser sends and gets: the cookie header and a way to set cookies. */
export interface CookieJar {
  headers: { cookie?: string };
}

export const SESSION_COOKIE = 'rj_session';
/** Before sign-in: the CSRF token of the sign-in form (double-submit), and the OIDC state and PKCE verifier. */
export const PRE_SESSION_COOKIE = 'rj_presession';
const SESSION_HOURS = 8;

/**
 * Sessions in an encrypted cookie (JWE, dir + A256GCM with a key derived from WEB_SESSION_SECRET or AUTH_JWT_SECRET):
 * the server keeps no session table, and the browser can neither read nor forge what is in it.
 */
@Injectable()
export class WebSessionService {
  private readonly logger = new Logger(WebSessionService.name);
  private readonly key: Uint8Array;

  constructor(
    @Inject(webConfig.KEY) readonly web: WebConfig,
    @Inject(authConfig.KEY) auth: AuthConfig,
  ) {
    const secret = web.sessionSecret ?? auth.jwtSecret;
    if (!secret) this.logger.warn('No WEB_SESSION_SECRET: staff sessions end when this process restarts');
    this.key = createHash('sha256')
      .update(`staff-workspace-session:${secret ?? randomBytes(32).toString('hex')}`)
      .digest();
  }

  /** The cookie attributes: HttpOnly, SameSite=Lax, Secure outside development. */
  cookieOptions(maxAgeMs: number) {
    return { httpOnly: true, sameSite: 'lax' as const, secure: !this.web.development, path: '/', maxAge: maxAgeMs };
  }

  sessionMaxAgeMs(): number {
    return SESSION_HOURS * 3_600_000;
  }

  async seal(claims: Record<string, unknown>, expiresIn: string): Promise<string> {
    return new EncryptJWT(claims)
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .encrypt(this.key);
  }

  async unseal(token: string | undefined): Promise<Record<string, unknown> | undefined> {
    if (!token) return undefined;
    try {
      return (await jwtDecrypt(token, this.key)).payload;
    } catch {
      return undefined;
    }
  }

  async newSession(actor: AuthenticatedActor, name: string): Promise<string> {
    return this.seal({ actor, name, csrf: newToken() }, `${SESSION_HOURS}h`);
  }

  /** The session the request's cookie carries, or undefined when there is none or it is invalid or expired. */
  async read(request: CookieJar): Promise<WebSession | undefined> {
    const claims = await this.unseal(readCookie(request, SESSION_COOKIE));
    const actor = claims?.actor as Partial<AuthenticatedActor> | undefined;
    if (!claims || !actor || typeof actor.id !== 'string' || !Array.isArray(actor.roles)) return undefined;
    if (typeof claims.csrf !== 'string' || typeof claims.name !== 'string') return undefined;
    const roles = actor.roles.filter(isStaffRole);
    return {
      actor: { id: actor.id, roles, ...(typeof actor.court === 'string' ? { court: actor.court } : {}) },
      name: claims.name,
      csrf: claims.csrf,
    };
  }
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Constant-time comparison of a posted token with the expected one. */
export function tokensMatch(posted: unknown, expected: string | undefined): boolean {
  if (typeof posted !== 'string' || !expected) return false;
  const a = Buffer.from(posted);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function readCookie(request: CookieJar, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return undefined;
}
