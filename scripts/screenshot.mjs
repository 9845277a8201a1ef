// `npm run screenshot` (after its `npm run build`): refreshes the README's picture,
// docs/screenshot.png, from the real app by running the end-to-end test that takes it, pointed at
// docs/ instead of test-results/ (where `npm test` writes it, so a test run never changes a tracked file).
import { spawnSync } from 'node:child_process';

const result = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'tests/e2e/app.e2e.test.ts', '-t', 'scrolls the virtualized grid'], {
  stdio: 'inherit',
  env: { ...process.env, SW_SCREENSHOT_OUT: 'docs/screenshot.png' },
});
process.exit(result.status ?? 1);
