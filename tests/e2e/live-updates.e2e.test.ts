import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import WebSocket from 'ws';
import { EngineClient } from '../../src/shared/engine-client';
import { websocketTransport } from '../../src/server/websocket-transport';
import { launchChromium, startApp, type RunningApp } from '../support/browser-mode';

/**
 * Change notifications end to end: with the app open on the Customers page, a second protocol
 * client of the same running server (as the CLI is when it finds one) imports a customers file and
 * rebuilds the profile. The open page follows without a reload: the engine notifies the topics,
 * the renderer's query cache re-asks what they invalidate.
 */
let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let socket: WebSocket;
let other: EngineClient;

const CUSTOMERS_FILE = path.resolve(__dirname, '../fixtures/import/customers-utf8.csv');

beforeAll(async () => {
  app = await startApp();
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 1000 } });
  page = await context.newPage();
});

afterAll(async () => {
  socket?.close();
  await browser?.close();
  await app?.stop();
});

async function summaryCustomers(): Promise<number> {
  return Number(await page.getByTestId('summary-customers').getAttribute('data-value'));
}

describe('live updates from another client', () => {
  it('opens Customers with the demo profile', async () => {
    await page.goto(app.url);
    await page.waitForSelector('[data-ready="true"]', { timeout: 30_000 });
    await page.getByTestId('nav-customers').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="summary-customers"][data-value]') !== null || document.querySelector('[data-testid="customers-no-profile"]') !== null,
      undefined,
      { timeout: 60_000 },
    );
    if (await page.getByTestId('customers-no-profile').isVisible()) {
      await page.getByTestId('profile-build-empty').click();
      await page.waitForSelector('[data-testid="summary-customers"][data-value]', { timeout: 120_000 });
    }
    expect(await summaryCustomers()).toBe(3000);
    await page.waitForFunction(() => document.querySelector('[data-testid="profile-grid"]')?.getAttribute('data-total-rows') === '3000', undefined, { timeout: 30_000 });
  });

  it('shows the import and the rebuilt profile of another client without a reload', async () => {
    socket = new WebSocket(`${app.origin.replace('http:', 'ws:')}/ws?token=${app.token}`, { headers: { origin: app.origin } });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    other = new EngineClient(websocketTransport(socket), 'other');
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));

    const imported = await other.call('import.run', { files: [CUSTOMERS_FILE], table: 'customers', mode: 'replace' });
    expect(imported.rowsLoaded).toBe(6);
    // The page learns that the tables changed: its profile is now out of date.
    await page.waitForSelector('[data-testid="profile-stale"]', { timeout: 30_000 });

    await other.call('profile.build', {});
    await page.waitForFunction(() => document.querySelector('[data-testid="summary-customers"]')?.getAttribute('data-value') === '6', undefined, { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="profile-grid"]')?.getAttribute('data-total-rows') === '6', undefined, { timeout: 30_000 });
    await expect(page.getByTestId('summary-customers').innerText()).resolves.toMatch(/\b6\b/);
    await expect(page.getByTestId('profile-stale').count()).resolves.toBe(0);
    expect(navigations).toEqual([]);
  });
});
