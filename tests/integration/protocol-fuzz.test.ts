import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserServer, type BrowserServer } from '../../src/server/browser-server';
import { websocketTransport } from '../../src/server/websocket-transport';
import { EngineClient } from '../../src/shared/engine-client';
import type { ErrorCode } from '../../src/shared/errors';
import { encodeFrame, readRequestId } from '../../src/shared/frame-codec';
import { isMethodName, methods } from '../../src/shared/methods';
import { MAX_REQUEST_FRAME_BYTES } from '../../src/shared/protocol';
import { RawProtocolSocket } from '../support/raw-protocol-socket';
import { openTempEngine } from '../support/temp-workspace';

/**
 * Protocol fuzz against a real browser-mode server on 127.0.0.1 and a real engine: several
 * WebSocket clients send, all at once, thousands of frames — valid calls (some cancelled, some
 * superseding each other), unknown methods, schema-violating parameters, broken envelopes,
 * broken headers and binary references, truncated frames, random bytes, text messages — and a
 * few oversized frames. Every request id that can be read gets exactly one answer, and the
 * server then still serves a legitimate call. The corpus is seeded (FUZZ_SEED to replay).
 */
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const CLIENTS = 4;
const FRAMES_PER_CLIENT = 900;

/** Calls that are valid with these params, cheap, and change nothing. */
const LEGIT: ReadonlyArray<{ method: string; params: unknown }> = [
  { method: 'app.info', params: {} },
  { method: 'tables.list', params: {} },
  { method: 'segment.list', params: {} },
  { method: 'tags.list', params: {} },
  { method: 'rules.list', params: {} },
  { method: 'demo.truth', params: {} },
];
/** Read-only methods that may take any object as params (random fields and values). */
const READ_ONLY = ['app.info', 'tables.list', 'table.page', 'segment.list', 'segment.get', 'segment.fieldValues', 'tags.list', 'rules.list', 'import.presets.list', 'upload.discard', 'customer.detail'];
const ALL_METHODS = Object.keys(methods);

interface FuzzFrame {
  frame: Uint8Array | string;
  /** The request id the server must answer exactly once (null: nothing can be read). */
  id: string | null;
  /** The error code the answer must carry, when the category fixes it. */
  code?: ErrorCode;
  /** Send a cancel for it right after (valid calls only). */
  cancel?: boolean;
  kind: string;
}

const header = (text: string): Uint8Array => {
  const bytes = new TextEncoder().encode(text);
  const frame = new Uint8Array(4 + bytes.byteLength);
  new DataView(frame.buffer).setUint32(0, bytes.byteLength, true);
  frame.set(bytes, 4);
  return frame;
};
const request = (id: string, method: string, params: unknown, supersede?: string) =>
  encodeFrame({ type: 'request', id, method, params, ...(supersede ? { supersede } : {}) });

/** One arbitrary per kind of client behaviour; `id` makes every request id unique. */
function fuzzFrame(id: string): fc.Arbitrary<FuzzFrame> {
  const notAnObject = fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.array(fc.anything(), { maxLength: 4 }));
  return fc.oneof(
    { weight: 8, arbitrary: fc.record({ call: fc.constantFrom(...LEGIT), supersede: fc.option(fc.constantFrom('view-a', 'view-b'), { nil: undefined }), cancel: fc.boolean() }).map(({ call, supersede, cancel }) => ({ frame: request(id, call.method, call.params, supersede), id, cancel, kind: 'valid' })) },
    { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 100 }).filter((m) => !isMethodName(m)).map((m) => ({ frame: request(id, m, {}), id, code: 'UNKNOWN_METHOD' as const, kind: 'unknown method' })) },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...ALL_METHODS), notAnObject).map(([m, params]) => ({ frame: request(id, m, params), id, code: 'BAD_REQUEST' as const, kind: 'params not an object' })) },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...READ_ONLY), fc.dictionary(fc.constantFrom('id', 'table', 'field', 'customerId', 'offset', 'limit', 'search', 'uploadId', 'x'), fc.anything(), { maxKeys: 4 })).map(([m, params]) => ({ frame: request(id, m, params), id, kind: 'random params' })) },
    {
      weight: 2,
      arbitrary: fc.oneof(fc.integer(), fc.constant(''), fc.string({ minLength: 101, maxLength: 120 }), fc.constant(null)).map((method) => ({
        frame: encodeFrame({ type: 'request', id, method }),
        id,
        code: 'BAD_REQUEST' as const,
        kind: 'broken envelope',
      })),
    },
    {
      weight: 2,
      // Never valid JSON: each ends inside a value or with a trailing comma.
      arbitrary: fc.oneof(fc.constant('{'), fc.constant('"'), fc.constant(',]'), fc.string({ maxLength: 5 }).map((s) => `${s}}},`)).map((junk) => ({
        frame: header(`{"type":"request","id":"${id}","method":"app.info","params":${junk}`),
        id,
        code: 'BAD_REQUEST' as const,
        kind: 'header not JSON',
      })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.integer({ min: -3, max: 4 }), fc.integer({ min: -10, max: 1_000_000 })).map(([index, length]) => ({
        // Any answer: {$bin: 0, length: 0} is in fact a valid empty part.
        frame: header(`{"type":"request","id":"${id}","method":"app.info","params":{"b":{"$bin":${index},"length":${length}}}}`),
        id,
        kind: 'binary reference',
      })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.integer({ min: 1, max: 400 }), fc.double({ min: 0, max: 1, noNaN: true })).map(([size, at]) => {
        const whole = request(id, 'app.info', { data: new Uint8Array(size) });
        const cut = whole.subarray(0, Math.min(whole.byteLength - 1, Math.floor(at * whole.byteLength)));
        return { frame: cut, id: readRequestId(cut), kind: 'truncated' };
      }),
    },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ frame: bytes, id: readRequestId(bytes), kind: 'random bytes' })) },
    { weight: 1, arbitrary: fc.constant({ frame: JSON.stringify({ type: 'request', id, method: 'app.info', params: {} }), id, code: 'BAD_REQUEST' as const, kind: 'text message' }) },
    {
      weight: 1,
      // A well-formed cancel is never answered; one whose id is over 64 characters is a broken envelope, answered by that id.
      arbitrary: fc.oneof(fc.string({ minLength: 1, maxLength: 64 }), fc.string({ minLength: 65, maxLength: 80 })).map((target) => ({
        frame: encodeFrame({ type: 'cancel', id: target }),
        id: target.length > 64 ? target : null,
        kind: 'cancel of nothing',
      })),
    },
  );
}

let opened: Awaited<ReturnType<typeof openTempEngine>>;
let server: BrowserServer;

beforeAll(async () => {
  opened = await openTempEngine();
  const root = path.join(opened.dir, 'renderer');
  fs.mkdirSync(root);
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
  server = await startBrowserServer({ engine: opened.engine, rendererRoot: root });
});
afterAll(async () => {
  await server?.close();
  opened?.dispose();
});

describe(`protocol fuzz (seed ${SEED})`, () => {
  it('answers or refuses every request of several concurrent hostile clients exactly once, and keeps serving', async () => {
    console.log(`protocol fuzz: seed ${SEED} (FUZZ_SEED=${SEED} replays it)`);
    const sockets = await Promise.all(Array.from({ length: CLIENTS }, () => RawProtocolSocket.open(server.port, server.token)));
    // One sample per frame, so every request id is unique and "exactly once" is well defined.
    const plans = sockets.map((_, c) =>
      Array.from({ length: FRAMES_PER_CLIENT }, (_, i) => fc.sample(fuzzFrame(`f${c}-${i}`), { seed: SEED * 7919 + c * FRAMES_PER_CLIENT + i, numRuns: 1 })[0]!),
    );

    // All clients at once, every frame without waiting for answers.
    for (let i = 0; i < FRAMES_PER_CLIENT; i++) {
      plans.forEach((plan, c) => {
        const item = plan[i];
        if (!item) return;
        sockets[c]!.send(item.frame);
        if (item.cancel && item.id) sockets[c]!.send(encodeFrame({ type: 'cancel', id: item.id }));
      });
    }
    const tracked = plans.map((plan) => plan.filter((f): f is FuzzFrame & { id: string } => f.id !== null && f.id !== ''));
    await Promise.all(sockets.map((socket, c) => socket.until(() => tracked[c]!.every((f) => socket.responses.has(f.id)), 25_000)));
    // Late duplicates would arrive now.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const kinds = new Map<string, number>();
    sockets.forEach((socket, c) => {
      const trackedIds = new Set(tracked[c]!.map((f) => f.id));
      for (const item of tracked[c]!) {
        kinds.set(item.kind, (kinds.get(item.kind) ?? 0) + 1);
        const answers = socket.responses.get(item.id) ?? [];
        expect(answers, `${item.kind} ${item.id}`).toHaveLength(1);
        if (item.code) expect(answers[0]!.ok ? 'ok' : answers[0]!.error.code, `${item.kind} ${item.id}`).toBe(item.code);
      }
      for (const id of socket.responses.keys()) expect(id === '' || trackedIds.has(id), `unexpected answer to ${id}`).toBe(true);
      expect(socket.garbage).toEqual([]);
    });
    const total = tracked.reduce((sum, list) => sum + list.length, 0);
    const idless = sockets.reduce((sum, socket) => sum + (socket.responses.get('')?.length ?? 0), 0);
    console.log(`protocol fuzz: ${CLIENTS * FRAMES_PER_CLIENT} frames from ${CLIENTS} clients; ${total} request ids each answered exactly once (by kind: ${JSON.stringify(Object.fromEntries(kinds))}); ${idless} frames without a readable id answered with the empty id`);
    expect(total).toBeGreaterThan(2500);

    // Each hostile socket still works, and so does a new, well-behaved client.
    for (const [c, socket] of sockets.entries()) {
      socket.send(request(`final-${c}`, 'app.info', {}));
      expect((await socket.response(`final-${c}`)).ok).toBe(true);
      socket.close();
    }
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const client = new EngineClient(websocketTransport(ws));
    expect((await client.call('app.info', {})).workspacePath).toMatch(/workspace\.duckdb$/);
    ws.close();
  }, 60_000);

  it('answers oversized frames by their id and closes only that socket', async () => {
    const sizes = fc.sample(fc.integer({ min: MAX_REQUEST_FRAME_BYTES + 1, max: MAX_REQUEST_FRAME_BYTES + 4 * 1024 * 1024 }), { seed: SEED, numRuns: 3 });
    const bystander = await RawProtocolSocket.open(server.port, server.token);
    for (const [i, size] of sizes.entries()) {
      const socket = await RawProtocolSocket.open(server.port, server.token);
      const id = `over-${i}`;
      const frame = request(id, 'app.info', { blob: new Uint8Array(size) });
      socket.send(frame);
      bystander.send(request(`bystander-${i}`, 'tables.list', {}));
      const answer = await socket.response(id);
      expect(!answer.ok && answer.error.messageKey).toBe('error.FRAME_TOO_LARGE');
      expect((await socket.closed).code).toBe(1009);
      expect((await bystander.response(`bystander-${i}`)).ok).toBe(true);
    }
    bystander.close();
  }, 30_000);
});
