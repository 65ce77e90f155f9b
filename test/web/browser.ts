import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../support/build';

/** Debian's chromium package (`.ci/run` installs it when missing); Playwright's own download cannot be reached here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true });
}

export const SCREENSHOTS = path.join(PROJECT_ROOT, 'docs', 'screenshots');

/** Saves a full-page screenshot for the README (docs/screenshots/<name>.png). */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/**
 * The page's serious and critical WCAG 2.1 A/AA violations, by axe-core. `page.evaluate` runs outside the page's
 * Content-Security-Policy, so the strict policy stays on while axe runs.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<unknown> } }).axe;
    const result = (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })) as { violations: AxeViolation[] };
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target).slice(0, 3))}`);
}

/** Signs in through the development sign-in page as one of the seeded staff (by the name the page lists). */
export async function signIn(page: Page, baseUrl: string, name: string): Promise<void> {
  await page.goto(`${baseUrl}/app`);
  await choose(page, name);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/app/sign-in'));
}

/** Ticks a USWDS radio button or checkbox the way a person does: by its label (the input itself is drawn over). */
export async function choose(page: Page, label: string, within?: string): Promise<void> {
  const scope = within ? page.locator(within) : page;
  await scope.locator('label', { hasText: label }).first().click();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname === '/app/sign-in');
}

/** A UTC time as a datetime-local field takes it: 2026-12-03T14:05:09. */
export function localInput(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

export function dateInput(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Waits until the locator is visible (Playwright's retrying assertions live in @playwright/test, not used here). */
export async function visible(locator: Locator, timeout = 15_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}

/** Waits until an element the locator matches contains `text`. */
export async function contains(locator: Locator, text: string, timeout = 15_000): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ state: 'visible', timeout });
}
