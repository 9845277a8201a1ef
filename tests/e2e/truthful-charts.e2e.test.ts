import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { encodeFrame } from '../../src/shared/frame-codec';
import type { SegmentNode } from '../../src/shared/segment-types';
import { launchChromium, startApp, type RunningApp } from '../support/browser-mode';
import { darkPixels, decodePng } from '../support/png-pixels';
import { RawProtocolSocket } from '../support/raw-protocol-socket';
import { reviewScreenshotPath } from '../support/screenshot-path';

/**
 * Charts that tell the truth, in the built renderer in Debian's Chromium, in en and zh: the
 * segment waterfall labels every bar with the count the engine gave (thousands separators); the
 * Venn of two segments with nobody in common draws the circles apart with no lens, and three
 * segments' labels never overlap; the UpSet matrix names its segments; the tenure histogram is in
 * years; an exported PNG carries its title. The segments are saved through the protocol (as the
 * CLI or another client would), so the test does not depend on how the builder picks fields.
 */
let app: RunningApp;
let browser: Browser;

const WATERFALL = 'E2E waterfall';
const VIP = 'E2E 贵宾客户';
const LONG_TAIL = 'E2E long tail';
const PAYROLL = 'E2E 代发';
const QUIET = 'E2E quiet (saved before the choice)';

let nextId = 0;
async function call<T>(socket: RawProtocolSocket, method: string, params: unknown): Promise<T> {
  const id = `e2e-${++nextId}`;
  socket.send(encodeFrame({ type: 'request', id, method, params }));
  const response = await socket.response(id, 180_000);
  if (!response.ok) throw new Error(`${method}: ${response.error.message}`);
  return response.result as T;
}

beforeAll(async () => {
  app = await startApp();
  browser = await launchChromium();
  const socket = await RawProtocolSocket.open(Number(new URL(app.origin).port), app.token);
  try {
    await call(socket, 'profile.build', {});
    const save = (name: string, rule: SegmentNode) => call(socket, 'segment.save', { name, owner: 'e2e', rule });
    await save(WATERFALL, {
      kind: 'and',
      children: [
        { kind: 'field', id: 'c1', field: 'age', op: '>=', value: 25 },
        { kind: 'field', id: 'c2', field: 'payroll_flag', op: '=', value: true },
        { kind: 'field', id: 'c3', field: 'age', op: '<', value: 59 },
      ],
    });
    await save(VIP, { kind: 'and', children: [{ kind: 'field', id: 'v', field: 'value_tier', op: '=', value: 'vip' }] });
    await save(LONG_TAIL, { kind: 'and', children: [{ kind: 'field', id: 'l', field: 'value_tier', op: '=', value: 'long_tail' }] });
    await save(PAYROLL, { kind: 'and', children: [{ kind: 'field', id: 'p', field: 'payroll_flag', op: '=', value: true }] });
    // "No transactions in 6 months" as a rule saved before the postings choice existed (no `postings`).
    await save(QUIET, {
      kind: 'and',
      children: [{ kind: 'activity', id: 'q', source: 'transactions', filters: [], window: { lastMonths: 6 }, measure: { fn: 'count', op: '=', value: 0 }, scope: 'customer' }],
    });
  } finally {
    socket.close();
  }
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

for (const locale of ['en-US', 'zh-CN'] as const) {
  describe(`charts tell the truth (${locale})`, () => {
    let context: BrowserContext;
    let page: Page;
    const segments = () => page.getByTestId('segments-page');
    const grouped = (n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);

    beforeAll(async () => {
      context = await browser.newContext({ locale, viewport: { width: 1600, height: 1100 }, acceptDownloads: true });
      page = await context.newPage();
      page.on('dialog', (dialog) => void dialog.accept());
      await page.goto(app.url);
      await page.waitForSelector('[data-ready="true"]', { timeout: 60_000 });
      await page.getByTestId('nav-segments').click();
      await segments().waitFor();
    });
    afterAll(async () => {
      await context?.close();
    });

    it('labels every waterfall bar with its exact count, the removals on their own panel', async () => {
      await segments().getByTestId(`segment-open-${WATERFALL}`).click();
      await page.waitForFunction(() => document.querySelector('[data-testid="segment-waterfall"]')?.getAttribute('data-steps') === '3', undefined, { timeout: 60_000 });
      await page.waitForSelector('[data-testid="segment-waterfall-chart"][data-rendered="true"] svg text', { timeout: 30_000 });
      const waterfall = segments().getByTestId('segment-waterfall');
      const base = Number(await waterfall.getAttribute('data-base'));
      const remaining = ((await waterfall.getAttribute('data-remaining')) ?? '').split(',').map(Number);
      expect(base).toBe(3000);
      const texts = async () => page.locator('[data-testid="segment-waterfall-chart"] svg text').allTextContents();
      const expected = [base, ...remaining].map(grouped);
      const removed = [base, ...remaining].slice(1).map((r, i) => [base, ...remaining][i]! - r).filter((r) => r > 0).map((r) => `−${grouped(r)}`);
      expect(removed.length).toBeGreaterThan(0);
      const shown = await texts();
      for (const label of [...expected, ...removed]) expect(shown, label).toContain(label);
      // Thousands separators: 3,000 is never shown as 3000.
      expect(shown).not.toContain(String(base));
      // The log scale keeps every label.
      await segments().getByTestId('segment-waterfall-log').check();
      await page.waitForFunction(() => document.querySelector('[data-testid="segment-waterfall-chart"] svg') !== null);
      const logShown = await texts();
      for (const label of [...expected, ...removed]) expect(logShown, label).toContain(label);
      await segments().getByTestId('segment-waterfall').screenshot({ path: reviewScreenshotPath(`waterfall-${locale}.png`) });
    });

    it('draws two segments with nobody in common apart: no lens, no intersection label; the UpSet names them', async () => {
      await segments().getByTestId(`segment-select-${VIP}`).check();
      await segments().getByTestId(`segment-select-${LONG_TAIL}`).check();
      await segments().getByTestId('segment-show-overlap').click();
      await page.waitForSelector('[data-testid="segment-overlap"][data-loaded="true"]', { timeout: 30_000 });
      await expect(segments().getByTestId('overlap-count-3').getAttribute('data-count')).resolves.toBe('0');
      const venn = segments().getByTestId('segment-venn');
      await expect(venn.getAttribute('data-lens')).resolves.toBe('false');
      const circle = async (i: number) => {
        const c = segments().getByTestId(`venn-circle-${i}`);
        return { cx: Number(await c.getAttribute('cx')), cy: Number(await c.getAttribute('cy')), r: Number(await c.getAttribute('r')) };
      };
      const [a, b] = [await circle(0), await circle(1)];
      expect(Math.hypot(a.cx - b.cx, a.cy - b.cy)).toBeGreaterThanOrEqual(a.r + b.r);
      // Area-proportional: the circles' areas are in the ratio of the segments' sizes.
      const only = async (mask: number) => Number(await segments().getByTestId(`overlap-count-${mask}`).getAttribute('data-count'));
      expect((b.r * b.r) / (a.r * a.r)).toBeCloseTo((await only(2)) / (await only(1)), 1);
      await expect(segments().getByTestId('venn-3').count()).resolves.toBe(0);
      await expect(segments().getByTestId('venn-1').textContent()).resolves.toBe(grouped(await only(1)));
      await page.waitForSelector('[data-testid="segment-upset"][data-rendered="true"] svg text');
      const upset = (await page.locator('[data-testid="segment-upset"] svg text').allTextContents()).join('\n');
      expect(upset).toContain(VIP);
      expect(upset).toContain(LONG_TAIL);
      await segments().getByTestId('segment-overlap').screenshot({ path: reviewScreenshotPath(`venn-disjoint-${locale}.png`) });
    });

    it('keeps the labels of a three-segment Venn apart', async () => {
      await segments().getByTestId(`segment-select-${PAYROLL}`).check();
      await segments().getByTestId('segment-show-overlap').click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid^="venn-circle-"]').length === 3, undefined, { timeout: 30_000 });
      const boxes = await page.locator('[data-testid="segment-venn"] text').evaluateAll((nodes) =>
        nodes.map((n) => {
          const b = (n as SVGTextElement).getBBox();
          return { text: n.textContent ?? '', x: b.x, y: b.y, w: b.width, h: b.height };
        }),
      );
      expect(boxes.length).toBeGreaterThanOrEqual(3);
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const [p, q] = [boxes[i]!, boxes[j]!];
          const apart = p.x + p.w <= q.x + 0.5 || q.x + q.w <= p.x + 0.5 || p.y + p.h <= q.y + 0.5 || q.y + q.h <= p.y + 0.5;
          expect(apart, `${p.text} / ${q.text}`).toBe(true);
        }
      }
      await segments().getByTestId('segment-overlap').screenshot({ path: reviewScreenshotPath(`venn-three-${locale}.png`) });
    });

    it('shows which transactions a behaviour condition counts, explains it, and counts the customer\'s own when asked', async () => {
      await segments().getByTestId('segments-tab-build').click();
      await segments().getByTestId(`segment-open-${QUIET}`).click();
      const postings = segments().getByTestId('condition-0-postings');
      await postings.waitFor({ timeout: 30_000 });
      // Saved without the choice: it keeps meaning every posting.
      await expect(postings.inputValue()).resolves.toBe('all');
      const settled = async () => {
        await page.waitForFunction(() => document.querySelector('[data-testid="segment-count"]')?.getAttribute('data-pending') === 'false', undefined, { timeout: 30_000 });
        return Number(await segments().getByTestId('segment-count').getAttribute('data-count'));
      };
      const all = await settled();
      await postings.selectOption('customer_initiated');
      await page.waitForFunction((n) => {
        const el = document.querySelector('[data-testid="segment-count"]');
        return el?.getAttribute('data-pending') === 'false' && Number(el.getAttribute('data-count')) !== n;
      }, all, { timeout: 30_000 });
      const own = await settled();
      // Quiet customers still get interest and fees: without them more customers have no transaction.
      expect(own).toBeGreaterThan(all);
      const hint = await segments().getByTestId('condition-0-postings-hint').textContent();
      expect(hint).toMatch(locale === 'zh-CN' ? /利息.*手续费/ : /interest and fees/);
      await segments().getByTestId('condition-0').screenshot({ path: reviewScreenshotPath(`postings-${locale}.png`) });
    });

    it('draws tenure in years and exports a chart PNG with its title drawn in', async () => {
      await page.getByTestId('nav-customers').click();
      await page.waitForFunction(() => (document.querySelector('[data-testid="chart-tenure-data"]')?.getAttribute('data-buckets') ?? '') !== '', undefined, { timeout: 60_000 });
      const tenure = page.getByTestId('chart-tenure-data');
      await expect(tenure.getAttribute('data-field')).resolves.toBe('tenure_years');
      // Years: the demo bank's oldest relationships are decades, not hundreds (months would be).
      const starts = ((await tenure.getAttribute('data-buckets')) ?? '').split('|').filter((l) => l !== 'unknown').map((l) => parseFloat(l));
      expect(Math.max(...starts)).toBeLessThan(80);
      await page.waitForSelector('[data-testid="chart-tenure"][data-rendered="true"]');
      const canvasHeight = await page.locator('[data-testid="chart-tenure"] .echart-canvas').evaluate((el) => el.clientHeight);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('chart-tenure-export').click()]);
      const file = await download.path();
      fs.copyFileSync(file, reviewScreenshotPath(`tenure-export-${locale}.png`));
      const image = decodePng(fs.readFileSync(file));
      // Twice the pixels, taller than on screen by the title band.
      expect(image.height).toBeGreaterThan(canvasHeight * 2);
      // The title, centred in the band above the plot: dark text pixels there (on screen that band is empty).
      const band = { x0: Math.round(image.width * 0.3), x1: Math.round(image.width * 0.7), y0: 0, y1: 2 * 30 };
      expect(darkPixels(image, band)).toBeGreaterThan(50);
    });
  });
}
