import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, startApp, type RunningApp } from '../support/browser-mode';

/**
 * The Customers page, end to end: the built renderer in Debian's Chromium against `segment-workbench
 * serve` on a demo workspace. Every WebSocket frame the page receives is recorded with the state of
 * the unmask switch at that moment, so the test can prove that no clear ID number or mobile number
 * reaches the renderer while personal data is masked.
 */
let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;

type Phase = 'masked' | 'unmasked' | 'masked-again';
let phase: Phase = 'masked';
const frames: Array<{ phase: Phase; text: string }> = [];

/**
 * 18-character resident ID and 11-digit mobile, not inside a longer run of digits (16-digit account
 * and transaction ids) nor the decimals of a JSON number (a share such as 0.012333333333333333).
 */
const ID_NUMBER = /(?<![\d.A-Za-z])\d{17}[\dX](?![\dA-Za-z])/g;
const MOBILE = /(?<![\d.])1[3-9]\d{9}(?!\d)/g;
/** What the engine sends instead: 110***********1234 and 138****5678. */
const MASKED = /\d{3}\*{4,}\d{4}/g;
/** Header height of the canvas grid (header + filter row), see draw-grid.ts. */
const GRID_TOP_PX = 70;

beforeAll(async () => {
  app = await startApp();
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 1000 } });
  page = await context.newPage();
  page.on('websocket', (socket) => {
    socket.on('framereceived', (frame) => {
      const payload = frame.payload;
      // Binary frames: a JSON header plus raw Arrow bytes; latin1 keeps every byte as one character.
      const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString('latin1');
      frames.push({ phase, text });
    });
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const customers = () => page.getByTestId('customers-page');

function matches(phaseFilter: (p: Phase) => boolean, pattern: RegExp): string[] {
  const found = new Set<string>();
  for (const frame of frames) if (phaseFilter(frame.phase)) for (const m of frame.text.matchAll(pattern)) found.add(m[0]);
  return [...found];
}

async function attr(testId: string, name: string): Promise<string | null> {
  return customers().getByTestId(testId).first().getAttribute(name);
}

/** `months` calendar months before a YYYY-MM-DD date, the day clamped to the month's end (no clock involved). */
function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 - months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, lastDay));
  return first.toISOString().slice(0, 10);
}

/** Waits until the summary cards show the profile built as of `asOf` and no job runs. */
async function waitForProfileAsOf(asOf: string): Promise<void> {
  await page.waitForFunction(
    (d) =>
      document.querySelector('[data-testid="customers-asof"]')?.getAttribute('data-as-of') === d &&
      document.querySelector('[data-testid="summary-customers"][data-value]') !== null &&
      document.querySelector('[data-testid="rebuild-progress"]') === null,
    asOf,
    { timeout: 120_000 },
  );
}

describe('Customers page, end to end', () => {
  it('opens Customers and shows the summary cards with numbers', async () => {
    await page.goto(app.url);
    await page.waitForSelector('[data-ready="true"]', { timeout: 30_000 });
    await page.getByTestId('nav-customers').click();
    await customers().waitFor();
    // The profile may already be built by serve; if not, build it from the page (a job with progress).
    await page.waitForFunction(
      () => document.querySelector('[data-testid="summary-customers"][data-value]') !== null || document.querySelector('[data-testid="customers-no-profile"]') !== null,
      undefined,
      { timeout: 60_000 },
    );
    if (await customers().getByTestId('customers-no-profile').isVisible()) {
      await customers().getByTestId('profile-build-empty').click();
      await page.waitForSelector('[data-testid="summary-customers"][data-value]', { timeout: 120_000 });
    }
    expect(Number(await attr('summary-customers', 'data-value'))).toBe(3000);
    for (const key of ['customers', 'valid', 'dormant', 'vipShare', 'totalAum']) {
      await expect(customers().getByTestId(`summary-${key}`).innerText(), key).resolves.toMatch(/\d/);
    }
    const valid = Number(await attr('summary-valid', 'data-value'));
    const dormant = Number(await attr('summary-dormant', 'data-value'));
    expect(valid).toBeGreaterThan(0);
    expect(valid).toBeLessThan(3000);
    expect(dormant).toBeGreaterThan(0);
    await expect(customers().getByTestId('chart-aum').isVisible()).resolves.toBe(true);
  });

  it("opens a customer's detail from the profile grid, masked", async () => {
    await page.waitForFunction(() => document.querySelector('[data-testid="profile-grid"]')?.getAttribute('data-loaded') === 'true', undefined, { timeout: 30_000 });
    const firstRow = await customers().getByTestId('grid-first-row').innerText();
    expect(firstRow).toMatch(/\*/); // masked cells (张*, 110***********1234, 138****5678)
    const box = await customers().getByTestId('grid-scroll').boundingBox();
    if (!box) throw new Error('the profile grid is not on screen');
    await page.mouse.click(box.x + 40, box.y + GRID_TOP_PX + 12);
    await page.waitForSelector('[data-testid="customer-detail"][data-loaded="true"]', { timeout: 30_000 });
    const detail = customers().getByTestId('customer-detail');
    await expect(detail.getByTestId('detail-balance-chart').isVisible()).resolves.toBe(true);
    await expect(detail.getByTestId('detail-id-number').innerText()).resolves.toMatch(/\*/);
    await detail.getByTestId('detail-tab-accounts').click();
    await expect(detail.getByTestId('detail-accounts').locator('tbody tr').count()).resolves.toBeGreaterThan(0);
    await detail.getByTestId('detail-tab-transactions').click();
    await detail.getByTestId('detail-transactions').waitFor();
    await detail.getByTestId('detail-tab-contacts').click();
  });

  it('never sends a clear ID number or mobile number while masked, and does after the switch', async () => {
    expect(frames.length).toBeGreaterThan(5);
    expect(matches((p) => p === 'masked', ID_NUMBER)).toEqual([]);
    expect(matches((p) => p === 'masked', MOBILE)).toEqual([]);
    // Personal data did cross, masked (the grid and the detail asked for it).
    expect(matches((p) => p === 'masked', MASKED).length).toBeGreaterThan(0);

    // Deliberate: the switch asks first, and cancelling keeps everything masked.
    await page.getByTestId('unmask-switch').click({ force: true });
    // The safe choice has the focus: Enter or Space in the dialog keeps the data masked.
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)).toBe('unmask-cancel');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('unmask-dialog').count()).resolves.toBe(0);
    await page.getByTestId('unmask-switch').click({ force: true });
    await page.getByTestId('unmask-cancel').click();
    await expect(page.getByTestId('unmask-switch').isChecked()).resolves.toBe(false);
    await expect(page.getByTestId('unmasked-banner').count()).resolves.toBe(0);

    await page.getByTestId('unmask-switch').click({ force: true });
    phase = 'unmasked';
    await page.getByTestId('unmask-reason').fill('e2e: checking the unmask flow');
    await page.getByTestId('unmask-confirm').click();
    await page.getByTestId('unmasked-banner').waitFor();
    // One switch for the whole app: the other pages follow it.
    await expect(page.getByTestId('data-page').getAttribute('data-unmasked')).resolves.toBe('true');
    await page.waitForFunction(() => document.querySelector('[data-testid="profile-grid"]')?.getAttribute('data-loaded') === 'true');
    await page.waitForSelector('[data-testid="customer-detail"][data-loaded="true"]');
    await expect(customers().getByTestId('detail-id-number').innerText()).resolves.toMatch(/^\d{17}[\dX]$/);
    await expect(customers().getByTestId('detail-phone').innerText()).resolves.toMatch(/^1[3-9]\d{9}$/);
    const clearIds = matches((p) => p === 'unmasked', ID_NUMBER);
    const clearPhones = matches((p) => p === 'unmasked', MOBILE);
    expect(clearIds.length).toBeGreaterThan(0);
    expect(clearPhones.length).toBeGreaterThan(0);
    // And none of those exact values had crossed before (whatever their surroundings).
    const before = frames.filter((f) => f.phase === 'masked').map((f) => f.text);
    for (const value of [...clearIds, ...clearPhones]) expect(before.some((text) => text.includes(value)), value).toBe(false);

    // Masking again: the banner goes, and the frames after it are clean again (first let a grid
    // prefetch still in flight with clear data arrive, so it is not counted as after).
    await page.waitForTimeout(1000);
    phase = 'masked-again';
    await page.getByTestId('unmask-off').click();
    await expect(page.getByTestId('unmasked-banner').count()).resolves.toBe(0);
    await page.waitForFunction(() => document.querySelector('[data-testid="profile-grid"]')?.getAttribute('data-loaded') === 'true');
    await page.waitForSelector('[data-testid="customer-detail"][data-loaded="true"]');
    await expect(customers().getByTestId('detail-id-number').innerText()).resolves.toMatch(/\*/);
  });

  it("shows the dormant rule's live count change as its months are edited", async () => {
    await customers().getByTestId('customers-tab-rules').click();
    const settled = () =>
      page.waitForFunction(() => {
        const el = document.querySelector('[data-testid="rule-dormant-count"]');
        return el?.getAttribute('data-pending') === 'false' && el.hasAttribute('data-count');
      }, undefined, { timeout: 30_000 });
    await settled();
    const before = Number(await attr('rule-dormant-count', 'data-count'));
    expect(await customers().getByTestId('rule-dormant-windowMonths').inputValue()).toBe('6');
    await expect(customers().getByTestId('rule-dormant-description').innerText()).resolves.toMatch(/\S/);
    await customers().getByTestId('rule-dormant-windowMonths').fill('12');
    await page.waitForFunction((n) => {
      const el = document.querySelector('[data-testid="rule-dormant-count"]');
      return el?.getAttribute('data-pending') === 'false' && el.hasAttribute('data-count') && Number(el.getAttribute('data-count')) !== n;
    }, before, { timeout: 30_000 });
    const after = Number(await attr('rule-dormant-count', 'data-count'));
    // A longer window finds activity for more customers: fewer are dormant.
    expect(after).toBeLessThan(before);
    await expect(customers().getByTestId('rule-dormant-count').innerText()).resolves.toMatch(/%/);
    // Back to the saved value: the count returns.
    await customers().getByTestId('rule-dormant-windowMonths').fill('6');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="rule-dormant-count"]')?.getAttribute('data-count')) === n, before, { timeout: 30_000 });
  });

  it('saves the edited rule as a new version and re-applies it to the profile', async () => {
    await customers().getByTestId('rule-dormant-windowMonths').fill('9');
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="rule-dormant-count"]');
      return el?.getAttribute('data-pending') === 'false' && el.hasAttribute('data-count');
    });
    const previewed = Number(await attr('rule-dormant-count', 'data-count'));
    await customers().getByTestId('rule-dormant-save').click();
    await page.waitForFunction(() => /\b1\b/.test(document.querySelector('[data-testid="rule-dormant-version"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    await expect(customers().getByTestId('rebuild-progress').count()).resolves.toBe(0);
    await customers().getByTestId('customers-tab-overview').click();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="summary-dormant"]')?.getAttribute('data-value')) === n, previewed, { timeout: 30_000 });
    await customers().getByTestId('customers-tab-rules').click();
    await customers().getByTestId('rule-dormant-history').click();
    await page.waitForFunction(() => /v1/.test(document.querySelector('[data-testid="rule-dormant-history-list"]')?.textContent ?? ''), undefined, { timeout: 10_000 });
  });

  it('lists the tag library with member counts', async () => {
    await customers().getByTestId('customers-tab-tags').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="tag-list"]')?.getAttribute('data-count')) > 0, undefined, { timeout: 30_000 });
    const firstTag = customers().getByTestId('tag-list').locator('tbody tr').first();
    await firstTag.click();
    await page.waitForSelector('[data-testid="tag-members"][data-count]', { timeout: 30_000 });
  });

  it('rebuilds the profile as of an earlier analysis date, then back to the latest date in the data', async () => {
    await customers().getByTestId('customers-tab-overview').click();
    const latest = await attr('customers-asof', 'data-as-of');
    if (!latest) throw new Error('no analysis date shown');
    expect(latest).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await expect(customers().getByTestId('analysis-date').inputValue()).resolves.toBe(latest);
    await expect(customers().getByTestId('analysis-date-apply').isDisabled()).resolves.toBe(true);
    const before = { customers: Number(await attr('summary-customers', 'data-value')), dormant: Number(await attr('summary-dormant', 'data-value')) };

    const earlier = monthsBefore(latest, 6);
    await customers().getByTestId('analysis-date').fill(earlier);
    await customers().getByTestId('analysis-date-apply').click();
    await waitForProfileAsOf(earlier);
    await expect(customers().getByTestId('analysis-date').inputValue()).resolves.toBe(earlier);
    const then = { customers: Number(await attr('summary-customers', 'data-value')), dormant: Number(await attr('summary-dormant', 'data-value')) };
    // Six months earlier the bank had other customers, or other ones were dormant.
    expect(then.customers !== before.customers || then.dormant !== before.dormant, JSON.stringify({ before, then })).toBe(true);
    await expect(customers().getByTestId('chart-aum').isVisible()).resolves.toBe(true);
    await page.waitForFunction(() => document.querySelector('[data-testid="profile-grid"]')?.getAttribute('data-loaded') === 'true', undefined, { timeout: 30_000 });

    // "Latest in data" and apply: back to the latest date in the data (not today) and the same figures.
    await customers().getByTestId('analysis-date-latest').click();
    await customers().getByTestId('analysis-date-apply').click();
    await waitForProfileAsOf(latest);
    await expect(customers().getByTestId('analysis-date').inputValue()).resolves.toBe(latest);
    expect(Number(await attr('summary-customers', 'data-value'))).toBe(before.customers);
    expect(Number(await attr('summary-dormant', 'data-value'))).toBe(before.dormant);
    await expect(customers().getByTestId('profile-stale').count()).resolves.toBe(0);
  });

  it('received no clear personal data while masked, after masking again either', () => {
    expect(matches((p) => p !== 'unmasked', ID_NUMBER)).toEqual([]);
    expect(matches((p) => p !== 'unmasked', MOBILE)).toEqual([]);
  });
});
