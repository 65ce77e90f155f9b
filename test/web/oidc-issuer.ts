import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/** What the test issuer saw: each authorisation request's PKCE challenge, and whether the token requests proved it. */
export interface IssuerLog {
  challenges: Array<{ method: string | null; challenge: string | null }>;
  tokenRequests: Array<{ verifierMatched: boolean }>;
}

export interface TestIssuer {
  url: string;
  log: IssuerLog;
  close(): Promise<void>;
}

/**
 * A small in-process OpenID Connect issuer for the sign-in test: discovery, an authorisation endpoint that signs the
 * user in at once (the claims given here), a token endpoint that refuses a code whose PKCE verifier does not match
 * its S256 challenge, and a JWKS. Enough to drive openid-client's real code flow end to end.
 */
export async function startTestIssuer(clientId: string, claims: Record<string, unknown>): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const log: IssuerLog = { challenges: [], tokenRequests: [] };
  let issuer = '';

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', issuer);
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      });
    } else if (url.pathname === '/jwks') {
      json(200, { keys: [jwk] });
    } else if (url.pathname === '/authorize') {
      const challenge = url.searchParams.get('code_challenge');
      log.challenges.push({ method: url.searchParams.get('code_challenge_method'), challenge });
      const code = randomBytes(16).toString('hex');
      const redirectUri = url.searchParams.get('redirect_uri') ?? '';
      codes.set(code, { challenge: challenge ?? '', redirectUri });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      response.writeHead(302, { location: back.href }).end();
    } else if (url.pathname === '/token' && request.method === 'POST') {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        void (async () => {
          const form = new URLSearchParams(body);
          const grant = codes.get(form.get('code') ?? '');
          codes.delete(form.get('code') ?? '');
          const verifier = form.get('code_verifier') ?? '';
          const verifierMatched =
            grant !== undefined && createHash('sha256').update(verifier).digest('base64url') === grant.challenge;
          log.tokenRequests.push({ verifierMatched });
          if (!grant || !verifierMatched || form.get('redirect_uri') !== grant.redirectUri) {
            json(400, { error: 'invalid_grant' });
            return;
          }
          const idToken = await new SignJWT(claims)
            .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
            .setIssuer(issuer)
            .setAudience(clientId)
            .setIssuedAt()
            .setExpirationTime('5m')
            .sign(privateKey);
          json(200, { access_token: randomBytes(16).toString('hex'), token_type: 'Bearer', id_token: idToken });
        })();
      });
    } else {
      json(404, { error: 'not_found' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: issuer,
    log,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
