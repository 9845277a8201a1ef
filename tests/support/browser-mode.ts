import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const ROOT = path.resolve(__dirname, '../..');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface RunningApp {
  url: string;
  origin: string;
  token: string;
  workspaceDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the real browser-mode server exactly as a user would (`segment-workbench serve`), from
 * the built CLI, on a fresh workspace that it fills with the demo bank.
 */
export async function startApp(demoCustomers = 3000): Promise<RunningApp> {
  const cli = path.join(ROOT, 'out/cli/index.js');
  if (!fs.existsSync(cli) || !fs.existsSync(path.join(ROOT, 'out/renderer/index.html'))) {
    throw new Error('the app is not built: run `npm run build` (npm test does it first)');
  }
  const workspaceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, 'serve', '--no-open', '--workspace', path.join(workspaceDir, 'workspace.duckdb'), '--demo-customers', String(demoCustomers)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`serve did not print its URL in time\n${stderr}`)), 90_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^Segment Workbench: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}\n${stderr}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    workspaceDir,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(workspaceDir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, with every background service that would phone home turned off. */
export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium (.ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
