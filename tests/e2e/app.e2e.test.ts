import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, startApp, type RunningApp } from '../support/browser-mode';
import { screenshotPath } from '../support/screenshot-path';

/**
 * The real UI, end to end: the built renderer in Debian's Chromium, against `segment-workbench
 * serve` on a demo workspace. Every request the page makes is recorded: none may leave 127.0.0.1.
 */
let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const requests: string[] = [];

beforeAll(async () => {
  app = await startApp();
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.on('request', (request) => requests.push(request.url()));
  page.on('websocket', (socket) => requests.push(socket.url()));
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const grid = () => page.getByTestId('data-grid');

async function waitForGridLoaded(): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid="data-grid"]')?.getAttribute('data-loaded') === 'true');
}

async function openTable(name: string): Promise<void> {
  await page.getByTestId(`table-item-${name}`).click();
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="data-grid"]')?.getAttribute('data-total-rows')) > 0, name);
  await waitForGridLoaded();
}

describe('browser mode, end to end', () => {
  it('refuses the app without its token', async () => {
    const response = await page.goto(app.origin + '/');
    expect(response?.status()).toBe(401);
  });

  it('opens with the token and shows the demo tables with row counts', async () => {
    const started = Date.now();
    await page.goto(app.url);
    await page.waitForSelector('[data-ready="true"]', { timeout: 30_000 });
    const firstPaintMs = Date.now() - started;
    console.log(`first paint with the demo loaded: ${firstPaintMs} ms`);
    for (const table of ['customers', 'accounts', 'transactions', 'balances']) {
      await expect(page.getByTestId(`table-item-${table}`).isVisible()).resolves.toBe(true);
    }
    await expect(page.getByTestId('table-item-customers').innerText()).resolves.toMatch(/3,000/);
  });

  it('scrolls the virtualized grid through a large table by fetching row windows', async () => {
    await openTable('transactions');
    const total = Number(await grid().getAttribute('data-total-rows'));
    expect(total).toBeGreaterThan(10_000);
    const firstRow = await page.getByTestId('grid-first-row').innerText();
    await page.getByTestId('grid-scroll').evaluate((el) => {
      el.scrollTop = el.scrollHeight / 2;
    });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="data-grid"]')?.getAttribute('data-visible-start')) > 1000);
    await waitForGridLoaded();
    const start = Number(await grid().getAttribute('data-visible-start'));
    expect(start).toBeGreaterThan(total * 0.3);
    expect(start).toBeLessThan(total * 0.7);
    await expect(page.getByTestId('grid-first-row').innerText()).resolves.not.toBe(firstRow);
    await page.screenshot({ path: screenshotPath() });
  });

  it('sorts a column for the whole table', async () => {
    await openTable('customers');
    await page.getByTestId('grid-header-customer_id').click();
    await waitForGridLoaded();
    const ascending = await page.getByTestId('grid-first-row').innerText();
    await page.getByTestId('grid-header-customer_id').click();
    await waitForGridLoaded();
    const descending = await page.getByTestId('grid-first-row').innerText();
    expect(ascending).not.toBe(descending);
    expect(descending.split(' | ')[0]! > ascending.split(' | ')[0]!).toBe(true);
  });

  it('runs a query in the SQL console and cancels a long one', async () => {
    const status = page.getByTestId('sql-status');
    await page.getByTestId('sql-input').fill(`SELECT count(*) AS n FROM transactions t1, range(100000000) r(i) WHERE hash(t1.txn_id, i) % 7 = 3`);
    await page.getByTestId('sql-run').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="sql-status"]')?.getAttribute('data-state') === 'running');
    await page.waitForTimeout(500);
    await page.getByTestId('sql-cancel').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="sql-status"]')?.getAttribute('data-state') === 'cancelled', undefined, { timeout: 10_000 });

    await page.getByTestId('sql-input').fill(`SELECT product_type, count(*) AS accounts FROM accounts GROUP BY 1 ORDER BY 1`);
    await page.getByTestId('sql-run').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="sql-status"]')?.getAttribute('data-state') === 'done');
    await waitForGridLoaded();
    expect(Number(await grid().getAttribute('data-total-rows'))).toBeGreaterThan(2);
    await expect(status.innerText()).resolves.toMatch(/\d/);
  });

  it('draws the workspace path in the header left to right (its first slash before its file name)', async () => {
    const path = page.getByTestId('workspace-path');
    await expect.poll(async () => (await path.textContent())?.replaceAll('\u200E', '')).toMatch(/^\/.*\.duckdb$/);
    const order = await path.evaluate((el) => {
      const text = el.firstChild as Text;
      const at = (i: number) => {
        const range = document.createRange();
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        return range.getBoundingClientRect().left;
      };
      const value = text.data;
      return { slash: at(value.indexOf('/')), dot: at(value.lastIndexOf('.')) };
    });
    expect(order.slash).toBeLessThan(order.dot);
  });

  it('switches between English and Chinese', async () => {
    await page.getByTestId('lang-switch').selectOption('zh');
    await expect(page.getByTestId('nav-data').innerText()).resolves.toContain('数据');
    await expect(page.getByTestId('nav-segments').innerText()).resolves.toContain('客群');
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toMatch(/^zh/);
    await page.getByTestId('lang-switch').selectOption('en');
    await expect(page.getByTestId('nav-data').innerText()).resolves.toContain('Data');
  });

  it('follows the OS locale on first start (zh-CN opens in Chinese)', async () => {
    const zhContext = await browser.newContext({ locale: 'zh-CN' });
    try {
      const zhPage = await zhContext.newPage();
      zhPage.on('request', (request) => requests.push(request.url()));
      await zhPage.goto(app.url);
      await zhPage.waitForSelector('[data-ready="true"]', { timeout: 30_000 });
      await expect(zhPage.getByTestId('nav-data').innerText()).resolves.toContain('数据');
      await expect(zhPage.getByTestId('lang-switch').inputValue()).resolves.toBe('zh');
    } finally {
      await zhContext.close();
    }
  });

  it('made no request outside 127.0.0.1', () => {
    expect(requests.length).toBeGreaterThan(3);
    const foreign = requests.filter((url) => !/^(https?|wss?):\/\/127\.0\.0\.1:\d+\//.test(url) && !/^(data|blob):/.test(url));
    expect(foreign).toEqual([]);
    expect(requests.some((url) => url.startsWith(`ws://127.0.0.1:`))).toBe(true);
  });
});
