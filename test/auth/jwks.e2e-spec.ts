import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { InvalidTokenError, TokenVerifier } from '../../src/auth/token-verifier.service';

const ISSUER = 'https://id.example.org';
const AUDIENCE = 'diversion-api';

describe('TokenVerifier against an issuer JWKS (production mode)', () => {
  let server: http.Server;
  let verifier: TokenVerifier;
  let privateKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    server = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    verifier = new TokenVerifier({
      jwtSecret: undefined,
      jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      issuer: ISSUER,
      audience: AUDIENCE,
      maxTokenLifetimeSeconds: 12 * 3600,
    });
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const sign = (claims: { iss?: string; aud?: string }, key: CryptoKey = privateKey) =>
    new SignJWT({ roles: ['prosecutor'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
      .setSubject('pat')
      .setIssuer(claims.iss ?? ISSUER)
      .setAudience(claims.aud ?? AUDIENCE)
      .setExpirationTime('5m')
      .sign(key);

  it("accepts a token signed with the issuer's key for this audience", async () => {
    await expect(verifier.verify(await sign({}))).resolves.toEqual({ id: 'pat', roles: ['prosecutor'] });
  });

  it('refuses another issuer, another audience, another key and an HS256 token', async () => {
    const stranger = (await generateKeyPair('RS256')).privateKey;
    const hs256 = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('guessable-secret-0123456789-abcdefghij'));
    for (const token of [
      await sign({ iss: 'https://evil.example.org' }),
      await sign({ aud: 'another-api' }),
      await sign({}, stranger),
      hs256,
    ]) {
      await expect(verifier.verify(token)).rejects.toThrow(InvalidTokenError);
    }
  });
});
