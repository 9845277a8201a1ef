import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, startApp, type RunningApp } from '../support/browser-mode';

/**
 * The grid's tools on the Data page: the right-click menu (copy, filter by this value), Export…
 * through export.table (masked), a sort of a big table with its progress and Cancel, and the SQL
 * console's error with its line and column. The built renderer in Debian's Chromium against `serve`.
 */
let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const GRID_TOP_PX = 70;
const ROW_PX = 24;

beforeAll(async () => {
  app = await startApp();
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  await page.goto(app.url);
  await page.waitForSelector('[data-ready="true"]', { timeout: 30_000 });
  await openTable('customers');
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function openTable(name: string): Promise<void> {
  await page.getByTestId(`table-item-${name}`).click();
  await waitForGridLoaded();
}

async function waitForGridLoaded(): Promise<void> {
  await page.waitForFunction(() => {
    const element = document.querySelector('[data-testid="data-grid"]');
    return Number(element?.getAttribute('data-total-rows')) > 0 && element?.getAttribute('data-loaded') === 'true';
  }, undefined, { timeout: 60_000 });
}

async function cellPoint(row: number, column: string): Promise<{ x: number; y: number }> {
  const scroll = await page.getByTestId('data-grid').getByTestId('grid-scroll').boundingBox();
  const header = await page.getByTestId(`grid-header-${column}`).boundingBox();
  if (!scroll || !header) throw new Error('the grid is not on screen');
  return { x: header.x + 20, y: scroll.y + GRID_TOP_PX + row * ROW_PX + ROW_PX / 2 };
}

const totalRows = () => page.getByTestId('data-grid').getAttribute('data-total-rows').then(Number);

describe('grid tools', () => {
  it('copies the right-clicked cell as TSV from the context menu', async () => {
    const point = await cellPoint(0, 'customer_id');
    await page.mouse.click(point.x, point.y, { button: 'right' });
    await page.getByTestId('grid-context-menu').waitFor();
    await page.evaluate(() => {
      const w = window as unknown as { copied: string | null };
      w.copied = null;
      document.addEventListener('copy', (event) => (w.copied = event.clipboardData?.getData('text/plain') ?? null));
    });
    await page.getByTestId('grid-menu-copy').click();
    const copied = await page.evaluate(() => (window as unknown as { copied: string | null }).copied);
    const firstRow = (await page.getByTestId('data-grid').getByTestId('grid-first-row').innerText()).split(' | ');
    expect(copied).toBe(firstRow[0]);
    await expect(page.getByTestId('grid-context-menu').count()).resolves.toBe(0);
  });

  it('filters the view by the right-clicked value', async () => {
    const before = await totalRows();
    const firstId = (await page.getByTestId('data-grid').getByTestId('grid-first-row').innerText()).split(' | ')[0]!;
    const point = await cellPoint(0, 'customer_id');
    await page.mouse.click(point.x, point.y, { button: 'right' });
    await page.getByTestId('grid-menu-filter').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="data-grid"]')?.getAttribute('data-total-rows') === '1');
    expect(before).toBeGreaterThan(1);
    await waitForGridLoaded();
    expect((await page.getByTestId('data-grid').getByTestId('grid-first-row').innerText()).split(' | ')[0]).toBe(firstId);
    await page.getByTitle('Clear filters').click();
    await page.waitForFunction((n) => document.querySelector('[data-testid="data-grid"]')?.getAttribute('data-total-rows') === String(n), before);
  });

  it('exports the grid’s table to CSV, personal data masked', async () => {
    const out = path.join(app.workspaceDir, 'customers-export.csv');
    await page.getByTestId('grid-export').click();
    await page.getByTestId('table-export-format').selectOption('csv');
    await page.getByTestId('table-export-path').fill(out);
    await page.getByTestId('table-export-run').click();
    await page.getByTestId('table-export-result').waitFor({ timeout: 60_000 });
    const text = fs.readFileSync(out, 'utf8').replace(/^\uFEFF/, '');
    const lines = text.trim().split(/\r?\n/);
    // Business header rows (最新月末资产（AUM） aum_latest): the technical name is the last word.
    const header = lines[0]!.split(',').map((h) => h.split(' ').at(-1)!);
    expect(header).toEqual(expect.arrayContaining(['customer_id', 'id_number']));
    expect(lines.length - 1).toBe(await totalRows());
    const idColumn = header.indexOf('id_number');
    const ids = lines.slice(1, 50).map((line) => line.split(',')[idColumn] ?? '');
    // Masked: no clear 18-character resident ID number leaves the engine without a reason.
    for (const id of ids) expect(id).not.toMatch(/^\d{17}[\dX]$/);
    expect(ids.some((id) => id.includes('*'))).toBe(true);
    await page.getByTestId('table-export-close').click();
  });

  it('exports the filtered view: the rows the grid shows', async () => {
    const firstId = (await page.getByTestId('data-grid').getByTestId('grid-first-row').innerText()).split(' | ')[0]!;
    const point = await cellPoint(0, 'customer_id');
    await page.mouse.click(point.x, point.y, { button: 'right' });
    await page.getByTestId('grid-menu-filter').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="data-grid"]')?.getAttribute('data-total-rows') === '1');
    const out = path.join(app.workspaceDir, 'one-customer.csv');
    await page.getByTestId('grid-export').click();
    await page.getByTestId('table-export-path').fill(out);
    await page.getByTestId('table-export-run').click();
    await page.getByTestId('table-export-result').waitFor({ timeout: 60_000 });
    const lines = fs.readFileSync(out, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.split(',')[0]).toBe(firstId);
    await page.getByTestId('table-export-close').click();
    await page.getByTitle('Clear filters').click();
    await waitForGridLoaded();
  });

  it('shows a SQL error in full with its line and column', async () => {
    await page.getByTestId('sql-input').fill('SELECT customer_id,\n  no_such_column\nFROM customers');
    await page.getByTestId('sql-run').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="sql-status"]')?.getAttribute('data-state') === 'error');
    const position = page.getByTestId('sql-error-position');
    await expect(position.getAttribute('data-line')).resolves.toBe('2');
    await expect(position.getAttribute('data-column')).resolves.toBe('3');
    await expect(position.innerText()).resolves.toBe('Line 2, column 3');
    await expect(page.getByTestId('sql-error-detail').innerText()).resolves.toMatch(/no_such_column[\s\S]*LINE 2:/);
  });

  it('opens the customer of a profile-grid row from the context menu', async () => {
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customers-page').waitFor();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="profile-grid"]') !== null || document.querySelector('[data-testid="customers-no-profile"]') !== null,
      undefined,
      { timeout: 60_000 },
    );
    if (await page.getByTestId('customers-no-profile').isVisible()) await page.getByTestId('profile-build-empty').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="profile-grid"]')?.getAttribute('data-loaded') === 'true', undefined, { timeout: 120_000 });
    const grid = page.getByTestId('profile-grid');
    const box = await grid.getByTestId('grid-scroll').boundingBox();
    if (!box) throw new Error('the profile grid is not on screen');
    await page.mouse.click(box.x + 40, box.y + GRID_TOP_PX + 12, { button: 'right' });
    const open = page.getByTestId('grid-menu-open-customer');
    await expect(open.innerText()).resolves.toMatch(/^Open customer \S+/);
    await open.click();
    await page.waitForSelector('[data-testid="customer-detail"][data-loaded="true"]', { timeout: 30_000 });
    await page.getByTestId('nav-data').click();
    await openTable('customers');
  });

  it('sorts a big table with progress and Cancel, and Cancel goes back to the unsorted view', async () => {
    await page.getByTestId('sql-input').fill("CREATE TABLE big AS SELECT i, md5(i::VARCHAR) || md5((i * 7)::VARCHAR) AS h FROM range(6000000) t(i)");
    await page.getByTestId('sql-run').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="sql-status"]')?.getAttribute('data-state') === 'done', undefined, { timeout: 120_000 });
    await page.getByTestId('table-item-big').waitFor();
    await openTable('big');
    await page.getByTestId('data-grid').getByTestId('grid-header-h').click();
    await page.getByTestId('grid-building').waitFor({ timeout: 10_000 });
    // Catalog text (Building the view… / Sorting… 40%), never a raw progress key.
    await expect(page.getByTestId('grid-building-text').innerText()).resolves.toMatch(/^(Building the view…|Sorting…)/);
    await page.getByTestId('grid-cancel').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="grid-building"]') === null);
    await waitForGridLoaded();
    // Back to the table's own order: the first row is i = 0, and no sort chip is shown.
    expect((await page.getByTestId('data-grid').getByTestId('grid-first-row').innerText()).split(' | ')[0]).toBe('0');
    await expect(page.getByText(/Sorted by/).count()).resolves.toBe(0);
  });
});
