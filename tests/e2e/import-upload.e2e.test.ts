import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, startApp, type RunningApp } from '../support/browser-mode';

/**
 * Browser-mode file picking in the import wizard: a file chosen in the browser's file dialog, and
 * one dropped on the wizard, are streamed to the engine (upload.* with a file name) and imported
 * like a typed path. The built renderer in Debian's Chromium against `serve`.
 */
const FIXTURES = path.resolve(__dirname, '../fixtures/import');
const GBK_FILE = path.join(FIXTURES, 'customers-gbk.csv');
const GBK_ROWS = 6;
const BROKEN_FILE = path.join(FIXTURES, 'broken.csv');
const BROKEN = { read: 9, loaded: 5 };

let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
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

async function openWizard(): Promise<void> {
  await testId('import-open').click();
  await testId('import-wizard').waitFor({ state: 'visible' });
  await waitForAttribute('import-files', 'data-state', 'ready');
}

/** From a selected file to the summary: preview, start (confirming a replace), and the counts read. */
async function importSelected(expected: { read: number; loaded: number }): Promise<void> {
  await testId('import-next').click();
  await waitForAttribute('import-preview-step', 'data-state', 'ready');
  await testId('import-start').click();
  await page.locator('[data-testid="import-summary"], [data-testid="import-running"], [data-testid="import-replace-confirm"]').first().waitFor({ state: 'visible', timeout: 60_000 });
  if (await testId('import-replace-confirm').isVisible()) await testId('import-replace-ok').click();
  await testId('import-summary').waitFor({ state: 'visible', timeout: 60_000 });
  await expect(testId('import-rows-read').getAttribute('data-value')).resolves.toBe(String(expected.read));
  await expect(testId('import-rows-loaded').getAttribute('data-value')).resolves.toBe(String(expected.loaded));
  await waitForAttribute('import-profile', 'data-state', 'ready', 60_000);
  await testId('import-done').click();
}

describe('import wizard, browser file picking', () => {
  it('starts in the home folder', async () => {
    await openWizard();
    const home = await page.evaluate(() => (document.querySelector('[data-testid="import-path"]') as HTMLInputElement).value);
    expect(home).not.toBe('');
    await testId('import-home').click();
    await waitForAttribute('import-files', 'data-state', 'ready');
    await expect(testId('import-path').inputValue()).resolves.toBe(home);
  });

  it('imports a file chosen in the browser’s file dialog, streamed to the engine', async () => {
    await testId('import-upload-input').setInputFiles(GBK_FILE);
    await waitForAttribute('import-selected', 'data-count', '1');
    const selected = await testId('import-selected').innerText();
    expect(selected).toContain('customers-gbk.csv');
    await importSelected({ read: GBK_ROWS, loaded: GBK_ROWS });
  });

  it('imports a file dropped on the wizard', async () => {
    await openWizard();
    const bytes = [...fs.readFileSync(BROKEN_FILE)];
    await page.evaluate((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'broken.csv', { type: 'text/csv' }));
      const target = document.querySelector('[data-testid="import-files"]')!;
      target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: transfer }));
      target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
    }, bytes);
    await waitForAttribute('import-selected', 'data-count', '1');
    await expect(testId('import-selected').innerText()).resolves.toContain('broken.csv');
    await importSelected(BROKEN);
  });
});
