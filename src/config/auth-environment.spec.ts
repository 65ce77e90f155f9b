import { ConfigurationError, parseEnvironment } from './environment';

describe('parseEnvironment: authentication and case settings', () => {
  it('has no signing key and no policy override by default', () => {
    const environment = parseEnvironment({}, '/srv/app');
    expect(environment.auth).toEqual({
      jwtSecret: undefined,
      jwksUrl: undefined,
      issuer: undefined,
      audience: undefined,
      maxTokenLifetimeSeconds: 12 * 3600,
    });
    expect(environment.cases).toEqual({ allowPolicyOverride: false });
  });

  it('reads a development secret, or a JWKS URL with its issuer and audience', () => {
    const secret = 'x'.repeat(32);
    expect(parseEnvironment({ AUTH_JWT_SECRET: secret, ALLOW_POLICY_OVERRIDE: 'true' })).toMatchObject({
      auth: { jwtSecret: secret },
      cases: { allowPolicyOverride: true },
    });
    expect(
      parseEnvironment({
        AUTH_JWKS_URL: 'https://id.example.org/.well-known/jwks.json',
        AUTH_ISSUER: 'https://id.example.org',
        AUTH_AUDIENCE: 'diversion-api',
      }).auth,
    ).toEqual({
      jwtSecret: undefined,
      jwksUrl: 'https://id.example.org/.well-known/jwks.json',
      issuer: 'https://id.example.org',
      audience: 'diversion-api',
      maxTokenLifetimeSeconds: 12 * 3600,
    });
  });

  it('reads the longest token lifetime in hours, and names a bad one', () => {
    expect(parseEnvironment({ AUTH_MAX_TOKEN_HOURS: '8' }).auth.maxTokenLifetimeSeconds).toBe(8 * 3600);
    expect(() => parseEnvironment({ AUTH_MAX_TOKEN_HOURS: 'forever' })).toThrow(
      /AUTH_MAX_TOKEN_HOURS must be a whole number of hours from 1 to 168/,
    );
  });

  it('names a short secret, a JWKS URL without issuer and audience, and a bad flag together', () => {
    let error: unknown;
    try {
      parseEnvironment({ AUTH_JWT_SECRET: 'short', AUTH_JWKS_URL: 'ftp://x', ALLOW_POLICY_OVERRIDE: 'maybe' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems).toEqual([
      'AUTH_JWT_SECRET must be at least 32 characters',
      'AUTH_JWKS_URL must be a https:// or http:// URL',
      'AUTH_JWKS_URL needs AUTH_ISSUER and AUTH_AUDIENCE',
      'ALLOW_POLICY_OVERRIDE="maybe" must be true or false',
    ]);
  });
});
