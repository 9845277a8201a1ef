import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, startApp, type RunningApp } from '../support/browser-mode';
import { ensureProfileBuilt } from './ensure-profile';

/**
 * The Models page, end to end (issue 17): train a response model on the demo bank's campaigns,
 * see its lift chart, score the customers, keep the top 3 deciles as a segment (seen on the
 * Segments page with the same count), and open a campaign's result with its uplift and interval.
 */
let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const CUSTOMERS = 4000;

beforeAll(async () => {
  app = await startApp(CUSTOMERS);
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'en-US', viewport: { width: 1600, height: 1200 } });
  page = await context.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const models = () => page.getByTestId('models-page');

describe('Models page, end to end', () => {
  it('builds the profile (Customers page) and trains a response model with progress', async () => {
    await page.goto(app.url);
    await page.waitForSelector('[data-ready="true"]', { timeout: 30_000 });
    await ensureProfileBuilt(page);
    await page.getByTestId('nav-models').click();
    await models().waitFor();
    await models().getByTestId('models-preview').click();
    await models().getByTestId('models-preview-table').waitFor({ timeout: 120_000 });
    expect(await models().getByTestId('models-preview-table').locator('tbody tr').count()).toBeGreaterThan(1);
    await models().getByTestId('models-train-run').click();
    await models().getByTestId('models-card').waitFor({ timeout: 180_000 });
    expect(await models().getByTestId('models-card').getAttribute('data-name')).toBe('response');
    const auc = Number(await models().getByTestId('models-metrics-test').getAttribute('data-auc'));
    expect(auc).toBeGreaterThan(0.55);
    await page.waitForSelector('[data-testid="models-lift"][data-rendered="true"]');
    await page.waitForSelector('[data-testid="models-roc"][data-rendered="true"]');
    expect(await models().getByTestId('models-coefficients').locator('tbody tr').count()).toBeGreaterThan(10);
  }, 400_000);

  it('scores the customers and keeps the top 3 deciles as a segment with the same count on the Segments page', async () => {
    await models().getByTestId('models-score').click();
    await models().getByTestId('models-score-done').waitFor({ timeout: 60_000 });
    await models().getByTestId('models-cutoff').waitFor();
    await models().getByTestId('models-cutoff-by').selectOption('deciles');
    await models().getByTestId('models-cutoff-deciles').fill('3');
    await models().getByTestId('models-cutoff-run').click();
    await models().getByTestId('models-cutoff-chosen').waitFor();
    const chosen = Number(await models().getByTestId('models-cutoff-chosen').getAttribute('data-customers'));
    expect(chosen).toBe(Math.round((CUSTOMERS * 3) / 10));
    await page.waitForSelector('[data-testid="models-cutoff-chart"][data-rendered="true"]');
    await models().getByTestId('models-cutoff-segment-name').fill('E2E top 3 deciles');
    await models().getByTestId('models-cutoff-save').click();
    await expect(models().getByTestId('models-cutoff-message').innerText()).resolves.toContain('E2E top 3 deciles');

    // The cut-off becomes a campaign's ranking (the score) and cap (its N) in one click.
    await models().getByTestId('models-cutoff-segment-name').fill('E2E top deciles campaign');
    await models().getByTestId('models-cutoff-campaign').click();
    await expect.poll(() => models().getByTestId('models-cutoff-message').innerText(), { timeout: 30_000 }).toMatch(/Draft campaign “E2E top deciles campaign”/);
    await page.getByTestId('nav-campaigns').click();
    const campaignsPage = page.getByTestId('campaigns-page');
    await campaignsPage.getByRole('button', { name: 'E2E top deciles campaign' }).click();
    await expect.poll(() => campaignsPage.getByTestId('campaign-name').inputValue(), { timeout: 30_000 }).toBe('E2E top deciles campaign');
    await expect(campaignsPage.getByTestId('campaign-rank-by').inputValue()).resolves.toBe('score_response');
    await expect(campaignsPage.getByTestId('campaign-cap-total').inputValue()).resolves.toBe(String(chosen));
    await page.getByTestId('nav-models').click();

    await page.getByTestId('nav-segments').click();
    const item = page.getByTestId('segments-page').getByText('E2E top 3 deciles');
    await item.first().waitFor({ timeout: 30_000 });
    await item.first().click();
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="segment-count"]')?.getAttribute('data-count') === String(n),
      chosen,
      { timeout: 30_000 },
    );
  }, 120_000);

  it('opens the report of a finished campaign with its uplift and interval', async () => {
    await page.getByTestId('nav-models').click();
    await models().getByTestId('models-tab-experiments').click();
    await models().getByTestId('experiments-open').click();
    const uplift = models().getByTestId('experiments-uplift');
    await uplift.waitFor({ timeout: 30_000 });
    const [absolute, lower, upper] = await Promise.all(['data-absolute', 'data-lower', 'data-upper'].map((a) => uplift.getAttribute(a).then(Number)));
    expect(lower).toBeLessThan(absolute!);
    expect(upper).toBeGreaterThan(absolute!);
    // The planted treatment effect is large (≈ 18 % vs 7 %): the interval excludes 0.
    expect(lower).toBeGreaterThan(0);
    await expect(uplift.innerText()).resolves.toMatch(/Newcombe/);
    expect(await models().getByTestId('experiments-srm').getAttribute('data-mismatch')).toBe('false');
    await page.waitForSelector('[data-testid="experiments-chart"][data-rendered="true"]');
    await models().getByTestId('experiments-size-run').click();
    await expect(models().getByTestId('experiments-size-result').getAttribute('data-control')).resolves.toBe('8158');
  }, 60_000);

  it('offers saved dynamic segments, not static lists, for the "becomes a member" label', async () => {
    await models().getByTestId('models-tab-models').click();
    await models().getByTestId('models-label').selectOption('segment');
    const choice = models().getByTestId('models-segment');
    await page.waitForSelector('[data-testid="models-segment"][data-loaded="true"]', { timeout: 30_000 });
    // The cut-off segment saved above is a static list: "becomes a member" of it would be constant.
    const offered = await choice.locator('option').allInnerTexts();
    expect(offered).not.toContain('E2E top 3 deciles');
    expect(await choice.inputValue()).toBe('');
    await expect(models().getByTestId('models-train-run').isDisabled()).resolves.toBe(true);
    expect(await models().getByTestId('models-name').inputValue()).toBe('becomes_member');
  }, 60_000);
});
