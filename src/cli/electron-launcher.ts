import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The Electron executable, or null where it is not installed. Outside Electron,
 * require('electron') returns the executable's path only when the postinstall download
 * succeeded; without it the package throws. The path is checked too: a stale path.txt can name a
 * binary that is gone.
 */
export function findElectronBinary(): string | null {
  try {
    const resolved: unknown = createRequire(import.meta.url)('electron');
    return typeof resolved === 'string' && fs.existsSync(resolved) ? resolved : null;
  } catch {
    return null;
  }
}

/** The app folder Electron starts: the package root, whose package.json "main" is out/main/index.js. */
export function appRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'out', 'main', 'index.js'))) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

/** Starts the desktop app with the given arguments (e.g. --workspace PATH); resolves to its exit code. */
export function launchElectron(args: readonly string[]): Promise<number> {
  const binary = findElectronBinary();
  const root = appRoot();
  if (binary === null) return Promise.reject(new Error('the Electron runtime is not installed'));
  if (root === null) return Promise.reject(new Error('the app is not built yet: run `npm run build` first'));
  // ELECTRON_RUN_AS_NODE (set by some tools) would turn the app into a plain Node process.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  return new Promise<number>((resolve, reject) => {
    const child = spawn(binary, [root, ...args], { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code ?? (signal !== null ? 1 : 0));
    });
  });
}
