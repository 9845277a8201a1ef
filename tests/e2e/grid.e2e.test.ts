import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, startApp, type RunningApp } from '../support/browser-mode';

/**
 * The canvas grid beyond drawing: the ARIA grid of the visible window that assistive technology
 * reads, selecting cells (click, shift-click, drag) and copying them as TSV, and resizing a column
 * by its header edge. The built renderer in Debian's Chromium against `serve` on a demo workspace.
 */
let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;

/** Header height of the canvas grid (header + filter row) and the row height, see draw-grid.ts. */
const GRID_TOP_PX = 70;
const ROW_PX = 24;

beforeAll(async () => {
  app = await startApp();
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  await page.goto(app.url);
  await page.waitForSelector('[data-ready="true"]', { timeout: 30_000 });
  await page.getByTestId('table-item-customers').click();
  await waitForGridLoaded();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const grid = () => page.getByTestId('data-grid');
const a11y = () => page.getByTestId('data-grid-a11y');

async function waitForGridLoaded(): Promise<void> {
  await page.waitForFunction(() => {
    const element = document.querySelector('[data-testid="data-grid"]');
    return Number(element?.getAttribute('data-total-rows')) > 0 && element?.getAttribute('data-loaded') === 'true';
  });
}

/** The header button of a column: its left edge and width on the page. */
async function headerBox(column: string): Promise<{ x: number; width: number }> {
  const box = await page.getByTestId(`grid-header-${column}`).boundingBox();
  if (!box) throw new Error(`header ${column} is not on screen`);
  return { x: box.x, width: box.width };
}

/** A point inside the cell of the visible row `row` (0 = first on screen) and column. */
async function cellPoint(row: number, column: string): Promise<{ x: number; y: number }> {
  const scroll = await page.getByTestId('grid-scroll').boundingBox();
  if (!scroll) throw new Error('the grid is not on screen');
  const header = await headerBox(column);
  return { x: header.x + 20, y: scroll.y + GRID_TOP_PX + row * ROW_PX + ROW_PX / 2 };
}

/** The texts of the accessibility grid's cells, row by row, for the given 1-based column indexes. */
async function gridCellTexts(): Promise<Array<{ rowIndex: number; cells: Array<{ colIndex: number; text: string }> }>> {
  return a11y().evaluate((element) =>
    [...element.querySelectorAll('[role="row"]')]
      .filter((row) => row.querySelector('[role="gridcell"]') !== null)
      .map((row) => ({
        rowIndex: Number(row.getAttribute('aria-rowindex')),
        cells: [...row.querySelectorAll('[role="gridcell"]')].map((cell) => ({ colIndex: Number(cell.getAttribute('aria-colindex')), text: cell.textContent ?? '' })),
      })),
  );
}

describe('canvas grid: accessibility, selection and copy, column widths', () => {
  it('exposes the visible window as an ARIA grid with the cells’ text, masked', async () => {
    const total = Number(await grid().getAttribute('data-total-rows'));
    const role = page.getByRole('grid');
    await expect(role.count()).resolves.toBe(1);
    await expect(role.getAttribute('aria-rowcount')).resolves.toBe(String(total + 1));
    const colCount = Number(await role.getAttribute('aria-colcount'));
    expect(colCount).toBeGreaterThan(5);
    await expect(page.getByRole('columnheader', { name: 'customer_id' }).count()).resolves.toBe(1);

    const rows = await gridCellTexts();
    expect(rows.length).toBeGreaterThan(5);
    expect(rows[0]!.rowIndex).toBe(2); // row 1 is the header
    // The first row's cells are the text the canvas draws (grid-first-row joins them with " | ").
    const firstRow = (await page.getByTestId('grid-first-row').innerText()).split(' | ');
    const visibleColumns = rows[0]!.cells;
    for (const cell of visibleColumns) expect(cell.text).toBe(firstRow[cell.colIndex - 1]);
    // Personal data is masked in the accessibility tree as on the canvas.
    const allText = rows.flatMap((r) => r.cells.map((c) => c.text)).join('\n');
    expect(allText).toMatch(/\*/);
    expect(allText).not.toMatch(/(?<!\d)\d{17}[\dX](?!\d)/);
    const firstId = visibleColumns.find((c) => c.colIndex === 1)!.text;
    await expect(page.getByRole('gridcell', { name: firstId, exact: true }).count()).resolves.toBeGreaterThan(0);
  });

  it('keeps the ARIA window in step with the scroll position', async () => {
    await page.getByTestId('grid-scroll').evaluate((element) => {
      element.scrollTop = element.scrollHeight / 2;
    });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="data-grid"]')?.getAttribute('data-visible-start')) > 100);
    await waitForGridLoaded();
    const start = Number(await grid().getAttribute('data-visible-start'));
    await page.waitForFunction(
      (expected) => document.querySelector('[data-testid="data-grid-a11y"] [role="gridcell"]')?.parentElement?.getAttribute('aria-rowindex') === String(expected),
      start + 2,
    );
    const rows = await gridCellTexts();
    const firstRow = (await page.getByTestId('grid-first-row').innerText()).split(' | ');
    expect(rows[0]!.cells.map((c) => c.text)).toEqual(rows[0]!.cells.map((c) => firstRow[c.colIndex - 1]));
    await page.getByTestId('grid-scroll').evaluate((element) => {
      element.scrollTop = 0;
    });
    await page.waitForFunction(() => document.querySelector('[data-testid="data-grid"]')?.getAttribute('data-visible-start') === '0');
    await waitForGridLoaded();
  });

  it('selects a range by click and shift-click and copies it as TSV (masked, as shown)', async () => {
    const columns = await a11y().evaluate((element) => [...element.querySelectorAll('[role="columnheader"]')].map((h) => h.textContent ?? ''));
    const [c0, , c2] = columns;
    const first = await cellPoint(0, c0!);
    const last = await cellPoint(2, c2!);
    await page.mouse.click(first.x, first.y);
    await page.keyboard.down('Shift');
    await page.mouse.click(last.x, last.y);
    await page.keyboard.up('Shift');
    await expect(page.getByTestId('grid-selection-size').innerText()).resolves.toBe('3 × 3 selected');
    const selected = await a11y().evaluate((element) => element.querySelectorAll('[role="gridcell"][aria-selected="true"]').length);
    expect(selected).toBe(9);

    await page.evaluate(() => {
      const w = window as unknown as { copied: string | null };
      w.copied = null;
      document.addEventListener('copy', (event) => {
        w.copied = event.clipboardData?.getData('text/plain') ?? null;
      });
    });
    await page.keyboard.press('Control+C');
    const copied = await page.evaluate(() => (window as unknown as { copied: string | null }).copied);
    expect(copied).not.toBeNull();
    const rows = await gridCellTexts();
    const expected = rows.slice(0, 3).map((r) => r.cells.filter((c) => c.colIndex <= 3).map((c) => c.text).join('\t')).join('\n');
    expect(copied).toBe(expected);
    expect(copied!.split('\n')).toHaveLength(3);
    expect(copied!.split('\n')[0]!.split('\t')).toHaveLength(3);
    // The copy holds what the screen shows: masked names/IDs, never the clear values.
    expect(copied).not.toMatch(/(?<!\d)\d{17}[\dX](?!\d)/);
    await expect(page.getByTestId('grid-copy-notice').getAttribute('data-kind')).resolves.toBe('copied');
  });

  it('selects a range by dragging', async () => {
    const columns = await a11y().evaluate((element) => [...element.querySelectorAll('[role="columnheader"]')].map((h) => h.textContent ?? ''));
    const from = await cellPoint(1, columns[1]!);
    const to = await cellPoint(4, columns[3]!);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 3 });
    await page.mouse.move(to.x, to.y, { steps: 3 });
    await page.mouse.up();
    await expect(page.getByTestId('grid-selection-size').innerText()).resolves.toBe('4 × 3 selected');
    const selectedRows = await a11y().evaluate((element) =>
      [...element.querySelectorAll('[role="row"]')].filter((row) => row.querySelector('[aria-selected="true"]')).map((row) => Number(row.getAttribute('aria-rowindex'))),
    );
    expect(selectedRows).toEqual([3, 4, 5, 6]);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('grid-selection-size').count()).resolves.toBe(0);
  });

  it('resizes a column by dragging its header edge, and fits it on double-click', async () => {
    const before = await headerBox('customer_id');
    const next = await a11y().evaluate((element) => element.querySelectorAll('[role="columnheader"]')[1]?.textContent ?? '');
    const nextBefore = await headerBox(next);
    const handle = await page.getByTestId('grid-resize-customer_id').boundingBox();
    if (!handle) throw new Error('no resize handle');
    const x = handle.x + handle.width / 2;
    const y = handle.y + handle.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 60, y, { steps: 4 });
    await page.mouse.move(x + 120, y, { steps: 4 });
    await page.mouse.up();
    const after = await headerBox('customer_id');
    expect(Math.abs(after.width - (before.width + 120))).toBeLessThanOrEqual(2);
    // The next column moved right by as much (the canvas, filter row and ARIA window follow the layout).
    expect(Math.abs((await headerBox(next)).x - (nextBefore.x + 120))).toBeLessThanOrEqual(2);
    // The drag did not sort the column.
    await expect(page.getByTestId('grid-header-customer_id').getAttribute('aria-label')).resolves.not.toMatch(/sorted/i);

    await page.getByTestId('grid-resize-customer_id').dblclick();
    const fitted = await headerBox('customer_id');
    expect(fitted.width).toBeLessThan(after.width);
    expect(fitted.width).toBeGreaterThanOrEqual(80);
  });
});
