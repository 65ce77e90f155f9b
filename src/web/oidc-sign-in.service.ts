import { Inject, Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import { webConfig, type WebConfig } from '../config/configuration';

export interface AuthorizationStart {
  url: URL;
  /** Kept in the sealed pre-session cookie until the issuer sends the browser back. */
  state: string;
  codeVerifier: string;
}

/**
 * OpenID Connect sign-in for staff: the authorisation-code flow with PKCE (S256) and a state value, against the
 * configured issuer (discovered once, then cached). The ID token's claims become the session's actor.
 */
@Injectable()
export class OidcSignInService {
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(@Inject(webConfig.KEY) private readonly web: WebConfig) {}

  get enabled(): boolean {
    return this.web.oidc !== undefined;
  }

  private settings() {
    if (!this.web.oidc) throw new Error('OpenID Connect sign-in is not configured (WEB_OIDC_ISSUER)');
    return this.web.oidc;
  }

  private discover(): Promise<oidc.Configuration> {
    const settings = this.settings();
    this.configuration ??= oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret,
        settings.clientSecret ? undefined : oidc.None(),
        // A plain-http issuer is only for local development and tests.
        new URL(settings.issuer).protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw error;
      });
    return this.configuration;
  }

  async start(): Promise<AuthorizationStart> {
    const config = await this.discover();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.settings().redirectUrl,
      scope: 'openid profile email',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
    });
    return { url, state, codeVerifier };
  }

  /** Exchanges the code the issuer sent back (checking state and PKCE); returns the ID token's claims. */
  async finish(callbackPath: string, expected: { state: string; codeVerifier: string }): Promise<oidc.IDToken> {
    const config = await this.discover();
    const callbackUrl = new URL(callbackPath, this.settings().redirectUrl);
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: expected.codeVerifier,
      expectedState: expected.state,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('the issuer returned no ID token');
    return claims;
  }
}
