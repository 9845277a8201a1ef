import { EngineClient } from '../../shared/engine-client';
import type { FrameTransport } from '../../shared/transport';
import { hostModeFor, webSocketUrl } from './engine-address';
import { messagePortTransport, webSocketTransport } from './frame-transports';

/** The message the preload posts, with the engine's MessagePort attached. */
export const ENGINE_PORT_MESSAGE = 'sw:engine-port';
const PORT_WAIT_WARNING_MS = 15_000;

export type ConnectionFailure = 'refused' | 'lost' | 'no-token';

export type ConnectionState =
  | { status: 'connecting'; slow: boolean }
  | { status: 'connected'; client: EngineClient }
  | { status: 'failed'; failure: ConnectionFailure; detail: string };

/**
 * Connects to the engine and reports every state change: connecting (slow after a while),
 * connected with a client, or failed (refused, lost later, no token). Returns a disposer.
 */
export function connectEngine(onState: (state: ConnectionState) => void): () => void {
  let disposed = false;
  const report = (state: ConnectionState) => {
    if (!disposed) onState(state);
  };
  const attach = (transport: FrameTransport) => {
    transport.onClose((reason) => report({ status: 'failed', failure: 'lost', detail: reason }));
    report({ status: 'connected', client: new EngineClient(transport, 'r') });
  };

  report({ status: 'connecting', slow: false });
  if (hostModeFor(window.location.protocol) === 'browser') return connectWebSocket(report, attach, () => (disposed = true));
  return connectMessagePort(report, attach, () => (disposed = true));
}

/**
 * The preload may post the port before React mounts, so a listener installed when this module is
 * first imported keeps it until connectMessagePort asks for it.
 */
let earlyPort: MessagePort | null = null;
let portWaiter: ((port: MessagePort) => void) | null = null;
function onPortMessage(event: MessageEvent): void {
  if (event.data !== ENGINE_PORT_MESSAGE) return;
  const port = event.ports[0];
  if (!port || earlyPort) return;
  earlyPort = port;
  portWaiter?.(port);
}
if (typeof window !== 'undefined' && hostModeFor(window.location.protocol) === 'electron') {
  window.addEventListener('message', onPortMessage);
}

function connectMessagePort(report: (state: ConnectionState) => void, attach: (t: FrameTransport) => void, dispose: () => void): () => void {
  let attached = false;
  const slowTimer = window.setTimeout(() => report({ status: 'connecting', slow: true }), PORT_WAIT_WARNING_MS);
  const take = (port: MessagePort) => {
    if (attached) return;
    attached = true;
    portWaiter = null;
    window.clearTimeout(slowTimer);
    attach(messagePortTransport(port));
  };
  if (earlyPort) take(earlyPort);
  else portWaiter = take;
  return () => {
    dispose();
    window.clearTimeout(slowTimer);
    if (portWaiter === take) portWaiter = null;
  };
}

function connectWebSocket(report: (state: ConnectionState) => void, attach: (t: FrameTransport) => void, dispose: () => void): () => void {
  const url = webSocketUrl(window.location);
  if (url === null) {
    report({ status: 'failed', failure: 'no-token', detail: '' });
    return dispose;
  }
  let socket: WebSocket;
  try {
    socket = new WebSocket(url);
  } catch (error) {
    report({ status: 'failed', failure: 'refused', detail: error instanceof Error ? error.message : String(error) });
    return dispose;
  }
  let opened = false;
  const slowTimer = window.setTimeout(() => report({ status: 'connecting', slow: true }), PORT_WAIT_WARNING_MS);
  socket.addEventListener('open', () => {
    opened = true;
    window.clearTimeout(slowTimer);
    attach(webSocketTransport(socket));
  });
  socket.addEventListener('close', (event: CloseEvent) => {
    window.clearTimeout(slowTimer);
    if (!opened) report({ status: 'failed', failure: 'refused', detail: event.reason || `code ${event.code}` });
  });
  return () => {
    dispose();
    window.clearTimeout(slowTimer);
    socket.close();
  };
}
