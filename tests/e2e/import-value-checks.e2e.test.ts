import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startApp, type RunningApp } from '../support/browser-mode';

/**
 * The import wizard's value checks and findings (issue 11), in browser mode, on two files of the
 * import corpus (tests/fixtures/exports, counts as in its manifest): a GBK export with a trailer
 * stating its count, and a numeric column with a few values that are no numbers and `?` for
 * missing. The preview shows the threshold, the offered token, the duplicate policy and the
 * trailer; the summary names the trailer check and the values that were not numbers, by line.
 */
let app: RunningApp;
let browser: Browser;
let page: Page;
const EXPORTS = path.resolve(__dirname, '../fixtures/exports/files');

beforeAll(async () => {
  app = await startApp(500);
  browser = await launchChromium();
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  await page.goto(app.url);
  await page.waitForSelector('[data-ready="true"]', { timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const testId = (id: string) => page.getByTestId(id);

async function waitForAttribute(id: string, name: string, value: string, timeout = 30_000): Promise<void> {
  await page.waitForFunction(([i, n, v]) => document.querySelector(`[data-testid="${i}"]`)?.getAttribute(n!) === v, [id, name, value] as const, { timeout });
}

async function preview(file: string): Promise<void> {
  await testId('import-open').click();
  await testId('import-wizard').waitFor({ state: 'visible' });
  await waitForAttribute('import-files', 'data-state', 'ready');
  await testId('import-path').fill(file);
  await testId('import-path').press('Enter');
  await waitForAttribute('import-selected', 'data-count', '1');
  await testId('import-next').click();
  await waitForAttribute('import-preview-step', 'data-state', 'ready');
}

async function runAndWait(): Promise<void> {
  await startImport();
  await testId('import-summary').waitFor({ state: 'visible', timeout: 60_000 });
}

/** Starts the import; a replace-mode import into a table that holds rows asks first, and is confirmed here. */
async function startImport(): Promise<void> {
  await testId('import-start').click();
  await page.locator('[data-testid="import-summary"], [data-testid="import-running"], [data-testid="import-replace-confirm"]').first().waitFor({ state: 'visible', timeout: 60_000 });
  if (await testId('import-replace-confirm').isVisible()) await testId('import-replace-ok').click();
}

describe('import wizard: value checks and findings', () => {
  it('a GBK export with a trailer: shown in the preview, its count checked in the summary', async () => {
    await preview(path.join(EXPORTS, 'gbk-title-trailer-bad.csv'));
    await testId('import-value-checks').waitFor({ state: 'visible' });
    await expect(testId('import-trailer').getAttribute('data-stated')).resolves.toBe('6');
    await expect(testId('import-trailer').innerText()).resolves.toContain('合计:6条');
    await expect(testId('import-numeric-threshold').inputValue()).resolves.toBe('99.9');
    await expect(testId('import-duplicates').inputValue()).resolves.toBe('keep-first');
    await runAndWait();
    await waitForAttribute('import-rows-read', 'data-value', '6');
    await expect(testId('import-rows-rejected').getAttribute('data-value')).resolves.toBe('2');
    await expect(testId('import-finding-trailer').getAttribute('data-matches')).resolves.toBe('true');
    await expect(testId('import-finding-trailer').innerText()).resolves.toContain('states 6 rows: 6 read');
    await testId('import-done').click();
    await testId('import-wizard').waitFor({ state: 'detached' });
  });

  it('a numeric column with a few non-numbers stays numeric; ? is offered and accepted; the summary names the lines', async () => {
    await preview(path.join(EXPORTS, 'numbers-with-text.csv'));
    await testId('import-near-numeric').waitFor({ state: 'visible' });
    await expect(testId('import-near-numeric').innerText()).resolves.toContain('账户余额');
    await testId('import-null-token-?').check();
    await runAndWait();
    await waitForAttribute('import-rows-loaded', 'data-value', '2998');
    await expect(testId('import-rows-rejected').getAttribute('data-value')).resolves.toBe('2');
    const values = await testId('import-finding-values').innerText();
    expect(values).toContain('账户余额: 2 values are not numbers');
    expect(values).toContain('line 1,207');
    expect(values).toContain('line 2,410: #VALUE!');
    await testId('import-done').click();
  });
});
