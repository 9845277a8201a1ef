import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, startApp, type RunningApp } from '../support/browser-mode';
import { pickField } from './pick-field';
import { reviewScreenshotPath } from '../support/screenshot-path';
import { ensureProfileBuilt } from './ensure-profile';

/**
 * The Campaigns page, end to end (issue 14): two segments saved on the Segments page, a campaign
 * built from them with a suppression and a 10 % holdout, its waterfall as the engine counts it,
 * the list exported to XLSX split by RM (files on disk, masked), and the export in the audit log.
 */
let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-e2e-campaign-out-'));

beforeAll(async () => {
  app = await startApp(3000);
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'en-US', viewport: { width: 1800, height: 1300 } });
  page = await context.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  fs.rmSync(outDir, { recursive: true, force: true });
});

const segments = () => page.getByTestId('segments-page');
const campaigns = () => page.getByTestId('campaigns-page');

async function saveSegment(name: string, field: string, op: string, value: string): Promise<void> {
  await page.getByTestId('nav-segments').click();
  await segments().getByTestId('segment-new').click();
  await segments().getByTestId('segment-add-condition').click();
  await pickField(segments(), 0, `field:${field}`);
  await segments().getByTestId('condition-op-0').selectOption(op);
  await segments().getByTestId('condition-value-0').fill(value);
  await segments().getByTestId('segment-name').fill(name);
  await page.waitForFunction(() => document.querySelector('[data-testid="segment-count"]')?.getAttribute('data-pending') === 'false', undefined, { timeout: 30_000 });
  await segments().getByTestId('segment-save').click();
  await segments().getByTestId(`segment-list-item-${name}`).waitFor({ timeout: 30_000 });
}

/** The waterfall as the page shows it once the latest build answered. */
async function waterfall(): Promise<Array<{ kind: string; remaining: number; removed: number; label: string }>> {
  await page.waitForFunction(() => document.querySelector('[data-testid="campaign-building"]') === null && document.querySelector('[data-testid="campaign-results"]') !== null, undefined, { timeout: 60_000 });
  return campaigns()
    .locator('[data-testid="campaign-waterfall"] tbody tr')
    .evaluateAll((rows) => rows.map((r) => ({ kind: r.getAttribute('data-kind') ?? '', remaining: Number(r.getAttribute('data-remaining')), removed: Number(r.getAttribute('data-removed')), label: (r.querySelector('td')?.textContent ?? '').trim() })));
}

describe('Campaigns page, end to end', () => {
  it('builds a campaign from two segments with a suppression and a 10 % holdout; the waterfall adds up', async () => {
    await page.goto(app.url);
    await page.waitForSelector('[data-ready="true"]', { timeout: 30_000 });
    await ensureProfileBuilt(page);
    await saveSegment('e2e wealthy', 'aum_latest', '>=', '50000');
    await saveSegment('e2e young', 'age', '<', '35');

    await page.getByTestId('nav-campaigns').click();
    await campaigns().waitFor();
    await campaigns().getByTestId('campaign-name').fill('e2e salon invitation');
    await campaigns().getByTestId('campaign-channel-rm_visit').check();
    await campaigns().getByTestId('campaign-add-segment').click();
    await campaigns().getByTestId('campaign-add-segment').click();
    await campaigns().getByTestId('campaign-selection-segment-0').selectOption({ label: 'e2e wealthy' });
    await campaigns().getByTestId('campaign-selection-segment-1').selectOption({ label: 'e2e young' });
    await campaigns().getByTestId('campaign-add-suppression').selectOption('contact_fatigue');
    await campaigns().getByTestId('campaign-rm').check();
    await campaigns().getByTestId('campaign-rm-default').fill('25');
    await expect(campaigns().getByTestId('campaign-holdout').isChecked()).resolves.toBe(true);
    await expect(campaigns().getByTestId('campaign-holdout-value').inputValue()).resolves.toBe('10');

    const steps = await waterfall();
    expect(steps[0]!.kind).toBe('selection');
    expect(steps.map((s) => s.kind)).toEqual(expect.arrayContaining(['invalid', 'minors', 'contact_fatigue']));
    expect(steps.find((s) => s.kind === 'contact_fatigue')!.label).toMatch(/Contact fatigue/);
    for (let i = 1; i < steps.length; i++) expect(steps[i]!.remaining).toBe(steps[i - 1]!.remaining - steps[i]!.removed);
    const members = Number(await campaigns().getByTestId('campaign-results').getAttribute('data-members'));
    expect(members).toBe(steps.at(-1)!.remaining);
    expect(members).toBeGreaterThan(50);
    const control = Number(await campaigns().getByTestId('campaign-arm-control').getAttribute('data-customers'));
    expect(Math.abs(control - members * 0.1)).toBeLessThanOrEqual(3);
    await page.waitForSelector('[data-testid="campaign-waterfall-chart"][data-rendered="true"]');
    await page.waitForSelector('[data-testid="campaign-rm-chart"][data-rendered="true"]');
    await page.screenshot({ path: reviewScreenshotPath('campaigns-en.png'), fullPage: true });

    // The list itself, before any export: one row per member, in the masked grid.
    await campaigns().getByTestId('campaign-show-list').click();
    await page.waitForFunction((n) => document.querySelector('[data-testid="campaign-list-preview"]')?.getAttribute('data-rows') === String(n), members, { timeout: 60_000 });
    await campaigns().getByTestId('campaign-list-grid').waitFor({ timeout: 30_000 });
    await campaigns().getByTestId('campaign-show-list').click();
  }, 300_000);

  it('saves a version, then exports the list to XLSX split by RM: the files are on disk, masked, and add up to the list', async () => {
    await campaigns().getByTestId('campaign-save').click();
    await expect(campaigns().getByTestId('campaign-message').innerText()).resolves.toMatch(/version 1/);
    const members = Number(await campaigns().getByTestId('campaign-results').getAttribute('data-members'));
    await campaigns().getByTestId('campaign-export').click();
    const dialog = page.getByTestId('campaign-export-dialog');
    await dialog.getByTestId('campaign-export-format').selectOption('xlsx');
    await dialog.getByTestId('campaign-export-split').selectOption('rm_id');
    const folder = path.join(outDir, 'by-rm');
    await dialog.getByTestId('campaign-export-path').fill(folder);
    await dialog.getByTestId('campaign-export-run').click();
    await dialog.getByTestId('campaign-export-result').waitFor({ timeout: 120_000 });
    const files = Number(await dialog.getByTestId('campaign-export-result').getAttribute('data-files'));
    expect(Number(await dialog.getByTestId('campaign-export-result').getAttribute('data-rows'))).toBe(members);
    const written = fs.readdirSync(folder).filter((f) => f.endsWith('.xlsx'));
    expect(written.length).toBe(files);
    expect(written.every((f) => f.startsWith('rm_id_'))).toBe(true);
    let rows = 0;
    for (const file of written) {
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(path.join(folder, file));
      book.worksheets[0]!.eachRow((row, n) => {
        if (n === 1) return;
        rows++;
        expect(String((row.values as unknown[])[2])).toMatch(/^.\*$/u);
      });
    }
    expect(rows).toBe(members);
    await dialog.getByTestId('campaign-export-close').click();
  }, 180_000);

  it('shows the export in the audit log, and Verify finds every file unchanged', async () => {
    await campaigns().getByTestId('campaign-tab-audit').click();
    const entry = campaigns().locator('[data-testid="audit-entry"][data-action="export"]').first();
    await entry.waitFor({ timeout: 30_000 });
    await expect(entry.innerText()).resolves.toMatch(/e2e salon invitation v1/);
    await campaigns().getByTestId('audit-verify').click();
    await expect(campaigns().getByTestId('audit-verify-result').innerText()).resolves.toMatch(/as it was written/);
    const statuses = await entry.locator('[data-testid="audit-file"]').evaluateAll((items) => items.map((i) => i.getAttribute('data-status')));
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 'ok')).toBe(true);
    await page.screenshot({ path: reviewScreenshotPath('campaigns-audit-en.png'), fullPage: true });
  }, 120_000);
});
