import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, startApp, type RunningApp } from '../support/browser-mode';

/**
 * The import wizard end to end, in browser mode: a GBK bank export with title lines is chosen by
 * typing its path, previewed decoded, one mapping is changed, it is imported, and the summary and
 * the column profile show; then a file with broken rows shows its rejects and downloads them.
 */
let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const FIXTURES = path.resolve(__dirname, '../fixtures/import');
const GBK_FILE = path.join(FIXTURES, 'customers-gbk.csv');
const BROKEN_FILE = path.join(FIXTURES, 'broken.csv');
/** The counts tests/integration/import-csv.test.ts asserts for these fixtures. */
const GBK_ROWS = 6;
const BROKEN = { read: 9, loaded: 5, rejected: 4, lines: [4, 6, 8, 10] };
/** tests/integration/import-xlsx.test.ts: the accounts sheet loads 4 rows and rejects sheet row 8. */
const BOOK_FILE = path.join(FIXTURES, 'accounts-two-sheets.xlsx');
const BOOK = { sheet: '账户明细', read: 5, loaded: 4, rejected: 1, rejectLine: 8 };

beforeAll(async () => {
  app = await startApp(500);
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 }, acceptDownloads: true });
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
  await page.waitForFunction(
    ([i, n, v]) => document.querySelector(`[data-testid="${i}"]`)?.getAttribute(n!) === v,
    [id, name, value] as const,
    { timeout },
  );
}

/** Opens the wizard, types the file's path, and goes on to the preview once it is selected. */
async function chooseFile(file: string): Promise<void> {
  await testId('import-open').click();
  await testId('import-wizard').waitFor({ state: 'visible' });
  await waitForAttribute('import-files', 'data-state', 'ready');
  await testId('import-path').fill(file);
  await testId('import-path').press('Enter');
  await waitForAttribute('import-selected', 'data-count', '1');
  const name = path.basename(file);
  await expect(testId(`import-browse-check-${name}`).isChecked()).resolves.toBe(true);
  await testId('import-next').click();
  await waitForAttribute('import-preview-step', 'data-state', 'ready');
}

describe('import wizard, end to end', () => {
  it('imports a GBK export: decoded preview, one mapping fixed, summary and profile', async () => {
    await chooseFile(GBK_FILE);

    // The preview is decoded: Chinese text, not mojibake; the title lines are recognised.
    const preview = await testId('import-preview').innerText();
    expect(preview).toContain('张伟');
    expect(preview).toContain('客户姓名');
    await expect(testId('import-title-lines').innerText()).resolves.toContain('某某银行客户信息导出');
    await expect(testId('import-encoding').inputValue()).resolves.toBe('gb18030');
    await expect(testId('import-header-line').inputValue()).resolves.toBe('3');
    await expect(testId('import-table').inputValue()).resolves.toBe('customers');
    await expect(testId('import-map-客户号').inputValue()).resolves.toBe('customer_id');
    await expect(testId('import-map-备注').inputValue()).resolves.toBe('');

    // An encoding override re-runs detection and shows the mojibake; going back restores it.
    await testId('import-encoding').selectOption('latin1');
    await page.waitForFunction(() => !document.querySelector('[data-testid="import-preview"]')?.textContent?.includes('张伟'));
    await waitForAttribute('import-preview-step', 'data-state', 'ready');
    await testId('import-reset-settings').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="import-preview"]')?.textContent?.includes('张伟') === true);
    await waitForAttribute('import-preview-step', 'data-state', 'ready');

    // Fix one mapping: the remarks column (kept as its own column by default) fills occupation.
    await testId('import-map-备注').selectOption('occupation');
    await expect(testId('import-map-row-备注').getAttribute('class')).resolves.toContain('edited');

    await testId('import-start').click();
    await testId('import-summary').waitFor({ state: 'visible', timeout: 60_000 });
    await waitForAttribute('import-rows-read', 'data-value', String(GBK_ROWS));
    await expect(testId('import-rows-loaded').getAttribute('data-value')).resolves.toBe(String(GBK_ROWS));
    await expect(testId('import-rows-rejected').getAttribute('data-value')).resolves.toBe('0');
    await expect(testId('import-rows-duplicate').getAttribute('data-value')).resolves.toBe('0');
    await expect(testId('import-rejects').innerText()).resolves.toContain('No rows were rejected');

    // The profile of the loaded table: the changed mapping took effect.
    await waitForAttribute('import-profile', 'data-state', 'ready');
    await expect(testId('import-profile-distinct-customer_id').getAttribute('data-value')).resolves.toBe(String(GBK_ROWS));
    await expect(testId('import-profile-col-occupation').innerText()).resolves.toContain('代发客户');
    await expect(testId('import-profile-col-备注').count()).resolves.toBe(0);
    await expect(testId('import-profile-col-name').innerText()).resolves.toMatch(/张伟|王芳|李娜|刘洋|陈静|杨磊/);
    await waitForAttribute('import-profile-chart-birth_date', 'data-rendered', 'true');

    // A histogram exports as PNG.
    const [png] = await Promise.all([page.waitForEvent('download'), testId('import-profile-png-birth_date').click()]);
    expect(png.suggestedFilename()).toBe('profile-customers-birth_date.png');
    const pngPath = await png.path();
    expect(fs.readFileSync(pngPath).subarray(1, 4).toString('latin1')).toBe('PNG');

    // Data-quality checks ran over the workspace.
    await waitForAttribute('data-quality', 'data-state', 'ready');

    // The demo workspace has no customer profile built, so none is rebuilt after the import
    // (with one, the summary shows import-profile-rebuild: tests/integration/import-profile-rebuild.test.ts).
    await expect(testId('import-profile-rebuild').count()).resolves.toBe(0);

    // Done: the table list shows the new row count.
    await testId('import-done').click();
    await testId('import-wizard').waitFor({ state: 'detached' });
    await page.waitForFunction(
      (rows) => document.querySelector('[data-testid="table-item-customers"] .table-rows')?.textContent?.trim() === String(rows),
      GBK_ROWS,
    );
  });

  it('asks before importing the same file again', async () => {
    await chooseFile(GBK_FILE);
    await testId('import-already').waitFor({ state: 'visible' });
    await expect(testId('import-start').isDisabled()).resolves.toBe(true);
    await testId('import-reimport').check();
    await expect(testId('import-start').isEnabled()).resolves.toBe(true);
    await testId('import-close').click();
    await testId('import-wizard').waitFor({ state: 'detached' });
  });

  it('lists rejected rows with their line numbers and downloads them as CSV', async () => {
    await chooseFile(BROKEN_FILE);
    await testId('import-table').selectOption('transactions');
    await waitForAttribute('import-preview-step', 'data-state', 'ready');
    await testId('import-start').click();
    await testId('import-summary').waitFor({ state: 'visible', timeout: 60_000 });
    await expect(testId('import-rows-read').getAttribute('data-value')).resolves.toBe(String(BROKEN.read));
    await expect(testId('import-rows-loaded').getAttribute('data-value')).resolves.toBe(String(BROKEN.loaded));
    await expect(testId('import-rows-rejected').getAttribute('data-value')).resolves.toBe(String(BROKEN.rejected));
    await expect(testId('import-failed-checks').getAttribute('data-checks')).resolves.toContain('rejected_rows');

    const lines = await page.$$eval('[data-testid="import-reject-row"] td:nth-child(2)', (cells) => cells.map((c) => Number(c.textContent)));
    expect(lines).toEqual(BROKEN.lines);
    await expect(testId('import-rejects').innerText()).resolves.toContain('2024-02-30');

    const [download] = await Promise.all([page.waitForEvent('download'), testId('import-rejects-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^import-rejects-transactions-\d{8}-\d{4}\.csv$/);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = csv.slice(1).trim().split('\r\n');
    expect(rows[0]).toBe('file,line,column,reason,raw');
    expect(rows).toHaveLength(1 + BROKEN.rejected);
    expect(rows[2]).toContain('B05,6222000000000001,2024-02-30,50.00');
    await waitForAttribute('import-profile', 'data-state', 'ready');
    await testId('import-done').click();
  });

  it('imports the chosen sheet of an Excel workbook', async () => {
    await chooseFile(BOOK_FILE);
    await testId('import-sheets').waitFor({ state: 'visible' });
    await expect(testId('import-encoding').count()).resolves.toBe(0);
    // Tick the accounts sheet (the preview follows it), then untick every other one.
    if (!(await testId(`import-sheet-${BOOK.sheet}`).isChecked())) await testId(`import-sheet-${BOOK.sheet}`).check();
    const others = (await testId('import-sheets').locator('input:checked').evaluateAll((inputs) => inputs.map((i) => i.getAttribute('data-testid')))).filter(
      (id) => id !== `import-sheet-${BOOK.sheet}`,
    );
    for (const id of others) await testId(id!).uncheck();
    await page.waitForFunction(() => document.querySelector('[data-testid="import-preview"]')?.textContent?.includes('000123456') ?? false);
    await waitForAttribute('import-preview-step', 'data-state', 'ready');
    await expect(testId('import-table').inputValue()).resolves.toBe('accounts');
    await testId('import-start').click();
    await testId('import-summary').waitFor({ state: 'visible', timeout: 60_000 });
    await expect(testId('import-rows-read').getAttribute('data-value')).resolves.toBe(String(BOOK.read));
    await expect(testId('import-rows-loaded').getAttribute('data-value')).resolves.toBe(String(BOOK.loaded));
    await expect(testId('import-rows-rejected').getAttribute('data-value')).resolves.toBe(String(BOOK.rejected));
    await expect(testId('import-reject-row').locator('td').nth(1).innerText()).resolves.toBe(String(BOOK.rejectLine));
    await waitForAttribute('import-profile', 'data-state', 'ready');
    await testId('import-done').click();
  });

  it('speaks Chinese too', async () => {
    await testId('lang-switch').selectOption('zh');
    await expect(testId('import-open').innerText()).resolves.toContain('导入');
    await testId('import-open').click();
    await expect(testId('import-wizard').innerText()).resolves.toContain('选择文件');
    await testId('import-close').click();
    await testId('lang-switch').selectOption('en');
  });
});
