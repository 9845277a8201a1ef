import WebSocket from 'ws';
import { Engine } from '../engine/engine';
import { findRendezvous, type Rendezvous } from '../server/engine-rendezvous';
import { websocketTransport } from '../server/websocket-transport';
import { EngineClient } from '../shared/engine-client';

/**
 * Runs one CLI command against a workspace. When a Segment Workbench server holds it (its
 * rendezvous file names a live process), the command goes through that server's engine over its
 * WebSocket — DuckDB lets one process write the file, and the open app then hears of the change.
 * Otherwise the CLI opens the workspace itself with an in-process client. Either way Ctrl+C
 * aborts the running call (the engine interrupts DuckDB and rolls back).
 */
export async function withEngine<T>(workspace: string, fn: (client: EngineClient, signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  try {
    const running = findRendezvous(workspace);
    const remote = running ? await connectToRunning(running) : null;
    if (remote) {
      process.stderr.write(`(through the Segment Workbench running on this workspace, process ${running!.pid})\n`);
      try {
        return await fn(remote.client, abort.signal);
      } finally {
        remote.close();
      }
    }
    const engine = await Engine.open({ path: workspace });
    try {
      return await fn(engine.connectClient(), abort.signal);
    } finally {
      engine.close();
    }
  } finally {
    process.off('SIGINT', onSignal);
  }
}

/** A client over the running server's WebSocket, or null when it does not answer (then the file is tried). */
function connectToRunning(running: Rendezvous): Promise<{ client: EngineClient; close: () => void } | null> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${running.port}/ws?token=${encodeURIComponent(running.token)}`, { maxPayload: 64 * 1024 * 1024 });
    const fail = () => resolve(null);
    socket.once('error', fail);
    socket.once('unexpected-response', fail);
    socket.once('open', () => {
      socket.off('error', fail);
      socket.on('error', () => {}); // a later failure closes the socket: the client rejects its calls
      resolve({ client: new EngineClient(websocketTransport(socket), 'cli'), close: () => socket.close() });
    });
  });
}
