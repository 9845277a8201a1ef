import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Where the end-to-end test writes the Data page's screenshot: test-results/ (ignored by git), so
 * `npm test` never changes a tracked file. `npm run screenshot` points it at docs/screenshot.png
 * (the README's picture) on purpose, through SW_SCREENSHOT_OUT.
 */
export function screenshotPath(): string {
  return path.resolve(ROOT, process.env.SW_SCREENSHOT_OUT ?? 'test-results/screenshot.png');
}

/** A screenshot for review, in test-results/ (never a tracked file). */
export function reviewScreenshotPath(name: string): string {
  return path.resolve(ROOT, 'test-results', name);
}
