// The last line of .ci/run: "N passed, N failed, N skipped" from vitest's JSON report.
// A test file that failed without a failing test — it did not load, or a beforeAll/afterAll hook
// threw (no browser, an unbuilt app) — is a failure, and the tests it could not run count as
// failed, not skipped: a suite that did not run must never read as green.
import fs from 'node:fs';

export function summarize(report, exitStatus = 0) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const file of report.testResults ?? []) {
    const results = file.assertionResults ?? [];
    const count = (status) => results.filter((a) => a.status === status).length;
    const notRun = results.length - count('passed') - count('failed');
    passed += count('passed');
    failed += count('failed');
    if (file.status === 'failed' && count('failed') === 0) failed += Math.max(1, notRun);
    else skipped += notRun;
  }
  // vitest failed outside any file (an unhandled error, a failed global set-up): one failure.
  if (failed === 0 && (exitStatus !== 0 || report.success === false)) failed = 1;
  return `${passed} passed, ${failed} failed, ${skipped} skipped`;
}

// node .ci/summarize-vitest.mjs REPORT.json [VITEST_EXIT_STATUS]
const [, , reportFile, exitStatus = '0'] = process.argv;
if (reportFile) {
  try {
    console.log(summarize(JSON.parse(fs.readFileSync(reportFile, 'utf8')), Number(exitStatus)));
  } catch {
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  }
}
