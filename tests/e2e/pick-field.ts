import type { Locator } from 'playwright-core';

/**
 * Picks a choice in a condition's searchable field picker (components/field-picker): types the
 * search, then clicks the option whose value is `value` (field:<name>, tag:<id>, kind:<behaviour>).
 */
export async function pickField(scope: Locator, index: number, value: string, search = value.slice(value.indexOf(':') + 1)): Promise<void> {
  const input = scope.getByTestId(`condition-field-${index}`);
  await input.click();
  await input.fill(search);
  await scope.getByTestId(`condition-field-${index}-list`).locator(`[role="option"][data-value="${value}"]`).click();
  await scope.locator(`[data-testid="condition-field-${index}"]:not([aria-expanded="true"])`).waitFor();
}
