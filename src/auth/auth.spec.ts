import { SignJWT } from 'jose';
import type { AuthConfig } from '../config/configuration';
import { bearerToken } from './auth.guard';
import { actingRole } from './auth.types';
import { mintDevToken } from './dev-token';
import { InvalidTokenError, TokenVerifier } from './token-verifier.service';

const SECRET = 'unit-test-secret-0123456789-abcdefghijkl';
const config = (overrides: Partial<AuthConfig> = {}): AuthConfig => ({
  jwtSecret: SECRET,
  jwksUrl: undefined,
  issuer: undefined,
  audience: undefined,
  maxTokenLifetimeSeconds: 12 * 3600,
  ...overrides,
});

describe('TokenVerifier with an HS256 development secret', () => {
  const verifier = new TokenVerifier(config());

  it('reads the subject, the known roles and the court of a minted token', async () => {
    const token = await mintDevToken(SECRET, { sub: 'carla', roles: ['clerk'], court: 'Alameda Superior Court' });
    await expect(verifier.verify(token)).resolves.toEqual({
      id: 'carla',
      roles: ['clerk'],
      court: 'Alameda Superior Court',
    });
  });

  it('drops roles it does not know', async () => {
    const token = await new SignJWT({ roles: ['coordinator', 'superuser'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    await expect(verifier.verify(token)).resolves.toEqual({ id: 'alice', roles: ['coordinator'] });
  });

  it('refuses a token signed with another secret, an expired token and one without a subject', async () => {
    const other = await mintDevToken('another-secret-0123456789-abcdefghijklmnop', { sub: 'x', roles: ['admin'] });
    const expired = await mintDevToken(SECRET, { sub: 'x', roles: ['admin'], expiresIn: '-1m' });
    const anonymous = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    await expect(verifier.verify(other)).rejects.toThrow(new InvalidTokenError('the token is not valid'));
    await expect(verifier.verify(expired)).rejects.toThrow(new InvalidTokenError('the token has expired'));
    await expect(verifier.verify(anonymous)).rejects.toThrow(new InvalidTokenError('the token has no subject'));
  });

  it('checks issuer and audience when they are configured', async () => {
    const strict = new TokenVerifier(config({ issuer: 'https://id.example.org', audience: 'diversion' }));
    const wrong = await mintDevToken(SECRET, {
      sub: 'x',
      roles: ['admin'],
      issuer: 'https://evil.example.org',
      audience: 'diversion',
    });
    const right = await mintDevToken(SECRET, {
      sub: 'x',
      roles: ['admin'],
      issuer: 'https://id.example.org',
      audience: 'diversion',
    });
    await expect(strict.verify(wrong)).rejects.toThrow(InvalidTokenError);
    await expect(strict.verify(right)).resolves.toMatchObject({ id: 'x' });
  });

  it('refuses a token without exp, and one that lives longer than the configured maximum', async () => {
    const key = new TextEncoder().encode(SECRET);
    const forever = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuedAt()
      .sign(key);
    const week = await mintDevToken(SECRET, { sub: 'x', roles: ['admin'], expiresIn: '7d' });
    const noIatWeek = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setExpirationTime('7d')
      .sign(key);
    await expect(verifier.verify(forever)).rejects.toThrow(
      new InvalidTokenError('the token has no expiry (exp); ask for a token that expires'),
    );
    const tooLong = new InvalidTokenError(
      'the token lives longer than the 12 hours this server accepts; ask for a shorter-lived token',
    );
    await expect(verifier.verify(week)).rejects.toThrow(tooLong);
    await expect(verifier.verify(noIatWeek)).rejects.toThrow(tooLong);
    // The development default (12 h) is exactly the limit; a longer limit is configuration.
    await expect(verifier.verify(await mintDevToken(SECRET, { sub: 'x', roles: ['admin'] }))).resolves.toMatchObject({
      id: 'x',
    });
    const lenient = new TokenVerifier(config({ maxTokenLifetimeSeconds: 8 * 24 * 3600 }));
    await expect(lenient.verify(week)).resolves.toMatchObject({ id: 'x' });
  });

  it('refuses every token when no key is configured', async () => {
    const token = await mintDevToken(SECRET, { sub: 'x', roles: ['admin'] });
    await expect(new TokenVerifier(config({ jwtSecret: undefined })).verify(token)).rejects.toThrow(InvalidTokenError);
  });
});

describe('bearerToken', () => {
  it('takes the token from an Authorization: Bearer header only', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('actingRole', () => {
  it('picks the first of the allowed roles the actor holds', () => {
    expect(actingRole({ id: 'a', roles: ['admin', 'coordinator'] }, ['coordinator', 'prosecutor'])).toBe('coordinator');
    expect(actingRole({ id: 'a', roles: ['clerk'] }, ['coordinator'])).toBeUndefined();
  });
});
