import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';

/**
 * `npm install && npm start` on a machine that reaches only the npm registry (issue 11, item 14),
 * and the Node versions the README promises (item 15).
 */
const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  allowScripts?: Record<string, boolean>;
  engines: { node: string; npm?: string };
};
const semver = createRequire(path.join(ROOT, 'package.json'))('semver') as { satisfies(v: string, range: string): boolean };
const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-electron-cache-'));
afterAll(() => fs.rmSync(cache, { recursive: true, force: true }));

it("Electron's own download script is denied; the project's postinstall runs the download itself", () => {
  // npm 11.19 still runs an unreviewed dependency's install script (with a notice): only an explicit
  // `false` skips it, and its failed download would fail the whole install.
  expect(pkg.allowScripts?.electron).toBe(false);
  expect(pkg.scripts.postinstall).toBe('node scripts/electron-runtime.mjs');
  expect(pkg.engines.npm).toBe('>=11.19.0');
});

it('a blocked Electron download ends the postinstall with one line and exit 0 (npm start then opens browser mode)', () => {
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: cache };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/electron-runtime.mjs')], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
  expect(run.status).toBe(0);
  const electronDist = path.join(ROOT, 'node_modules/electron/dist');
  if (fs.existsSync(electronDist)) {
    expect(run.stderr).toMatch(/Electron runtime: installed; npm start opens the desktop app/); // a machine that has it already
  } else {
    expect(run.stderr).toMatch(/Electron runtime: not available \(.*ECONNREFUSED.*\); npm start opens browser mode\. Try again later with: npm run electron-runtime/);
  }
  const skipped = spawnSync(process.execPath, [path.join(ROOT, 'scripts/electron-runtime.mjs')], { cwd: ROOT, env: { ...env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, encoding: 'utf8' });
  expect(skipped.status).toBe(0);
  expect(skipped.stderr).toMatch(/download skipped/);
});

/** Used only by `npm run dist` (electron-builder's native-module rebuild); README explains their warning on Node 20. */
const DIST_ONLY = new Set(['@electron/rebuild', 'node-abi']);

function installedEngines(dir: string, out = new Map<string, string>()): Map<string, string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === '.bin') continue;
    const full = path.join(dir, entry.name);
    if (entry.name.startsWith('@')) {
      installedEngines(full, out);
      continue;
    }
    const manifest = path.join(full, 'package.json');
    if (fs.existsSync(manifest)) {
      const p = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string; version?: string; engines?: { node?: string } };
      if (p.name && p.engines?.node && !DIST_ONLY.has(p.name)) out.set(`${p.name}@${p.version}`, p.engines.node);
    }
    if (fs.existsSync(path.join(full, 'node_modules'))) installedEngines(path.join(full, 'node_modules'), out);
  }
  return out;
}

it("every Node version package.json's engines allows is one every installed dependency accepts", () => {
  const engines = installedEngines(path.join(ROOT, 'node_modules'));
  expect(engines.size).toBeGreaterThan(50);
  const candidates = ['20.18.0', '20.19.0', '21.7.0', '22.11.0', '22.12.0', '23.11.0', '24.0.0', '25.0.0'];
  const allowed = candidates.filter((v) => semver.satisfies(v, pkg.engines.node));
  expect(allowed).toContain('20.19.0');
  const refused = allowed.flatMap((v) => [...engines].filter(([, range]) => !semver.satisfies(v, range)).map(([name, range]) => `node ${v}: ${name} needs ${range}`));
  expect(refused).toEqual([]);
  // The README states the same versions.
  expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain('Node.js 20.19+, 22.12+ or 24+');
});
