import type { Browser } from 'playwright-core';
import { configureCaseStack } from '../cases/case-api';
import { freePort } from '../support/free-port';
import { startApi, type RunningApi } from '../support/servers';
import { launchChromium, seriousViolations } from './browser';
import { startTestIssuer, type TestIssuer } from './oidc-issuer';

configureCaseStack('web-oidc');

describe('signing in to the workspace with OpenID Connect', () => {
  let issuer: TestIssuer;
  let api: RunningApi;
  let browser: Browser;

  beforeAll(async () => {
    issuer = await startTestIssuer('workspace', { sub: 'olivia', roles: ['coordinator'], name: 'Olivia Okafor' });
    // The redirect URL names the API's port, so the API listens on a port chosen before it starts.
    const port = await freePort();
    process.env.WEB_OIDC_ISSUER = issuer.url;
    process.env.WEB_OIDC_CLIENT_ID = 'workspace';
    process.env.WEB_OIDC_CLIENT_SECRET = 'workspace-client-secret';
    process.env.WEB_OIDC_REDIRECT_URL = `http://127.0.0.1:${port}/app/sign-in/callback`;
    api = await startApi(port);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.app.close();
    await issuer?.close();
    for (const key of ['WEB_OIDC_ISSUER', 'WEB_OIDC_CLIENT_ID', 'WEB_OIDC_CLIENT_SECRET', 'WEB_OIDC_REDIRECT_URL']) {
      delete process.env[key];
    }
  });

  it("signs in through the issuer's code flow with PKCE, and the ID token's roles decide what the person sees", async () => {
    const page = await browser.newPage();
    await page.goto(`${api.url}/app/today`);
    expect(await page.locator('input[name="staff"]').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Sign in with your organisation' }).click();
    await page.waitForURL('**/app/today');
    expect(await page.locator('.workspace-nav__who').innerText()).toContain('Olivia Okafor (coordinator)');
    expect(issuer.log.challenges).toEqual([
      { method: 'S256', challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) },
    ]);
    expect(issuer.log.tokenRequests).toEqual([{ verifierMatched: true }]);
    await page.close();
  });

  it('refuses a callback that did not start here (no state and verifier in this browser)', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${api.url}/app/sign-in/callback?code=stolen&state=guess`);
    expect(response?.status()).toBe(400);
    expect(await page.locator('[role="alert"]').innerText()).toContain('Try again');
    await page.close();
  });
});
