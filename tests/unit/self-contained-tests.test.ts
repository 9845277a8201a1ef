import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { screenshotPath } from '../support/screenshot-path';

/** `npm test` on a plain clone: every test's data is in the repository, and a run changes no tracked file. */
const ROOT = path.resolve(__dirname, '../..');

function testSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : testSources(full);
    return /\.(ts|mjs|js)$/.test(e.name) ? [full] : [];
  });
}

it('no test reads data from outside the repository (../shared, /work/shared)', () => {
  const outside = testSources(path.join(ROOT, 'tests')).filter((file) => file !== __filename && /\.\.\/shared\/data\b|\/work\/shared\b/.test(fs.readFileSync(file, 'utf8')));
  expect(outside.map((f) => path.relative(ROOT, f))).toEqual([]);
});

it('the e2e screenshot goes to an ignored folder unless `npm run screenshot` asks for docs/', () => {
  const file = path.relative(ROOT, screenshotPath());
  expect(file).toBe(path.join('test-results', 'screenshot.png'));
  // git check-ignore exits 0 when the path is ignored.
  expect(execFileSync('git', ['check-ignore', file], { cwd: ROOT, encoding: 'utf8' }).trim()).toBe(file);
  const e2e = testSources(path.join(ROOT, 'tests/e2e')).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  expect(e2e).not.toMatch(/docs\/screenshot\.png/);
});
