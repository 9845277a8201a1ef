import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Dialog, Page } from 'playwright-core';
import { launchChromium, startApp, type RunningApp } from '../support/browser-mode';
import { pickField } from './pick-field';

/**
 * The Segments page, end to end: the built renderer in Debian's Chromium against `segment-workbench
 * serve` on a demo workspace. Builds a segment of three conditions, one a nested OR group, watching
 * the live count follow each edit; saves it, reloads the page, opens it again and sees the same
 * count; saves a second segment and reads the overlap of the two.
 */
let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const FIRST = 'E2E payroll 30+';
const SECOND = 'E2E age 50+';

beforeAll(async () => {
  app = await startApp();
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'en-US', viewport: { width: 1600, height: 1100 } });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const segments = () => page.getByTestId('segments-page');

/** The live count once it has settled (no debounce or query pending, every condition valid). */
async function settledCount(): Promise<number> {
  await page.waitForFunction(
    () => {
      const el = document.querySelector('[data-testid="segment-count"]');
      return el?.getAttribute('data-pending') === 'false' && el.hasAttribute('data-count');
    },
    undefined,
    { timeout: 30_000 },
  );
  return Number(await segments().getByTestId('segment-count').getAttribute('data-count'));
}

/** Waits until the settled count differs from `previous` and returns it. */
async function countChangedFrom(previous: number): Promise<number> {
  await page.waitForFunction(
    (n) => {
      const el = document.querySelector('[data-testid="segment-count"]');
      return el?.getAttribute('data-pending') === 'false' && el.hasAttribute('data-count') && Number(el.getAttribute('data-count')) !== n;
    },
    previous,
    { timeout: 30_000 },
  );
  return Number(await segments().getByTestId('segment-count').getAttribute('data-count'));
}

async function openSegmentsPage(): Promise<void> {
  await page.goto(app.url);
  await page.waitForSelector('[data-ready="true"]', { timeout: 30_000 });
  await page.getByTestId('nav-segments').click();
  await segments().waitFor();
}

async function setNumberCondition(index: number, field: string, op: string, value: string): Promise<void> {
  await pickField(segments(), index, `field:${field}`);
  await segments().getByTestId(`condition-op-${index}`).selectOption(op);
  await segments().getByTestId(`condition-value-${index}`).fill(value);
}

let firstCount = 0;

/** Opens another segment or a new one: unsaved edits of the last step are discarded (the guard's question answered yes). */
async function leaving(action: () => Promise<void>): Promise<void> {
  const accept = (dialog: Dialog) => void dialog.accept();
  page.on('dialog', accept);
  try {
    await action();
  } finally {
    page.off('dialog', accept);
  }
}

describe('Segments page, end to end', () => {
  it('opens Segments (building the profile if needed) and counts everybody for an empty rule', async () => {
    await openSegmentsPage();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="segment-count"][data-count]') !== null || document.querySelector('[data-testid="segments-no-profile"]') !== null,
      undefined,
      { timeout: 60_000 },
    );
    if (await segments().getByTestId('segments-no-profile').isVisible()) {
      await segments().getByTestId('segments-profile-build').click();
      await page.waitForSelector('[data-testid="segments-no-profile"]', { state: 'detached', timeout: 120_000 });
    }
    expect(await settledCount()).toBe(3000);
    await expect(segments().getByTestId('segment-count-share').innerText()).resolves.toMatch(/100/);
  });

  it('builds three conditions, one a nested OR group, and the count follows every edit', async () => {
    let count = await settledCount();

    // 1. age ≥ 30. A condition just added shows no error before the user has typed (issue 13 item 8).
    await segments().getByTestId('segment-add-condition').click();
    await segments().getByTestId('condition-0').waitFor({ state: 'visible' });
    await expect(segments().getByTestId('condition-0-problem').count()).resolves.toBe(0);
    await setNumberCondition(0, 'age', '>=', '30');
    count = await countChangedFrom(count);
    // Once edited, an incomplete value is an error shown on the condition.
    await segments().getByTestId('condition-value-0').fill('');
    await segments().getByTestId('condition-0-problem').waitFor({ state: 'visible' });
    await segments().getByTestId('condition-value-0').fill('30');
    await segments().getByTestId('condition-0-problem').waitFor({ state: 'detached' });
    expect(count).toBeLessThan(3000);
    expect(count).toBeGreaterThan(0);
    // Editing the value changes the count, and going back restores it.
    await segments().getByTestId('condition-value-0').fill('40');
    const older = await countChangedFrom(count);
    expect(older).toBeLessThan(count);
    await segments().getByTestId('condition-value-0').fill('30');
    expect(await countChangedFrom(older)).toBe(count);

    // 2. value tier in {long_tail, potential} — picked from the category picker (distinct values with counts).
    await segments().getByTestId('segment-add-condition').click();
    await pickField(segments(), 1, 'field:value_tier');
    await segments().getByTestId('condition-op-1').selectOption('in');
    await page.waitForSelector('[data-testid="condition-value-1"].category-picker', { timeout: 30_000 });
    const options = segments().getByTestId('condition-value-1').locator('input[type="checkbox"]:not([disabled])');
    expect(await options.count()).toBeGreaterThan(1);
    await segments().getByTestId('condition-value-1-option-long_tail').check();
    await segments().getByTestId('condition-value-1-option-potential').check();
    count = await countChangedFrom(count);

    // 3. a nested OR group: AUM ≥ 50,000 OR payroll customer.
    await segments().getByTestId('segment-add-group').click();
    await expect(segments().getByTestId('segment-group-1').getAttribute('data-op')).resolves.toBe('or');
    await setNumberCondition(2, 'aum_latest', '>=', '50000');
    const aumOnly = await countChangedFrom(count);
    expect(aumOnly).toBeLessThan(count);
    await segments().getByTestId('segment-group-1-add-condition').click();
    await pickField(segments(), 3, 'field:payroll_flag');
    await segments().getByTestId('condition-op-3').selectOption('=');
    await segments().getByTestId('condition-value-3').selectOption('true');
    count = await countChangedFrom(aumOnly);
    // OR widens the group.
    expect(count).toBeGreaterThan(aumOnly);

    // Switching a condition off removes it from the count; on again restores it.
    await segments().getByTestId('condition-3-toggle').uncheck();
    expect(await countChangedFrom(count)).toBe(aumOnly);
    await segments().getByTestId('condition-3-toggle').check();
    expect(await countChangedFrom(aumOnly)).toBe(count);

    // The waterfall: one step per top-level condition, the last one is the count.
    const waterfall = segments().getByTestId('segment-waterfall');
    await expect(waterfall.getAttribute('data-steps')).resolves.toBe('3');
    const remaining = ((await waterfall.getAttribute('data-remaining')) ?? '').split(',').map(Number);
    expect(remaining).toHaveLength(3);
    expect(remaining[2]).toBe(count);
    expect(remaining[0]).toBeGreaterThanOrEqual(remaining[1]!);
    expect(remaining[1]).toBeGreaterThanOrEqual(remaining[2]!);
    firstCount = count;
  });

  it('saves the segment, reloads, opens it again and sees the same count', async () => {
    await segments().getByTestId('segment-name').fill(FIRST);
    await segments().getByTestId('segment-owner').fill('e2e');
    await segments().getByTestId('segment-save').click();
    await page.waitForFunction(() => (document.querySelector('[data-testid="segment-state"]')?.getAttribute('data-saved-id') ?? '') !== '', undefined, { timeout: 30_000 });
    await segments().getByTestId(`segment-list-item-${FIRST}`).waitFor({ timeout: 30_000 });

    await openSegmentsPage();
    await leaving(() => segments().getByTestId(`segment-open-${FIRST}`).click());
    await page.waitForFunction((name) => (document.querySelector('[data-testid="segment-name"]') as HTMLInputElement | null)?.value === name, FIRST, { timeout: 30_000 });
    expect(await settledCount()).toBe(firstCount);
    await expect(segments().getByTestId('segment-builder').getAttribute('data-conditions')).resolves.toBe('4');
    await expect(segments().getByTestId('segment-group-1').getAttribute('data-op')).resolves.toBe('or');
    await expect(segments().getByTestId('segment-state').getAttribute('data-dirty')).resolves.toBe('false');
    // The list shows the same count for it.
    await page.waitForFunction(
      ([name, n]) => Number(document.querySelector(`[data-testid="segment-list-item-${name}"]`)?.getAttribute('data-count')) === n,
      [FIRST, firstCount] as const,
      { timeout: 30_000 },
    );
  });

  it('saves a second segment and shows the overlap of the two', async () => {
    await leaving(() => segments().getByTestId('segment-new').click());
    expect(await settledCount()).toBe(3000);
    await segments().getByTestId('segment-add-condition').click();
    await setNumberCondition(0, 'age', '>=', '50');
    const second = await countChangedFrom(3000);
    await segments().getByTestId('segment-name').fill(SECOND);
    await segments().getByTestId('segment-save').click();
    await segments().getByTestId(`segment-list-item-${SECOND}`).waitFor({ timeout: 30_000 });

    await segments().getByTestId(`segment-select-${FIRST}`).check();
    await segments().getByTestId(`segment-select-${SECOND}`).check();
    await segments().getByTestId('segment-show-overlap').click();
    await page.waitForSelector('[data-testid="segment-overlap"][data-loaded="true"]', { timeout: 30_000 });
    const cell = async (mask: number) => Number(await segments().getByTestId(`overlap-count-${mask}`).getAttribute('data-count'));
    const onlyFirst = await cell(1);
    const onlySecond = await cell(2);
    const both = await cell(3);
    expect(onlyFirst + both).toBe(firstCount);
    expect(onlySecond + both).toBe(second);
    expect(both).toBeGreaterThan(0);
    await expect(segments().getByTestId('segment-venn').isVisible()).resolves.toBe(true);
    await expect(segments().getByTestId('segment-upset').isVisible()).resolves.toBe(true);
    await expect(segments().getByTestId('segment-overlap').getAttribute('data-union')).resolves.toBe(String(onlyFirst + onlySecond + both));
  });

  it('profiles the segment against the base and lists its members, masked', async () => {
    await leaving(() => segments().getByTestId(`segment-open-${FIRST}`).click());
    await page.waitForFunction((name) => (document.querySelector('[data-testid="segment-name"]') as HTMLInputElement | null)?.value === name, FIRST);
    await segments().getByTestId('segments-tab-understand').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="segment-compare"]')?.getAttribute('data-attributes')) > 0, undefined, { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="segment-members-grid"]')?.getAttribute('data-loaded') === 'true', undefined, { timeout: 30_000 });
    await expect(segments().getByTestId('segment-members-grid').getByTestId('grid-first-row').innerText()).resolves.toMatch(/\*/);
    await segments().getByTestId('segments-tab-build').click();
  });

  it('keeps every save as a version: history shows what changed, revert restores the count', async () => {
    await leaving(() => segments().getByTestId(`segment-open-${FIRST}`).click());
    await page.waitForFunction((name) => (document.querySelector('[data-testid="segment-name"]') as HTMLInputElement | null)?.value === name, FIRST);
    expect(await settledCount()).toBe(firstCount);
    await segments().getByTestId('segments-tab-build').click();
    await segments().getByTestId('condition-value-0').fill('45');
    const edited = await countChangedFrom(firstCount);
    await expect(segments().getByTestId('segment-state').getAttribute('data-dirty')).resolves.toBe('true');
    await segments().getByTestId('segment-save').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="segment-state"]')?.getAttribute('data-version') === '2', undefined, { timeout: 30_000 });
    await segments().getByTestId('segment-history').click();
    const v2 = segments().getByTestId('segment-version-2');
    await v2.waitFor({ timeout: 30_000 });
    await expect(v2.innerText()).resolves.toMatch(/45/);
    await segments().getByTestId('segment-revert-1').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="segment-state"]')?.getAttribute('data-version') === '3', undefined, { timeout: 30_000 });
    expect(await countChangedFrom(edited)).toBe(firstCount);
    await expect(segments().getByTestId('condition-value-0').inputValue()).resolves.toBe('30');
  });

  it('freezes the segment as a static snapshot with the same members', async () => {
    await segments().getByTestId('segment-snapshot').click();
    await page.waitForFunction(() => /\(snapshot/.test(document.querySelector('[data-testid="segment-message"]')?.textContent ?? ''), undefined, { timeout: 30_000 });
    const snapshot = segments().locator('[data-testid^="segment-list-item-"]', { hasText: 'snapshot' }).first();
    await snapshot.waitFor({ timeout: 30_000 });
    await expect(snapshot.getAttribute('data-count')).resolves.toBe(String(firstCount));
  });

  it('creates a static segment from pasted customer IDs with a match report', async () => {
    await segments().getByTestId('segment-from-ids').click();
    await segments().getByTestId('segment-ids-name').fill('E2E pasted list');
    await segments().getByTestId('segment-ids-text').fill('customer_id\nC000000001\nC000000002\nC000000002\nNOPE-1\n');
    await segments().getByTestId('segment-ids-create').click();
    const report = segments().getByTestId('segment-ids-report');
    await report.waitFor({ timeout: 30_000 });
    await expect(report.getAttribute('data-matched')).resolves.toBe('2');
    await expect(report.getAttribute('data-unmatched')).resolves.toBe('1');
    await expect(report.getAttribute('data-duplicates')).resolves.toBe('1');
    await expect(report.innerText()).resolves.toMatch(/NOPE-1/);
    await segments().getByTestId('segment-list-item-E2E pasted list').waitFor({ timeout: 30_000 });
  });

  it('creates a static segment from a file of 1,600,000 IDs (17 MB, over one request\'s limit), sent in chunks', async () => {
    const ids = Array.from({ length: 1_600_000 }, (_, i) => `C${String(i + 1).padStart(9, '0')}`);
    const file = path.join(app.workspaceDir, 'many-ids.txt');
    fs.writeFileSync(file, `customer_id\n${ids.join('\n')}\n`);
    expect(fs.statSync(file).size).toBeGreaterThan(16 * 1024 * 1024);
    // A fresh panel (the button toggles it; the previous test left it open).
    if (await segments().getByTestId('segment-ids-panel').isVisible()) await segments().getByTestId('segment-from-ids').click();
    await segments().getByTestId('segment-from-ids').click();
    await segments().getByTestId('segment-ids-name').fill('E2E big file');
    await segments().getByTestId('segment-ids-file').setInputFiles(file);
    await expect(segments().getByTestId('segment-ids-text').inputValue()).resolves.toBe('');
    await page.waitForFunction(() => /1,600,000 IDs/.test(document.querySelector('[data-testid="segment-ids-preview"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    await segments().getByTestId('segment-ids-create').click();
    const report = segments().getByTestId('segment-ids-report');
    await report.waitFor({ timeout: 120_000 });
    await expect(report.getAttribute('data-matched')).resolves.toBe('3000');
    await expect(report.getAttribute('data-unmatched')).resolves.toBe(String(1_600_000 - 3000));
    await segments().getByTestId('segment-list-item-E2E big file').waitFor({ timeout: 30_000 });
  }, 240_000);

  it('a behavioural filter offers the values the transactions have, with their counts', async () => {
    await leaving(() => segments().getByTestId('segment-new').click());
    expect(await settledCount()).toBe(3000);
    await segments().getByTestId('segment-add-condition').click();
    await pickField(segments(), 0, 'kind:activity');
    // At least one transaction of any kind (prospects have none), then at least one on mobile.
    await segments().getByTestId('condition-value-0').fill('1');
    const withAnyTxn = await countChangedFrom(3000);
    await segments().getByTestId('condition-0-filters-add').click();
    await segments().getByTestId('condition-0-filters-column-0').selectOption('channel');
    const choices = segments().getByTestId('condition-0-filters-value-0-s').locator('option');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="condition-0-filters-value-0-s"] option').length > 1, undefined, { timeout: 30_000 });
    const values = await choices.evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(values).toContain('mobile');
    await expect(segments().getByTestId('condition-0-filters-value-0-s').locator('option[value="mobile"]').getAttribute('label')).resolves.toMatch(/^mobile · [\d,]+$/);
    await segments().getByTestId('condition-0-filters-value-0').fill('mobile');
    expect(await countChangedFrom(withAnyTxn)).toBeLessThan(withAnyTxn);
  });

  it('shows the SQL for the warehouse in each dialect', async () => {
    await leaving(() => segments().getByTestId(`segment-open-${FIRST}`).click());
    await segments().getByTestId('segments-tab-sql').click();
    await page.waitForFunction(() => ((document.querySelector('[data-testid="segment-sql"]') as HTMLTextAreaElement | null)?.value ?? '').length > 20, undefined, { timeout: 30_000 });
    const duck = await segments().getByTestId('segment-sql').inputValue();
    expect(duck).toMatch(/select/i);
    // Self-contained: the profile is computed from the canonical tables in the WITH clause.
    expect(duck).toMatch(/customer_profile AS \(/);
    await segments().getByTestId('segment-sql-dialect').selectOption('spark');
    await page.waitForFunction(() => document.querySelector('[data-testid="segment-sql"]')?.getAttribute('data-dialect') === 'spark', undefined, { timeout: 30_000 });
  });

  it('exports the definition file and imports it back with a fit report', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), segments().getByTestId('segment-export').click()]);
    const file = await download.path();
    expect(file).toBeTruthy();
    await segments().getByTestId('segment-import').click();
    await segments().getByTestId('segment-import-file').setInputFiles(file!);
    await page.waitForSelector('[data-testid="segment-import-report"][data-fits="true"]', { timeout: 30_000 });
    await segments().getByTestId('segment-import-confirm').click();
    await segments().getByTestId('segment-import-done').waitFor({ timeout: 30_000 });
  });

  it('asks before leaving a segment with unsaved changes, and stays when told to (issue 13 item 8)', async () => {
    await leaving(() => segments().getByTestId(`segment-open-${SECOND}`).click());
    // The editor showed the previous (clean) segment until segment.get answers: wait for SECOND
    // itself, or the answer lands after the edit below and replaces it.
    await page.waitForFunction(
      (name) => (document.querySelector('[data-testid="segment-name"]') as HTMLInputElement | null)?.value === name && document.querySelector('[data-testid="segment-state"]')?.getAttribute('data-dirty') === 'false',
      SECOND,
      { timeout: 30_000 },
    );
    await segments().getByTestId('segment-name').fill(`${SECOND} (edited)`);
    await page.waitForSelector('[data-testid="segment-state"][data-dirty="true"]');
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await segments().getByTestId('segment-new').click();
    expect(asked).toHaveLength(1);
    await expect(segments().getByTestId('segment-name').inputValue()).resolves.toBe(`${SECOND} (edited)`);
    page.once('dialog', (dialog) => void dialog.accept());
    await segments().getByTestId(`segment-open-${SECOND}`).click();
    await page.waitForSelector('[data-testid="segment-state"][data-dirty="false"]');
    await expect(segments().getByTestId('segment-name').inputValue()).resolves.toBe(SECOND);
  });
});
