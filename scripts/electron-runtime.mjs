// `npm install`'s postinstall (and `npm run electron-runtime` to try again): the Electron runtime
// for the desktop app, from Electron's download server, where that server can be reached.
//
// Why here and not in the electron package's own postinstall: on a machine that reaches only the
// npm registry, that script's download fails and fails the whole `npm install`. package.json's
// "allowScripts": { "electron": false } tells npm (≥ 11.19, which otherwise still runs a
// dependency's install script, with a notice) to skip it; this script runs the same download and
// turns a failure into one line — `npm start` then opens browser mode — instead of a failed install.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const install = path.join(root, 'node_modules', 'electron', 'install.js');
const say = (line) => process.stderr.write(`${line}\n`);

if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  say('Electron runtime: download skipped (ELECTRON_SKIP_BINARY_DOWNLOAD is set); npm start opens browser mode.');
} else if (!fs.existsSync(install)) {
  // Installed without dev dependencies: there is no desktop app to fetch a runtime for.
} else {
  say('Electron runtime: downloading it for the desktop app (where the download is blocked, npm start opens browser mode)…');
  const result = spawnSync(process.execPath, [install], { cwd: path.dirname(install), encoding: 'utf8', timeout: 10 * 60_000, stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status === 0) {
    say('Electron runtime: installed; npm start opens the desktop app.');
  } else {
    const reason = result.error?.message ?? firstLine(result.stderr) ?? `exit code ${result.status}`;
    say(`Electron runtime: not available (${reason}); npm start opens browser mode. Try again later with: npm run electron-runtime`);
  }
}

function firstLine(text) {
  return text?.split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('at ')) ?? null;
}
