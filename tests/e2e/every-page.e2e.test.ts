import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { messagesEn } from '../../src/shared/i18n/messages-en';
import { messagesZh } from '../../src/shared/i18n/messages-zh';
import { launchChromium, startApp, type RunningApp } from '../support/browser-mode';
import { reviewScreenshotPath } from '../support/screenshot-path';
import { ensureProfileBuilt } from './ensure-profile';

/**
 * Every page of the app in each language (issue 13's review): a screenshot of each is written to
 * test-results/pages/ (ignored by git) for a person to look at, and each page is checked for what
 * a reviewer would catch: a message key shown instead of its text, "undefined", "NaN" or
 * "[object Object]" on screen, and the navigation in the other language.
 */
const PAGES = ['data', 'customers', 'segments', 'funnels', 'churn', 'models', 'campaigns', 'dictionary'] as const;
const CATALOGS = { zh: messagesZh, en: messagesEn } as const;
// Keys with at least one dot, as the catalogs spell them (`profile.step.transactions`): on screen, such a key is untranslated text.
const KEYS = Object.keys(messagesEn).filter((key) => key.includes('.'));

let app: RunningApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  app = await startApp(3000);
  browser = await launchChromium();
  page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1600, height: 1000 } })).newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** The visible text of the page, with what is wrong in it. */
async function problemsOnScreen(): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  const problems: string[] = [];
  for (const key of KEYS) if (new RegExp(`(^|[^\\w.])${key.replace(/\./g, '\\.')}($|[^\\w.])`).test(text)) problems.push(`raw key ${key}`);
  for (const bad of ['undefined', 'NaN', '[object Object]']) {
    if (new RegExp(`(^|[^\\w])${bad.replace(/[[\]]/g, '\\$&')}($|[^\\w])`).test(text)) problems.push(`"${bad}" on screen`);
  }
  return problems;
}

describe('every page in each language', () => {
  it('opens on a built profile', async () => {
    await page.goto(app.url);
    await page.waitForSelector('[data-ready="true"]', { timeout: 30_000 });
    await ensureProfileBuilt(page);
  }, 180_000);

  for (const lang of ['zh', 'en'] as const) {
    it(`${lang}: every page speaks ${lang}, shows no raw key or broken value, and is photographed for review`, async () => {
      await page.getByTestId('lang-switch').selectOption(lang);
      const catalog = CATALOGS[lang];
      const found: string[] = [];
      for (const id of PAGES) {
        const nav = page.getByTestId(`nav-${id}`);
        await nav.click();
        await page.waitForFunction((testId) => document.querySelector(`[data-testid="${testId}"]`)?.classList.contains('active') === true, `nav-${id}`);
        // Let the page's first queries answer before it is read and photographed.
        await page.waitForTimeout(1500);
        const label = (await nav.innerText()).trim();
        expect(label, `${id} in ${lang}`).toBe(catalog[`nav.${id === 'campaigns' ? 'targets' : id}` as keyof typeof catalog]);
        const shot = reviewScreenshotPath(`pages/${id}-${lang}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
        for (const problem of await problemsOnScreen()) found.push(`${id} (${lang}): ${problem}`);
        if (lang === 'zh') {
          const main = await page.evaluate(() => (document.querySelector('main') ?? document.body).textContent ?? '');
          if (!/\p{Script=Han}/u.test(main)) found.push(`${id} (zh): no Chinese text on the page`);
        }
      }
      process.stdout.write(`screenshots of every page in ${lang}: ${reviewScreenshotPath('pages')}\n`);
      expect(found).toEqual([]);
    }, 180_000);
  }
});
