import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startApp, type RunningApp } from '../support/browser-mode';
import { reviewScreenshotPath } from '../support/screenshot-path';
import { pickField } from './pick-field';

/**
 * The condition builder speaks the bank's language (issue 13 items 2–4), in zh and in en: the
 * searchable field picker finds the asset fields by 资产 and by aum (business names, groups,
 * definitions, sparklines), the keyboard picks one, and `50万` typed in an AUM condition is
 * understood as 500,000 and gives the same live count as `500000`. AUM opens on a log axis.
 */
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function settledCount(page: Page): Promise<number> {
  await page.waitForFunction(
    () => {
      const el = document.querySelector('[data-testid="segment-count"]');
      return el?.getAttribute('data-pending') === 'false' && el.hasAttribute('data-count');
    },
    undefined,
    { timeout: 60_000 },
  );
  return Number(await page.getByTestId('segment-count').getAttribute('data-count'));
}

async function openSegments(page: Page): Promise<void> {
  await page.goto(app.url);
  await page.waitForSelector('[data-ready="true"]', { timeout: 30_000 });
  await page.getByTestId('nav-segments').click();
  const segments = page.getByTestId('segments-page');
  await segments.waitFor();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="segment-count"][data-count]') !== null || document.querySelector('[data-testid="segments-no-profile"]') !== null,
    undefined,
    { timeout: 60_000 },
  );
  if (await segments.getByTestId('segments-no-profile').isVisible()) {
    await segments.getByTestId('segments-profile-build').click();
    await page.waitForSelector('[data-testid="segments-no-profile"]', { state: 'detached', timeout: 120_000 });
  }
}

/** The values of the options the picker lists now. */
async function listed(page: Page): Promise<string[]> {
  return page.getByTestId('condition-field-0-list').locator('[role="option"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-value') ?? ''));
}

const LANGS = [
  { locale: 'zh-CN', lang: 'zh', assets: '资产', aumLabel: '最新月末资产（AUM）', otherLabel: 'Latest month-end AUM', definition: '月末总资产', understood: '= 500,000' },
  { locale: 'en-US', lang: 'en', assets: 'Assets', aumLabel: 'Latest month-end AUM', otherLabel: '最新月末资产（AUM）', definition: 'Month-end total assets', understood: '= 500,000' },
] as const;

describe.each(LANGS)('field picker and amounts in conditions ($lang)', (L) => {
  let page: Page;

  beforeAll(async () => {
    const context = await browser.newContext({ locale: L.locale, viewport: { width: 1500, height: 1000 } });
    page = await context.newPage();
    await openSegments(page);
  });

  afterAll(async () => {
    await page?.context().close();
  });

  it('finds the asset fields by 资产 and by aum, grouped, with names, definitions and sparklines', async () => {
    const segments = page.getByTestId('segments-page');
    await segments.getByTestId('segment-add-condition').click();
    const input = segments.getByTestId('condition-field-0');
    await input.click();
    await expect(input.getAttribute('aria-expanded')).resolves.toBe('true');
    expect(await input.getAttribute('role')).toBe('combobox');

    await input.fill('资产');
    const byZh = await listed(page);
    expect(byZh).toEqual(expect.arrayContaining(['field:aum_latest', 'field:aum_avg_3m']));
    expect(byZh).not.toContain('field:age');
    const groupLabels = await page.getByTestId('condition-field-0-list').locator('.field-picker-group-label').allInnerTexts();
    expect(groupLabels[0]).toBe(L.assets);

    await input.fill('aum');
    const byAum = await listed(page);
    expect(byAum[0]).toBe('field:aum_latest');
    const option = page.getByTestId('condition-field-0-option-field_aum_latest');
    await expect(option.locator('.field-picker-label').innerText()).resolves.toBe(L.aumLabel);
    await expect(option.locator('.field-picker-alternate').innerText()).resolves.toBe(L.otherLabel);
    await expect(option.locator('.field-picker-definition').innerText()).resolves.toContain(L.definition);
    // The visible matches fetch their distribution (the value pickers' call) and draw it.
    await page.waitForSelector('[data-testid="condition-field-0-spark-aum_latest"][data-state="ready"]', { timeout: 30_000 });
    expect(Number(await page.getByTestId('condition-field-0-spark-aum_latest').getAttribute('data-bars'))).toBeGreaterThan(1);
    await page.screenshot({ path: reviewScreenshotPath(`field-picker-${L.lang}.png`) });

    // Keyboard: Esc closes and keeps the choice; arrows and Enter pick the first match.
    await input.press('Escape');
    await expect(input.getAttribute('aria-expanded')).resolves.toBe('false');
    await input.fill('aum');
    await expect(input.getAttribute('aria-expanded')).resolves.toBe('true');
    await input.press('ArrowDown');
    await input.press('ArrowUp');
    await input.press('Enter');
    await expect(input.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(input.inputValue()).resolves.toBe(L.aumLabel);
  });

  it('understands 50万 as 500,000: the same live count as 500000, on a log axis by default', async () => {
    const segments = page.getByTestId('segments-page');
    await segments.getByTestId('condition-op-0').selectOption('>=');
    const value = segments.getByTestId('condition-value-0');
    await value.fill('500000');
    const plain = await settledCount(page);
    await expect(segments.getByTestId('condition-value-0-understood').innerText()).resolves.toBe(L.understood);

    await value.fill('abc');
    await segments.getByTestId('condition-value-0-invalid').waitFor({ state: 'visible' });

    await value.fill('50万');
    await expect(segments.getByTestId('condition-value-0-understood').innerText()).resolves.toBe(L.understood);
    const wan = await settledCount(page);
    expect(wan).toBe(plain);
    expect(plain).toBeGreaterThan(0);
    expect(plain).toBeLessThan(3000);

    // AUM is heavy-tailed: its histogram opens on log bins, with the toggle showing it and switching back.
    const histogram = segments.locator('.number-histogram');
    await segments.locator('.number-histogram[data-scale="log"]').waitFor({ timeout: 30_000 });
    await expect(segments.getByTestId('condition-value-0-histogram-log').isChecked()).resolves.toBe(true);
    await page.screenshot({ path: reviewScreenshotPath(`amount-condition-${L.lang}.png`) });
    await segments.getByTestId('condition-value-0-histogram-log').uncheck();
    await segments.locator('.number-histogram[data-scale="linear"]').waitFor({ timeout: 30_000 });
    expect(await histogram.count()).toBe(1);
  });

  it('the Customers tag editor uses the same picker and amount input: 50万 previews the same count as 500000', async () => {
    await page.getByTestId('nav-customers').click();
    const customers = page.getByTestId('customers-page');
    await customers.getByTestId('customers-tab-tags').click();
    await customers.getByTestId('tag-new').click();
    await customers.getByTestId('condition-add').click();
    await pickField(customers, 0, 'field:aum_latest', 'aum');
    await expect(customers.getByTestId('condition-field-0').inputValue()).resolves.toBe(L.aumLabel);
    await customers.getByTestId('condition-op-0').selectOption('>=');
    const previewed = async (text: string, previous: string | null) => {
      await customers.getByTestId('condition-value-0').fill(text);
      await page.waitForFunction((p) => {
        const n = document.querySelector('[data-testid="tag-preview"]')?.getAttribute('data-count');
        return n !== null && n !== undefined && n !== p;
      }, previous, { timeout: 30_000 });
      return customers.getByTestId('tag-preview').getAttribute('data-count');
    };
    const initial = await customers.getByTestId('tag-preview').getAttribute('data-count');
    const plain = await previewed('500000', initial);
    await customers.getByTestId('condition-value-0').fill('1');
    await page.waitForFunction((p) => document.querySelector('[data-testid="tag-preview"]')?.getAttribute('data-count') !== p, plain, { timeout: 30_000 });
    const wan = await previewed('50万', await customers.getByTestId('tag-preview').getAttribute('data-count'));
    expect(wan).toBe(plain);
    await expect(customers.getByTestId('condition-value-0-understood').innerText()).resolves.toBe(L.understood);
  });
});
