import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, startApp, type RunningApp } from '../support/browser-mode';
import { reviewScreenshotPath } from '../support/screenshot-path';
import { ensureProfileBuilt } from './ensure-profile';

/**
 * The analyst's language (issue 13), in zh and en: the Customers grid heads aum_latest with its
 * business name and shows the definition on hover; the Data dictionary page finds 资产 and aum and
 * exports the dictionary to an Excel file the engine writes.
 */
let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-e2e-dictionary-out-'));

beforeAll(async () => {
  app = await startApp(3000);
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1600, height: 1100 } });
  page = await context.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  fs.rmSync(outDir, { recursive: true, force: true });
});

const LANGUAGES = [
  { lang: 'zh', name: '最新月末资产', definition: '分析日期所在月的月末总资产' },
  { lang: 'en', name: 'Latest month-end AUM', definition: 'Month-end total assets of the analysis month' },
] as const;

const dictionary = () => page.getByTestId('dictionary-page');

async function search(text: string): Promise<string[]> {
  await dictionary().getByTestId('dictionary-search').fill(text);
  await page.waitForFunction((q) => (document.querySelector('[data-testid="dictionary-search"]') as HTMLInputElement | null)?.value === q, text);
  return dictionary()
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => (r.getAttribute('data-testid') ?? '').replace(/^dictionary-row-/, '')));
}

describe('business names and the data dictionary', () => {
  it('opens on a built profile', async () => {
    await page.goto(app.url);
    await page.waitForSelector('[data-ready="true"]', { timeout: 30_000 });
    await ensureProfileBuilt(page);
    await page.getByTestId('profile-grid').waitFor({ timeout: 60_000 });
  }, 180_000);

  for (const { lang, name, definition } of LANGUAGES) {
    it(`${lang}: the grid heads aum_latest with its business name, the technical name and definition on hover`, async () => {
      await page.getByTestId('lang-switch').selectOption(lang);
      await page.getByTestId('nav-customers').click();
      const header = page.getByTestId('profile-grid').getByTestId('grid-header-aum_latest');
      await expect(header.textContent()).resolves.toContain(name);
      await header.hover();
      const tooltip = await header.getAttribute('title');
      expect(tooltip).toContain(name);
      expect(tooltip).toContain('aum_latest');
      expect(tooltip).toContain(definition);
      await page.screenshot({ path: reviewScreenshotPath(`grid-headers-${lang}.png`), fullPage: false });
      // A column the dictionary does not know keeps its technical name alone (none here: every profile column is named).
      await expect(page.getByTestId('profile-grid').getByTestId('grid-header-customer_id').textContent()).resolves.toContain(lang === 'zh' ? '客户号' : 'Customer ID');
    });

    it(`${lang}: the Data dictionary page finds 资产 and aum, grouped, in the reader's language`, async () => {
      await page.getByTestId('lang-switch').selectOption(lang);
      await page.getByTestId('nav-dictionary').click();
      await dictionary().waitFor();
      const byZh = await search('资产');
      expect(byZh).toContain('aum_latest');
      expect(byZh).not.toContain('age');
      const byEn = await search('aum');
      expect(byEn).toContain('aum_latest');
      expect(byEn).toContain('balances.aum');
      const row = dictionary().getByTestId('dictionary-row-aum_latest');
      await expect(row.textContent()).resolves.toContain('最新月末资产（AUM）');
      await expect(row.textContent()).resolves.toContain('Latest month-end AUM');
      await expect(row.textContent()).resolves.toContain(definition);
      await expect(dictionary().getByTestId('dictionary-group-assets').locator('h3').textContent()).resolves.toContain(lang === 'zh' ? '资产' : 'Assets');
      await page.screenshot({ path: reviewScreenshotPath(`dictionary-${lang}.png`), fullPage: false });
      await search('');
    });
  }

  it('exports the dictionary to Excel: the file the engine wrote holds aum_latest', async () => {
    await page.getByTestId('nav-dictionary').click();
    const file = path.join(outDir, '数据字典.xlsx');
    await dictionary().getByTestId('dictionary-export-path').fill(file);
    await dictionary().getByTestId('dictionary-export-run').click();
    await dictionary().getByTestId('dictionary-export-result').waitFor({ timeout: 30_000 });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const values: string[][] = [];
    book.worksheets[0]!.eachRow((r) => values.push((r.values as unknown[]).slice(1).map(String)));
    const aum = values.find((v) => v[1] === 'aum_latest');
    expect(aum?.[2]).toBe('最新月末资产（AUM）');
    expect(aum?.[3]).toBe('Latest month-end AUM');
    expect(Number(await dictionary().getByTestId('dictionary-export-result').getAttribute('data-rows'))).toBe(values.length - 1);
  });
});
