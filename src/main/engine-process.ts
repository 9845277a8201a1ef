/**
 * Entry of Electron's utility process: the engine, plain Node. A heavy query runs here, so it
 * never freezes the window, and a crash here does not take the window down. It imports no
 * Electron module: the parent port is a property of `process` in a utility process.
 */
import type { ParentPort } from 'electron';
import { Engine } from '../engine/engine';
import { detachedContext } from '../engine/jobs/job-context';
import { defaultWorkspacePath } from '../engine/workspace-location';
import { isMainToEngineMessage, type EngineToMainMessage } from './engine-messages';
import { messagePortTransport } from './message-port-transport';
import { workspaceArgument } from './workspace-argument';

function parentPortOrExit(): ParentPort {
  const port = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort;
  if (!port) {
    console.error('engine-process must be started by Electron utilityProcess.fork');
    process.exit(2);
  }
  return port;
}

const parentPort = parentPortOrExit();
const report = (message: EngineToMainMessage): void => parentPort.postMessage(message);

async function main(): Promise<void> {
  const workspacePath = workspaceArgument(process.argv) ?? defaultWorkspacePath();
  const opening = Engine.open({ path: workspacePath });

  // Listening at once, not after the engine opened: a port handed over meanwhile waits on
  // `opening` instead of relying on the parent port's queueing. Each window load gets its own
  // port; a reload's old port closes and the engine cancels that page's jobs.
  parentPort.on('message', (event) => {
    if (!isMainToEngineMessage(event.data)) return;
    const port = event.ports[0];
    if (!port) return;
    opening.then((engine) => {
      engine.serve(messagePortTransport(port));
      port.start();
    }, () => port.close());
  });

  const engine = await opening;
  // Main ends the process with SIGTERM on quit (POSIX): close DuckDB cleanly (checkpoint) first.
  process.once('SIGTERM', () => {
    engine.close();
    process.exit(0);
  });
  const hasData = await engine.hasData(detachedContext());
  report({ type: 'engine-ready', workspacePath: engine.workspace.path, hasData });
  if (!hasData) {
    // A failed demo is reported but does not stop the engine: the analyst can still import data.
    await generateDemo(engine).catch((error: unknown) => report({ type: 'engine-error', message: `demo data: ${errorMessage(error)}`, fatal: false }));
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** First start on an empty workspace: the demo bank, so the analyst sees the app working at once. */
async function generateDemo(engine: Engine): Promise<void> {
  const client = engine.connectClient();
  const result = await client.call('demo.generate', {}, {
    onProgress: (progress) => report({ type: 'demo-progress', fraction: progress.fraction ?? 0, message: progress.message?.key ?? '' }),
  });
  report({ type: 'demo-done', customers: result.customers, elapsedMs: result.elapsedMs });
}

main().catch((error: unknown) => {
  const message = errorMessage(error);
  report({ type: 'engine-error', message, fatal: true });
  console.error('engine failed:', message);
  // Without a workspace (e.g. the file is locked by another process) the engine is useless; main
  // tells the user. The delay lets the report reach main before the process ends.
  setTimeout(() => process.exit(1), 100);
});
