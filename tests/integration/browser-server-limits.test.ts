import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserServer, type BrowserServer } from '../../src/server/browser-server';
import { websocketTransport } from '../../src/server/websocket-transport';
import { EngineClient } from '../../src/shared/engine-client';
import { encodeFrame } from '../../src/shared/frame-codec';
import { MAX_REQUEST_FRAME_BYTES } from '../../src/shared/protocol';
import { RawProtocolSocket } from '../support/raw-protocol-socket';
import { openTempEngine } from '../support/temp-workspace';

let server: BrowserServer;
let opened: Awaited<ReturnType<typeof openTempEngine>>;
let workspaceFile: string;

beforeAll(async () => {
  opened = await openTempEngine();
  workspaceFile = path.join(opened.dir, 'workspace.duckdb');
  const root = path.join(opened.dir, 'renderer');
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
  server = await startBrowserServer({ engine: opened.engine, rendererRoot: root });
});
afterAll(async () => {
  await server?.close();
  opened?.dispose();
});

async function legitClient(): Promise<{ client: EngineClient; socket: WebSocket }> {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return { client: new EngineClient(websocketTransport(socket), 'legit'), socket };
}

/** A header-only frame of arbitrary header text (which need not be JSON). */
function rawHeaderFrame(header: string): Uint8Array {
  const bytes = new TextEncoder().encode(header);
  const frame = new Uint8Array(4 + bytes.byteLength);
  new DataView(frame.buffer).setUint32(0, bytes.byteLength, true);
  frame.set(bytes, 4);
  return frame;
}

describe('browser mode survives any client', () => {
  it('a frame over ws maxPayload closes that socket (1009) and the server keeps serving everyone else', async () => {
    const { client, socket } = await legitClient();
    const hostile = await RawProtocolSocket.open(server.port, server.token);
    // 70 MiB: over the WebSocket library's ceiling (64 MiB). This used to end the whole process.
    hostile.send(encodeFrame({ type: 'request', id: 'huge', method: 'app.info', params: { blob: new Uint8Array(70 * 1024 * 1024) } }));
    const closed = await hostile.closed;
    expect(closed.code).toBe(1009);
    expect((await client.call('app.info', {})).workspacePath).toBe(workspaceFile);
    const another = await legitClient();
    expect((await another.client.call('tables.list', {})).length).toBeGreaterThanOrEqual(0);
    socket.close();
    another.socket.close();
  });

  it('a frame over the protocol limit is answered by its request id, then the socket is closed', async () => {
    const hostile = await RawProtocolSocket.open(server.port, server.token);
    hostile.send(encodeFrame({ type: 'request', id: 'big-1', method: 'app.info', params: { blob: new Uint8Array(MAX_REQUEST_FRAME_BYTES + 1) } }));
    const answer = await hostile.response('big-1');
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error.messageKey).toBe('error.FRAME_TOO_LARGE');
    expect((await hostile.closed).code).toBe(1009);
    const { client, socket } = await legitClient();
    expect((await client.call('app.info', {})).version).toBeTruthy();
    socket.close();
  });

  it('answers malformed frames by the request id they name, and keeps the socket open', async () => {
    const raw = await RawProtocolSocket.open(server.port, server.token);
    raw.send(rawHeaderFrame('{"type":"request","id":"bad-json","method":"app.info",'));
    raw.send(rawHeaderFrame('{"type":"request","id":"bad-bin","method":"app.info","params":{"x":{"$bin":3,"length":10}}}'));
    raw.send(rawHeaderFrame('{"type":"request","id":"neg-bin","method":"app.info","params":{"x":{"$bin":0,"length":-5}}}'));
    raw.send(rawHeaderFrame('{"type":"request","id":"no-method"}'));
    raw.send('{"type":"request","id":"as-text","method":"app.info","params":{}}');
    const short = new Uint8Array([1, 2]);
    raw.send(short);
    const truncated = encodeFrame({ type: 'request', id: 'truncated', method: 'app.info', params: { b: new Uint8Array(100) } });
    raw.send(truncated.subarray(0, truncated.byteLength - 10));
    for (const id of ['bad-json', 'bad-bin', 'neg-bin', 'no-method', 'as-text', 'truncated']) {
      const answer = await raw.response(id);
      expect(answer.ok, id).toBe(false);
      expect(!answer.ok && answer.error.code, id).toBe('BAD_REQUEST');
      expect(raw.responses.get(id)).toHaveLength(1);
    }
    // The 2-byte frame names no id: it is answered with the empty id.
    await raw.until(() => raw.responses.has(''));
    expect(raw.garbage).toEqual([]);
    // Same socket still works.
    raw.send(encodeFrame({ type: 'request', id: 'after', method: 'app.info', params: {} }));
    expect((await raw.response('after')).ok).toBe(true);
    raw.close();
  });

  it('leaves no WAL behind when it is closed after all that', async () => {
    const { client, socket } = await legitClient();
    await client.call('sql.run', { sql: 'CREATE TABLE t_after_abuse AS SELECT 1 AS x' });
    socket.close();
    await server.close();
    opened.engine.close();
    expect(fs.existsSync(workspaceFile)).toBe(true);
    expect(fs.existsSync(`${workspaceFile}.wal`)).toBe(false);
  });
});
