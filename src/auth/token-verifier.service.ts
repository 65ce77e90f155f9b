import { Inject, Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { authConfig, type AuthConfig } from '../config/configuration';
import { isStaffRole, type AuthenticatedActor } from './auth.types';

/** Why a token was refused; the guard answers 401 with this message. */
export class InvalidTokenError extends Error {}

/** Verifies bearer JWTs: HS256 with AUTH_JWT_SECRET in development, the issuer's JWKS in production. */
@Injectable()
export class TokenVerifier {
  private readonly logger = new Logger(TokenVerifier.name);
  private readonly key: Uint8Array | JWTVerifyGetKey | undefined;
  private readonly algorithms: string[];

  constructor(@Inject(authConfig.KEY) private readonly auth: AuthConfig) {
    if (auth.jwksUrl) {
      this.key = createRemoteJWKSet(new URL(auth.jwksUrl));
      this.algorithms = ['RS256', 'ES256', 'PS256', 'EdDSA'];
    } else if (auth.jwtSecret) {
      this.key = new TextEncoder().encode(auth.jwtSecret);
      this.algorithms = ['HS256'];
    } else {
      this.algorithms = [];
      this.logger.warn('Neither AUTH_JWKS_URL nor AUTH_JWT_SECRET is set: every authenticated route answers 401');
    }
  }

  async verify(token: string): Promise<AuthenticatedActor> {
    if (this.key === undefined) throw new InvalidTokenError('authentication is not configured on this server');
    const options = {
      algorithms: this.algorithms,
      ...(this.auth.issuer ? { issuer: this.auth.issuer } : {}),
      ...(this.auth.audience ? { audience: this.auth.audience } : {}),
      requiredClaims: ['exp'],
    };
    let payload: JWTPayload;
    try {
      const result =
        this.key instanceof Uint8Array
          ? await jwtVerify(token, this.key, options)
          : await jwtVerify(token, this.key, options);
      payload = result.payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new InvalidTokenError('the token has expired');
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'exp') {
        throw new InvalidTokenError('the token has no expiry (exp); ask for a token that expires');
      }
      throw new InvalidTokenError('the token is not valid');
    }
    lifetimeProblem(payload, this.auth.maxTokenLifetimeSeconds);
    return actorFromClaims(payload);
  }
}

/** Refuses a token that lives longer than the configured maximum, counted from its iat (or from now without one). */
export function lifetimeProblem(payload: JWTPayload, maxSeconds: number, nowSeconds = Date.now() / 1000): void {
  const from = typeof payload.iat === 'number' ? payload.iat : nowSeconds;
  if (typeof payload.exp !== 'number' || payload.exp - from > maxSeconds) {
    throw new InvalidTokenError(
      `the token lives longer than the ${maxSeconds / 3600} hours this server accepts; ask for a shorter-lived token`,
    );
  }
}

/** Maps verified claims to an actor: `sub`, a `roles` array (or space-separated string) and `court` for clerks. */
export function actorFromClaims(payload: JWTPayload): AuthenticatedActor {
  if (typeof payload.sub !== 'string' || !payload.sub) throw new InvalidTokenError('the token has no subject');
  const raw = payload.roles;
  const list: unknown[] = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/\s+/) : [];
  const roles = [...new Set(list.filter(isStaffRole))];
  const court = typeof payload.court === 'string' && payload.court ? payload.court : undefined;
  return { id: payload.sub, roles, ...(court ? { court } : {}) };
}
