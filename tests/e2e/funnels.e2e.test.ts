import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, startApp, type RunningApp } from '../support/browser-mode';
import { reviewScreenshotPath } from '../support/screenshot-path';
import { ensureProfileBuilt } from './ensure-profile';

/**
 * The Funnels page, end to end (issue 15): build the salon funnel (contacted → attended → inquired
 * → applied → opened), break it down by age band and by arm, save the drop-off after "inquired"
 * as a segment and find it on the Segments page with the same count.
 */
let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const STEPS = ['contacted', 'attended', 'inquired', 'applied', 'opened'];

beforeAll(async () => {
  app = await startApp(3000);
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'en-US', viewport: { width: 1600, height: 1200 } });
  page = await context.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const funnels = () => page.getByTestId('funnels-page');

/** The step counts of a table row once the result is up to date. */
async function rowCounts(group: string): Promise<number[]> {
  await page.waitForSelector('[data-testid="funnel-result"][data-up-to-date="true"]', { timeout: 60_000 });
  const cells = funnels().locator(`[data-testid="funnel-table"] tr[data-group="${group}"] td[data-customers]`);
  return (await cells.evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-customers')))));
}

describe('Funnels page, end to end', () => {
  it('builds the salon funnel and counts every step', async () => {
    await page.goto(app.url);
    await page.waitForSelector('[data-ready="true"]', { timeout: 30_000 });
    // Breakdowns read the profile: build it on the Customers page first.
    await ensureProfileBuilt(page);
    await page.getByTestId('nav-funnels').click();
    await funnels().waitFor();
    for (let k = 2; k < STEPS.length; k++) await funnels().getByTestId('funnel-add-step').click();
    for (const [k, name] of STEPS.entries()) await funnels().getByTestId(`funnel-value-${k}`).fill(name);
    await funnels().getByTestId('funnel-window').fill('60');
    await funnels().getByTestId('funnel-period-from').fill('2000-01-01');
    await funnels().getByTestId('funnel-period-to').fill('2100-01-01');
    const total = await rowCounts('total');
    expect(total).toHaveLength(5);
    expect(total[0]).toBeGreaterThan(0);
    for (let k = 1; k < total.length; k++) expect(total[k]).toBeLessThanOrEqual(total[k - 1]!);
    await page.waitForSelector('[data-testid="funnel-chart"][data-rendered="true"]');
  }, 300_000);

  it('breaks down by age band (the bands add up to the total) and by arm', async () => {
    const total = await rowCounts('total');
    await funnels().getByTestId('funnel-breakdown').selectOption('age_band');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="funnel-table"] tr[data-group]').length > 2, undefined, { timeout: 60_000 });
    const groups = await funnels().locator('[data-testid="funnel-table"] tr[data-group]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-group')));
    const bands = groups.filter((g) => g !== 'total');
    expect(bands.every((b) => ['18-29', '30-44', '45-59', '60+'].includes(b!))).toBe(true);
    const sums = new Array<number>(5).fill(0);
    for (const band of bands) (await rowCounts(band!)).forEach((n, k) => (sums[k]! += n));
    expect(sums).toEqual(total);

    await funnels().getByTestId('funnel-breakdown').selectOption('arm');
    await funnels().getByTestId('funnel-arm-campaign').fill('CMP-SALON-03');
    await page.waitForFunction(() => document.querySelector('[data-testid="funnel-table"] tr[data-group="treatment"]') !== null, undefined, { timeout: 60_000 });
    expect(await rowCounts('treatment')).toEqual(total);
  }, 120_000);

  it('saves the drop-off after "inquired" as a segment with the same count on the Segments page', async () => {
    const total = await rowCounts('total');
    await funnels().getByTestId('funnel-dropoff-2').click();
    const message = funnels().getByTestId('funnel-message');
    await message.waitFor({ timeout: 30_000 });
    const expected = total[2]! - total[3]!;
    await expect(message.innerText()).resolves.toContain(`${expected.toLocaleString('en-US')} customers`);
    await page.getByTestId('nav-segments').click();
    const item = page.getByTestId('segments-page').getByText('Funnel: inquired, not applied');
    await item.first().waitFor({ timeout: 30_000 });
    await item.first().click();
    await page.waitForFunction((n) => document.querySelector('[data-testid="segment-count"]')?.getAttribute('data-count') === String(n), expected, { timeout: 30_000 });
  }, 120_000);

  it('counts the drop-off segment beside the whole base, side by side, and breaks down by two fields at once', async () => {
    await page.getByTestId('nav-funnels').click();
    await funnels().waitFor();
    const total = await rowCounts('total');
    const expected = total[2]! - total[3]!;
    const compare = funnels().getByTestId('funnel-compare');
    const option = compare.locator('option', { hasText: 'Funnel: inquired, not applied' }).first();
    await option.waitFor({ state: 'attached', timeout: 30_000 });
    await compare.selectOption({ value: (await option.getAttribute('value'))! });
    const table = funnels().getByTestId('funnel-compare-table');
    await table.waitFor({ timeout: 60_000 });
    await page.waitForSelector('[data-testid="funnel-chart-b"][data-rendered="true"]', { timeout: 60_000 });
    const column = (i: number) => table.locator(`tbody tr td:nth-child(${i})`).evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-customers'))));
    expect(await column(2)).toEqual(total);
    // Its members all reached "inquired" and none "applied": step 3 of the same funnel over them is empty.
    expect(await column(3)).toEqual([expected, expected, expected, 0, 0]);
    await page.screenshot({ path: reviewScreenshotPath('funnels-side-by-side-en.png'), fullPage: true });

    await funnels().getByTestId('funnel-breakdown').selectOption('age_band');
    await funnels().getByTestId('funnel-breakdown-2').selectOption('gender');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="funnel-table"] tr[data-group]')].some((r) => r.getAttribute('data-group')!.includes(' × ')), undefined, { timeout: 60_000 });
    const groups = await funnels().locator('[data-testid="funnel-table"] tr[data-group]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-group')!).filter((g) => g !== 'total'));
    const sums = new Array<number>(5).fill(0);
    for (const group of groups) (await rowCounts(group)).forEach((n, k) => (sums[k]! += n));
    expect(sums).toEqual(total);
  }, 180_000);
});
