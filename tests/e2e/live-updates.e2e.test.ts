import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import WebSocket from 'ws';
import { EngineClient } from '../../src/shared/engine-client';
import { websocketTransport } from '../../src/server/websocket-transport';
import { launchChromium, startApp, type RunningApp } from '../support/browser-mode';

/**
 * Change notifications end to end: with the app open on the Customers page, `segment-workbench
 * import` on the same workspace (the CLI finds the running server and imports through its engine)
 * replaces the customers; the import rebuilds the profile. The open page follows without a reload:
 * the engine notifies the topics, the renderer's query cache re-asks what they invalidate. Then a
 * second protocol client saves a segment and the open Segments list shows it.
 */
let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let socket: WebSocket | undefined;

const CUSTOMERS_FILE = path.resolve(__dirname, '../fixtures/import/customers-utf8.csv');
const CLI = path.resolve(__dirname, '../../out/cli/index.js');

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
      // The first build's progress shows once, in the job bar, as translated text (never a raw key),
      // and the empty state does not come back between the build's end and the new summary.
      await page.evaluate(() => {
        const w = window as unknown as { emptyStateCameBack: boolean };
        w.emptyStateCameBack = false;
        new MutationObserver(() => {
          if (document.querySelector('[data-testid="customers-no-profile"]')) w.emptyStateCameBack = true;
        }).observe(document.body, { childList: true, subtree: true });
      });
      await page.getByTestId('profile-build-empty').click();
      await page.waitForFunction(() => /Profile: /.test(document.querySelector('[data-testid="rebuild-progress"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
      const pageText = await page.getByTestId('customers-page').innerText();
      expect(pageText).not.toMatch(/\bprogress\.|profile\.step/);
      expect(pageText.match(/Building the customer profile/g)).toHaveLength(1);
      await expect(page.getByRole('progressbar').count()).resolves.toBe(1);
      await page.waitForSelector('[data-testid="summary-customers"][data-value]', { timeout: 120_000 });
      await expect(page.evaluate(() => (window as unknown as { emptyStateCameBack: boolean }).emptyStateCameBack)).resolves.toBe(false);
    }
    expect(await summaryCustomers()).toBe(3000);
    await page.waitForFunction(() => document.querySelector('[data-testid="profile-grid"]')?.getAttribute('data-total-rows') === '3000', undefined, { timeout: 30_000 });
  });

  it('shows a CLI import (and the profile rebuild it causes) without a reload', async () => {
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));
    // The CLI finds the running server of this workspace and imports through its engine.
    const cli = spawnSync(process.execPath, [CLI, 'import', CUSTOMERS_FILE, '--table', 'customers', '--mode', 'replace', '--workspace', path.join(app.workspaceDir, 'workspace.duckdb'), '--json'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stderr).toContain('through the Segment Workbench running on this workspace');
    await page.waitForFunction(() => document.querySelector('[data-testid="summary-customers"]')?.getAttribute('data-value') === '6', undefined, { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="profile-grid"]')?.getAttribute('data-total-rows') === '6', undefined, { timeout: 30_000 });
    await expect(page.getByTestId('summary-customers').innerText()).resolves.toMatch(/^6$/m);
    await expect(page.getByTestId('profile-stale').count()).resolves.toBe(0);
    expect(navigations).toEqual([]);
  });

  it('shows a segment saved by another protocol client in the open Segments list', async () => {
    await page.getByTestId('nav-segments').click();
    await page.waitForSelector('[data-testid="segment-list"][data-count]', { timeout: 30_000 });
    const before = Number(await page.getByTestId('segment-list').getAttribute('data-count'));
    const connection = new WebSocket(`${app.origin.replace('http:', 'ws:')}/ws?token=${app.token}`, { headers: { origin: app.origin } });
    socket = connection;
    await new Promise<void>((resolve, reject) => {
      connection.once('open', () => resolve());
      connection.once('error', reject);
    });
    const other = new EngineClient(websocketTransport(connection), 'other');
    await other.call('segment.save', { name: 'Saved elsewhere', description: '', owner: '', rule: { kind: 'and', children: [] } });
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="segment-list"]')?.getAttribute('data-count')) === n + 1, before, { timeout: 30_000 });
    await expect(page.getByTestId('segment-list').innerText()).resolves.toContain('Saved elsewhere');
  });
});
