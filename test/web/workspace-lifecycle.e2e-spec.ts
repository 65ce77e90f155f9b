import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  call,
  caseNumber as newCaseNumber,
  configureCaseStack,
  eventually,
  referral,
  startCaseStack,
  token,
  type CaseStack,
} from '../cases/case-api';
import {
  choose,
  contains,
  dateInput,
  visible,
  launchChromium,
  localInput,
  screenshot,
  seriousViolations,
  signIn,
  signOut,
} from './browser';

configureCaseStack('web-lifecycle');

const DAY = 86_400_000;

describe('the staff workspace in Chromium', () => {
  let stack: CaseStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let url: string;
  const problems: string[] = [];

  /** Every page the walk visits: no serious or critical axe violation, no failed asset, no CSP report. */
  async function checkPage(name?: string): Promise<void> {
    expect({ page: page.url(), violations: await seriousViolations(page) }).toEqual({
      page: page.url(),
      violations: [],
    });
    if (name) await screenshot(page, name);
  }

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startCaseStack(), launchChromium()]);
    url = stack.api.url;
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) problems.push(`${page.url()}: ${message.text()}`);
    });
    page.on('response', (response) => {
      if (response.request().resourceType() !== 'document' && response.status() >= 400) {
        problems.push(`${response.status()} ${response.url()}`);
      }
    });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('walks a case from referral to the clerk acknowledging the notice, by clicking, as four staff', async () => {
    const caseNumber = `WEB-${process.pid}-${Date.now().toString(36)}`;
    await signIn(page, url, 'Alice Coordinator');
    await checkPage('sign-in-today');

    // New referral: the eligibility result is shown before the case is referred.
    await page.getByRole('link', { name: 'New referral' }).click();
    await page.getByLabel('Case number').fill(caseNumber);
    await page.getByLabel('Court', { exact: true }).fill('Alameda Superior Court');
    await page.getByLabel('Jurisdiction').fill('Alameda County');
    await page.getByLabel('Charging deadline').fill(dateInput(Date.now() + 300 * DAY));
    await page.getByLabel('Offence code').fill('PC 594');
    await page.getByLabel('Offence category').fill('vandalism');
    await page.getByLabel('Prosecutor id').fill('pat');
    await page.locator('#referral-rpName').fill('Jordan Rivera');
    await page.locator('#referral-rpEmail').fill('jordan@example.org');
    await page.locator('#referral-rpAgeGroup').selectOption('18-24');
    await page.locator('#referral-victimName').fill('Sam Lee');
    await page.locator('#referral-victimEmail').fill('sam@example.org');
    await page.getByRole('button', { name: 'Check eligibility' }).click();
    await contains(page.locator('#eligibility'), 'Eligible for diversion');
    expect(await page.getByLabel('Case number').inputValue()).toBe(caseNumber);
    await checkPage('new-referral');
    await page.getByRole('button', { name: 'Refer the case' }).click();
    await page.waitForURL(`**/app/cases/${caseNumber}?done=referral`);
    await contains(page.locator('h1'), `Case ${caseNumber}`);
    await expectStage('Screening');

    // Screening → consents.
    await choose(page, 'Accept into the program');
    await page.getByRole('button', { name: 'Record the screening decision' }).click();
    await expectStage('Participant consent');
    await choose(page, 'Accepts the invitation');
    await choose(page, 'Acknowledges responsibility');
    await page.getByRole('button', { name: 'Record the response' }).click();
    await expectStage('Victim consent');
    await page.getByLabel('Response').selectOption('participate');
    await page.getByRole('button', { name: "Record the victim's response" }).click();
    await expectStage('Conference');

    // Schedule; an outcome before the conference has started is the workflow's 409, shown in that form.
    const at = Date.now() + 4000;
    await page.getByLabel('Date and time (UTC)').fill(localInput(at));
    await page.getByLabel('Location').fill('Community Center, Room 2');
    await page.getByRole('button', { name: 'Schedule the conference' }).click();
    await contains(page.locator('.usa-alert--success'), 'Conference');
    await page.getByLabel('Outcome').selectOption('held');
    const early = page.waitForResponse((r) => r.url().endsWith('/actions/conferenceOutcome'));
    await page.getByRole('button', { name: 'Record the outcome' }).click();
    expect((await early).status()).toBe(409);
    await contains(
      page.locator('form[action$="/actions/conferenceOutcome"] [role="alert"]'),
      'its outcome can be recorded once it has started',
    );
    await checkPage('case-409-inline');
    await page.waitForTimeout(Math.max(0, at - Date.now() + 500));
    await page.getByLabel('Outcome').selectOption('held');
    await page.getByRole('button', { name: 'Record the outcome' }).click();
    await expectStage('Agreement');

    // Agreement with restitution and community service, then progress until the plan is complete.
    const due = dateInput(Date.now() + 30 * DAY);
    await page.locator('select[name="o1-type"]').selectOption('restitution');
    await page.locator('input[name="o1-due"]').fill(due);
    await page.locator('input[name="o1-amount"]').fill('150.00');
    await page.locator('select[name="o2-type"]').selectOption('community_service');
    await page.locator('input[name="o2-due"]').fill(due);
    await page.locator('input[name="o2-hours"]').fill('6');
    await page.getByRole('button', { name: 'Record the agreement' }).click();
    await expectStage('Monitoring');
    await visible(page.locator('#obligations-heading'));
    await page.getByLabel('Payment in dollars').fill('50');
    await page.locator('form[action$="/actions/progress"]').first().getByRole('button').click();
    await visible(page.getByText('$50.00 paid of $150.00'));
    await checkPage('case-monitoring');
    await page.getByLabel('Payment in dollars').fill('100');
    await page.locator('form:has(input[name="amount"])').getByRole('button').click();
    await visible(page.getByText('$150.00 paid of $150.00'));
    await page.getByLabel('Hours worked').fill('6');
    await page.locator('form:has(input[name="hours"])').getByRole('button').click();
    await expectStage('Closure review');

    // Participants behind an audited "show".
    await page.getByRole('button', { name: 'Show contact details' }).click();
    await visible(page.getByText('jordan@example.org'));
    await contains(page.locator('.workspace-timeline'), 'Participants viewed');
    await signOut(page);

    // The prosecutor approves closure from their list.
    await signIn(page, url, 'Pat Prosecutor');
    await contains(page.locator('h1'), 'Waiting for me');
    await checkPage('prosecutor');
    await page.getByRole('link', { name: caseNumber }).first().click();
    await page.getByLabel('Recommendation').selectOption('charges_not_filed');
    await page.getByRole('button', { name: 'Approve closure' }).click();
    await expectStage('Closed completed');
    await signOut(page);

    // The clerk reads the completion notice in the page and acknowledges it.
    await signIn(page, url, 'Carla Clerk');
    await eventually(async () => {
      await page.goto(`${url}/app/clerk`);
      await visible(page.getByRole('link', { name: `Completion notice, case ${caseNumber}` }), 500);
    });
    await page.getByRole('link', { name: `Completion notice, case ${caseNumber}` }).click();
    await page.waitForURL('**/app/clerk?notice=*');
    const pdfSrc = await page.locator('iframe.workspace-pdf').getAttribute('src');
    const pdf = await page.request.get(`${url}${pdfSrc ?? ''}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await checkPage('clerk-inbox');
    await page.getByRole('button', { name: 'Acknowledge receipt' }).click();
    await contains(page.locator('.usa-alert--success'), 'Receipt acknowledged');
    await visible(page.getByText('Acknowledged by carla'));
    await signOut(page);

    // The admin sees the outcome in the report, with the CSV beside the charts.
    await signIn(page, url, 'Ada Admin');
    await page.getByRole('link', { name: 'Outcome report' }).click();
    await visible(page.locator('#outcomes-title'));
    expect(await page.locator('#outcomes-svg-title').textContent()).toContain('Completion rate 100%');
    await checkPage('admin-report');
    const csv = await page.request.get(
      `${url}${(await page.getByRole('link', { name: 'Download the CSV' }).getAttribute('href')) ?? ''}`,
    );
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    await page.goto(`${url}/app/cases/${caseNumber}`);
    await contains(page.locator('.workspace-timeline'), 'Notice acknowledged');
    await checkPage('case-closed');
    await page.goto(`${url}/app/cases`);
    await checkPage('cases');
    await signOut(page);
    expect(problems).toEqual([]);
  });

  /** A fresh browser context (its own cookies) signed in as one of the seeded staff. */
  async function signedIn(name: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const fresh = await (await browser.newContext({ viewport })).newPage();
    await signIn(fresh, url, name);
    return fresh;
  }

  async function referViaApi(prefix: string, overrides: Record<string, unknown> = {}): Promise<string> {
    const number = newCaseNumber(prefix);
    const alice = await token('coordinator', 'alice');
    const created = await call(url, 'POST', '/cases', { token: alice, body: referral(number, overrides) });
    expect(created.status).toBe(201);
    return number;
  }

  it("shows the workflow's 409 beside the form when the case moved on since the page was loaded", async () => {
    const number = await referViaApi('WEB409');
    const alice = await signedIn('Alice Coordinator');
    await alice.goto(`${url}/app/cases/${number}`);
    // Someone else decides screening first (here over the JSON API); this page still shows the screening form.
    const decided = await call(url, 'POST', `/cases/${number}/screening`, {
      token: await token('coordinator', 'alice'),
      body: { decision: 'accept' },
    });
    expect(decided.status).toBe(200);
    await choose(alice, 'Accept into the program');
    const refused = alice.waitForResponse((r) => r.url().endsWith('/actions/screening'));
    await alice.getByRole('button', { name: 'Record the screening decision' }).click();
    expect((await refused).status()).toBe(409);
    // The screening form is gone (the stage moved on), so the message leads the page, above the current forms.
    await contains(alice.locator('main > .usa-alert--error'), 'decide screening');
    await contains(alice.locator('.usa-step-indicator__heading-text'), 'Stage: Participant consent');
    expect(await seriousViolations(alice)).toEqual([]);
    await alice.context().close();
  });

  it('settles a review from the case page: the coordinator asks for a return, the prosecutor declines it', async () => {
    const number = await referViaApi('WEBREV');
    const alice = await signedIn('Alice Coordinator');
    await alice.goto(`${url}/app/cases/${number}`);
    await alice.locator('#other-request-code').fill('NONCOMPLIANCE');
    await alice.locator('#other-request-return').getByRole('button', { name: 'Request a return' }).click();
    await contains(alice.locator('#reviews-heading'), 'Open reviews (1)');
    await contains(alice.locator('.workspace-review'), 'Return requested');
    await screenshot(alice, 'case-review');
    await alice.context().close();

    const pat = await signedIn('Pat Prosecutor');
    await contains(pat.locator('main'), number);
    await pat.goto(`${url}/app/cases/${number}`);
    const review = pat.locator('.workspace-review').first();
    await review.getByLabel('Reason', { exact: true }).fill('Give the plan another two weeks');
    await review.getByRole('button', { name: 'Decline' }).click();
    await contains(pat.locator('#reviews-heading'), 'Open reviews (0)');
    expect(await seriousViolations(pat)).toEqual([]);
    const live = await call<{
      reviews: unknown[];
      resolvedReviews: Array<{ reasonCode: string; resolvedBy?: string }>;
    }>(url, 'GET', `/cases/${number}`, { token: await token('prosecutor', 'pat') });
    expect(live.body.reviews).toEqual([]);
    expect(live.body.resolvedReviews).toEqual([
      expect.objectContaining({ reasonCode: 'RETURN_REQUESTED', resolvedBy: 'pat' }),
    ]);
    await pat.context().close();
  });

  it("refuses a clerk another court's notice, in the list, the page and the PDF", async () => {
    const marin = 'Marin Superior Court';
    const number = await referViaApi('WEBCOURT', { court: marin, chargesFiled: true });
    const returned = await call(url, 'POST', `/cases/${number}/return`, {
      token: await token('prosecutor', 'pat'),
      body: { reasonCode: 'NEW_CHARGES' },
    });
    expect(returned.status).toBe(200);
    const marinClerk = await token('clerk', 'mara', marin);
    const notice = await eventually(async () => {
      const inbox = await call<Array<{ id: string; caseNumber: string }>>(url, 'GET', '/notices', {
        token: marinClerk,
      });
      const found = inbox.body.find((n) => n.caseNumber === number);
      if (!found) throw new Error(`no return notice for ${number} yet`);
      return found;
    });
    const carla = await signedIn('Carla Clerk');
    await carla.goto(`${url}/app/clerk`);
    expect(await carla.locator('main').innerText()).not.toContain(number);
    const page403 = await carla.goto(`${url}/app/clerk?notice=${notice.id}`);
    expect(page403?.status()).toBe(403);
    await contains(carla.locator('[role="alert"]'), 'this notice belongs to another court');
    expect(await seriousViolations(carla)).toEqual([]);
    const pdf = await carla.request.get(`${url}/app/clerk/notices/${notice.id}/document`);
    expect(pdf.status()).toBe(403);
    await carla.context().close();
  });

  it("refuses a form without the session's CSRF token and changes nothing; the pages forbid inline script", async () => {
    const number = await referViaApi('WEBCSRF');
    const alice = await signedIn('Alice Coordinator');
    const today = await alice.goto(`${url}/app/today`);
    const csp = today?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const forms: Array<Record<string, string>> = [
      { decision: 'accept', _csrf: 'forged-token' },
      { decision: 'accept' },
    ];
    for (const form of forms) {
      const forged = await alice.request.post(`${url}/app/cases/${number}/actions/screening`, { form });
      expect(forged.status()).toBe(403);
      expect(await forged.text()).toContain('did not come from this site');
    }
    const signInForged = await (
      await browser.newContext()
    ).request.post(`${url}/app/sign-in`, {
      form: { staff: 'ada', _csrf: 'forged-token' },
      maxRedirects: 0,
    });
    expect(signInForged.status()).toBe(403);
    const live = await call<{ stage: string }>(url, 'GET', `/cases/${number}`, {
      token: await token('coordinator', 'alice'),
    });
    expect(live.body.stage).toBe('SCREENING');
    await alice.context().close();
  });

  it('signs out: the session cookie is gone and pages ask to sign in again', async () => {
    const alice = await signedIn('Alice Coordinator');
    const cookie = (await alice.context().cookies()).find((c) => c.name === 'rj_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await signOut(alice);
    expect((await alice.context().cookies()).map((c) => c.name)).not.toContain('rj_session');
    await alice.goto(`${url}/app/today`);
    expect(new URL(alice.url()).pathname).toBe('/app/sign-in');
    expect(new URL(alice.url()).searchParams.get('next')).toBe('/app/today');
    await alice.context().close();
  });

  it('lets an admin reassign a case, after which the former coordinator is refused it as the API refuses it', async () => {
    const number = await referViaApi('WEBASSIGN');
    const ada = await signedIn('Ada Admin');
    await ada.goto(`${url}/app/cases/${number}`);
    await ada.locator('#other-assignment-to').fill('bob');
    await ada.locator('#other-assignment-reason').fill('Alice is on leave');
    await ada.getByRole('button', { name: 'Reassign' }).click();
    await contains(ada.locator('.usa-intro'), 'coordinator bob');
    await screenshot(ada, 'admin-reassign');
    await ada.context().close();

    const alice = await signedIn('Alice Coordinator');
    const refused = await alice.goto(`${url}/app/cases/${number}`);
    expect(refused?.status()).toBe(403);
    await contains(alice.locator('[role="alert"]'), 'assigned to another coordinator');
    const api = await call(url, 'GET', `/cases/${number}`, { token: await token('coordinator', 'alice') });
    expect(api.status).toBe(403);
    // A role the page does not admit: the same 403 as the JSON API's role guard.
    const carla = await signedIn('Carla Clerk');
    expect((await carla.goto(`${url}/app/cases`))?.status()).toBe(403);
    await Promise.all([alice.context().close(), carla.context().close()]);
  });

  it('lays the case page out without horizontal scrolling on a tablet and at 200 % zoom', async () => {
    const number = await referViaApi('WEBTAB');
    for (const [name, viewport] of [
      ['case-tablet', { width: 768, height: 1024 }],
      // 200 % zoom of a 1280-pixel window leaves 640 CSS pixels.
      ['case-zoom-200', { width: 640, height: 450 }],
    ] as const) {
      const alice = await signedIn('Alice Coordinator', viewport);
      await alice.goto(`${url}/app/cases/${number}`);
      const widths = await alice.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      expect({ name, overflow: widths.scroll - widths.client }).toEqual({ name, overflow: 0 });
      await screenshot(alice, name);
      await alice.context().close();
    }
  });

  async function expectStage(stage: string): Promise<void> {
    await contains(page.locator('.usa-step-indicator__heading-text'), `Stage: ${stage}`);
  }
});
