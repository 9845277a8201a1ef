import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';

/**
 * .ci/run's last line, from vitest's JSON report. The fixture is a real report of a run with no
 * Chromium: the e2e file's beforeAll threw, so its 9 tests did not run, and vitest itself counted
 * them as skipped with 0 failed.
 */
const ROOT = path.resolve(__dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-ci-summary-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const summary = (report: unknown, status = 0) => {
  const file = path.join(dir, `r${Math.random()}.json`);
  fs.writeFileSync(file, JSON.stringify(report));
  return execFileSync(process.execPath, [path.join(ROOT, '.ci/summarize-vitest.mjs'), file, String(status)], { encoding: 'utf8' });
};
const hookFailed = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/ci/vitest-report-hook-failed.json'), 'utf8'));
const LAST_LINE = /^\d+ passed, \d+ failed(, \d+ skipped)?\n$/;

it('a suite whose hook failed (no browser) counts its tests as failed, not skipped', () => {
  expect(hookFailed.numFailedTests).toBe(0); // what vitest says
  const line = summary(hookFailed, 1);
  expect(line).toBe('1 passed, 9 failed, 0 skipped\n');
  expect(line).toMatch(LAST_LINE);
});

it('a green run and a run with skips of their own', () => {
  const file = (status: string, results: string[]) => ({ status, assertionResults: results.map((s) => ({ status: s })) });
  expect(summary({ success: true, testResults: [file('passed', ['passed', 'passed']), file('passed', ['skipped'])] })).toBe('2 passed, 0 failed, 1 skipped\n');
  expect(summary({ success: false, testResults: [file('failed', ['passed', 'failed', 'skipped'])] }, 1)).toBe('1 passed, 1 failed, 1 skipped\n');
  // A file that did not load at all has no tests: it still counts as one failure.
  expect(summary({ success: false, testResults: [file('failed', [])] }, 1)).toBe('0 passed, 1 failed, 0 skipped\n');
  // Failed outside any file (an unhandled error): never "0 failed".
  expect(summary({ success: false, testResults: [file('passed', ['passed'])] }, 1)).toBe('1 passed, 1 failed, 0 skipped\n');
});
