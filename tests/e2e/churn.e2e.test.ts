import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, startApp, type RunningApp } from '../support/browser-mode';

/**
 * The Churn page, end to end: the built renderer in Debian's Chromium against `segment-workbench
 * serve` on a demo workspace. Survival by tier with its bands and the at-risk table; the
 * payroll-stopped definition switched from 3 to 5 months, the curve and the counts following; the
 * early-warning list saved as a segment.
 */
let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'en-US', viewport: { width: 1600, height: 1200 } });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const churn = () => page.getByTestId('churn-page');

/** The survival panel once settled: the number of churn events its curves hold. */
async function settledEvents(notEqual?: number): Promise<number> {
  await page.waitForFunction(
    (previous) => {
      const el = document.querySelector('[data-testid="survival-panel"]');
      if (!el || el.getAttribute('data-pending') !== 'false' || !el.hasAttribute('data-events')) return false;
      return previous === null || Number(el.getAttribute('data-events')) !== previous;
    },
    notEqual ?? null,
    { timeout: 60_000 },
  );
  return Number(await churn().getByTestId('survival-panel').getAttribute('data-events'));
}

async function settledCount(notEqual?: number): Promise<number> {
  await page.waitForFunction(
    (previous) => {
      const el = document.querySelector('[data-testid="churn-live-count"]');
      if (!el || el.getAttribute('data-pending') !== 'false' || !el.hasAttribute('data-count')) return false;
      return previous === null || Number(el.getAttribute('data-count')) !== previous;
    },
    notEqual ?? null,
    { timeout: 60_000 },
  );
  return Number(await churn().getByTestId('churn-live-count').getAttribute('data-count'));
}

describe('Churn page, end to end', () => {
  it('opens Churn (building the profile if needed) and draws survival by tier with bands and the at-risk table', async () => {
    await page.goto(app.url);
    await page.waitForSelector('[data-ready="true"]', { timeout: 30_000 });
    await page.getByTestId('nav-churn').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="survival-panel"]') !== null || document.querySelector('[data-testid="churn-no-profile"]') !== null,
      undefined,
      { timeout: 60_000 },
    );
    if (await churn().getByTestId('churn-no-profile').isVisible().catch(() => false)) await churn().getByTestId('churn-profile-build').click();
    await churn().getByTestId('survival-group-by').waitFor({ timeout: 120_000 });
    await churn().getByTestId('survival-group-by').selectOption('tier');
    const events = await settledEvents();
    expect(events).toBeGreaterThan(0);
    await page.waitForSelector('[data-testid="survival-chart"][data-rendered="true"]');
    await expect(churn().getByTestId('survival-chart')).toBeTruthy();
    expect(await churn().getByText('Greenwood variance, log-log transform', { exact: false }).count()).toBe(1);
    const rows = churn().getByTestId('survival-at-risk').locator('tbody tr');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-group')))).toEqual(['vip', 'potential', 'long_tail']);
    const firstCells = await rows.first().locator('td').allInnerTexts();
    expect(firstCells.length).toBeGreaterThan(2);
    // The bands: survival at months is shown with its 95 % interval wherever the group has churners.
    const atMonths = await churn().getByTestId('survival-at-months').locator('tbody tr').allInnerTexts();
    expect(atMonths).toHaveLength(3);
    expect(atMonths[2]).toMatch(/^Long tail/);
    expect(atMonths[2]).toMatch(/\d+\.\d%\s*\(\d+\.\d%–\d+\.\d%\)/);
    expect(await churn().getByTestId('survival-logrank').innerText()).toMatch(/χ² = [\d.]+, df = 2, p = /);
  });

  it('switching payroll stopped from 3 to 5 months changes the curve and the counts', async () => {
    const before = await settledEvents();
    await churn().getByTestId('churn-definition-select').selectOption('payroll_stopped_3m');
    await settledCount();
    const threeEvents = await settledEvents(before);
    const threeCount = Number(await churn().getByTestId('churn-live-count').getAttribute('data-count'));
    expect(Number(await churn().getByTestId('churn-param-missingMonths').inputValue())).toBe(3);
    const threeTable = await churn().getByTestId('survival-at-months').innerText();

    await churn().getByTestId('churn-param-missingMonths').fill('5');
    const fiveCount = await settledCount(threeCount);
    const fiveEvents = await settledEvents(threeEvents);
    expect(fiveCount).toBeLessThan(threeCount);
    expect(fiveEvents).toBeLessThan(threeEvents);
    expect(await churn().getByTestId('survival-at-months').innerText()).not.toBe(threeTable);
  });

  it('saves the early-warning list as a segment', async () => {
    await page.waitForSelector('[data-testid="warning-panel"][data-flagged]', { timeout: 60_000 });
    const flagged = Number(await churn().getByTestId('warning-panel').getAttribute('data-flagged'));
    expect(flagged).toBeGreaterThan(0);
    expect(await churn().getByTestId('warning-list').locator('tbody tr').count()).toBe(Math.min(100, flagged));
    await churn().getByTestId('warning-save-segment').click();
    await churn().getByTestId('warning-saved').waitFor({ timeout: 30_000 });
    expect(await churn().getByTestId('warning-saved').innerText()).toContain(`(${flagged.toLocaleString('en-US')} customers)`);
    // The segment is there for the Segments page (and for the population picker here).
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('segments-page').getByText('Early warning', { exact: false }).first().waitFor({ timeout: 30_000 });
    // …and a retention campaign in one click: the list, RM visits, most AUM first.
    await page.getByTestId('nav-churn').click();
    await churn().getByTestId('warning-save-campaign').click();
    await expect.poll(() => churn().getByTestId('warning-saved').innerText(), { timeout: 30_000 }).toMatch(/Draft campaign/);
    await page.getByTestId('nav-campaigns').click();
    const campaignsPage = page.getByTestId('campaigns-page');
    await campaignsPage.getByRole('button', { name: /Early warning/ }).first().click();
    await expect.poll(() => campaignsPage.getByTestId('campaign-name').inputValue(), { timeout: 30_000 }).toMatch(/Early warning/);
    await expect(campaignsPage.getByTestId('campaign-rank-by').inputValue()).resolves.toBe('aum_latest');
    await expect(campaignsPage.getByTestId('campaign-channel-rm_visit').isChecked()).resolves.toBe(true);
    await expect.poll(() => campaignsPage.getByTestId('campaign-results').getAttribute('data-members'), { timeout: 60_000 }).not.toBeNull();
  });
});
