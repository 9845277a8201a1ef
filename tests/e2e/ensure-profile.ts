import type { Page } from 'playwright-core';

/**
 * Opens the Customers page and, when the workspace has no profile yet, builds it from the page's
 * empty state (serve may have built it already). Pages that read the profile start from here.
 */
export async function ensureProfileBuilt(page: Page): Promise<void> {
  await page.getByTestId('nav-customers').click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="summary-customers"][data-value]') !== null || document.querySelector('[data-testid="customers-no-profile"]') !== null,
    undefined,
    { timeout: 120_000 },
  );
  if (await page.getByTestId('customers-no-profile').isVisible()) {
    await page.getByTestId('profile-build-empty').click();
    await page.waitForSelector('[data-testid="summary-customers"][data-value]', { timeout: 120_000 });
  }
}
