import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Engine } from '../engine/engine';
import { MAX_REQUEST_FRAME_BYTES } from '../shared/protocol';
import { createAccessToken, TOKEN_COOKIE, tokenFromRequest, tokensMatch } from './access-token';
import { publishRendezvous } from './engine-rendezvous';
import { securityHeaders } from './security-headers';
import { contentTypeOf, resolveStaticFile } from './static-files';
import { websocketTransport } from './websocket-transport';

export interface BrowserServerOptions {
  engine: Engine;
  /** The built renderer (out/renderer). */
  rendererRoot: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token for tests; a random one otherwise. */
  token?: string;
  /**
   * Leave a rendezvous file beside a file workspace so CLI commands run through this engine
   * (engine-rendezvous.ts). Default true; removed on close.
   */
  rendezvous?: boolean;
}

export interface BrowserServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';
/**
 * ws's own ceiling, above the protocol's (MAX_REQUEST_FRAME_BYTES): a frame between the two still
 * reaches the engine, which answers it by its request id before closing the socket; a frame above
 * this one is cut off by ws (close 1009) before it is buffered whole.
 */
const WS_MAX_PAYLOAD = 4 * MAX_REQUEST_FRAME_BYTES;

/**
 * Browser mode: the engine in this process, the built renderer over HTTP and the protocol over a
 * WebSocket — on 127.0.0.1 only. Every HTTP and WebSocket request must carry the run's token
 * (query or cookie) and name this loopback origin as Host (against DNS rebinding); otherwise 401.
 */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = options.token ?? createAccessToken();
  let origin = '';

  const authorised = (req: http.IncomingMessage): { ok: boolean; url: URL; viaQuery: boolean } => {
    const url = new URL(req.url ?? '/', origin);
    const hostOk = req.headers.host === new URL(origin).host;
    const given = tokenFromRequest(url, req.headers.cookie);
    return { ok: hostOk && tokensMatch(token, given), url, viaQuery: url.searchParams.has('token') };
  };

  const server = http.createServer((req, res) => {
    req.on('error', (error) => logClientError('request', error));
    res.on('error', (error) => logClientError('response', error));
    const headers = securityHeaders(origin);
    const { ok, url, viaQuery } = authorised(req);
    if (!ok) {
      res.writeHead(401, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('401: this Segment Workbench session needs its token (see the URL printed at start)\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers).end();
      return;
    }
    const file = resolveStaticFile(options.rendererRoot, url.pathname);
    if (!file) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('404\n');
      return;
    }
    const extra: Record<string, string> = { 'Content-Type': contentTypeOf(file), 'Cache-Control': 'no-store' };
    if (viaQuery) extra['Set-Cookie'] = `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(200, { ...headers, ...extra });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = fs.createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  });

  // Every emitter gets an error listener: an unhandled 'error' event would end the process (and
  // leave the workspace's WAL behind) because of one misbehaving client.
  server.on('clientError', (error, socket) => {
    logClientError('HTTP', error);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD });
  sockets.on('error', (error) => logClientError('WebSocket server', error));
  sockets.on('wsClientError', (error, socket) => {
    logClientError('WebSocket handshake', error);
    socket.destroy();
  });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', (error) => logClientError('upgrade', error));
    const { ok, url } = authorised(req);
    const originOk = req.headers.origin === undefined || req.headers.origin === origin;
    if (!ok || !originOk || url.pathname !== '/ws') {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => void options.engine.serve(websocketTransport(ws)));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => logClientError('HTTP server', error));
  const port = (server.address() as AddressInfo).port;
  origin = `http://${LOOPBACK}:${port}`;
  const workspacePath = options.engine.workspace.path;
  const withdraw = options.rendezvous !== false && workspacePath !== ':memory:' ? publishRendezvous(workspacePath, { port, token }) : () => {};

  return {
    url: `${origin}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        withdraw();
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function logClientError(where: string, error: Error): void {
  console.error(`browser mode: ${where} error: ${error.message}`);
}
