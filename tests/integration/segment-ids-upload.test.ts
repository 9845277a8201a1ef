import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { startBrowserServer, type BrowserServer } from '../../src/server/browser-server';
import { websocketTransport } from '../../src/server/websocket-transport';
import { EngineClient } from '../../src/shared/engine-client';
import { MAX_IDS } from '../../src/shared/id-list';
import { uploadBytes, uploadText } from '../../src/shared/upload-client';
import { openTempEngine } from '../support/temp-workspace';

const CUSTOMERS = 1_000_000;
let opened: Awaited<ReturnType<typeof openTempEngine>>;
let server: BrowserServer;
let client: EngineClient;
let socket: WebSocket;

const customerId = (i: number) => `CUST${String(i).padStart(9, '0')}`;

beforeAll(async () => {
  opened = await openTempEngine();
  await opened.engine.workspace.withSession(detachedContext(), (s) =>
    s.run(`CREATE TABLE customers AS SELECT 'CUST' || lpad(i::VARCHAR, 9, '0') AS customer_id FROM range(${CUSTOMERS}) t(i)`),
  );
  const root = path.join(opened.dir, 'renderer');
  fs.mkdirSync(root);
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
  server = await startBrowserServer({ engine: opened.engine, rendererRoot: root });
  socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  client = new EngineClient(websocketTransport(socket));
}, 180_000);
afterAll(async () => {
  socket?.close();
  await server?.close();
  opened?.dispose();
});

describe('large ID lists travel as an upload', () => {
  it('makes a static segment from 5,000,000 IDs sent in chunks over the browser-mode WebSocket', async () => {
    const lines: string[] = ['customer_id'];
    for (let i = 0; i < MAX_IDS; i++) lines.push(customerId(i));
    const text = lines.join('\n');
    expect(text.length).toBeGreaterThan(64 * 1024 * 1024);
    const fractions: number[] = [];
    const uploadId = await uploadText(client, text, { onProgress: (f) => fractions.push(f) });
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.length).toBeGreaterThan(10);
    const { segment, report } = await client.call('segment.fromIds', { name: 'five million', upload: uploadId });
    expect(report.submitted).toBe(MAX_IDS);
    expect(report.distinct).toBe(MAX_IDS);
    expect(report.matched).toBe(CUSTOMERS);
    expect(report.unmatched).toBe(MAX_IDS - CUSTOMERS);
    expect(report.unmatchedExamples[0]).toBe(customerId(CUSTOMERS));
    expect(report.duplicates).toBe(0);
    expect(segment.kind).toBe('static');
    // Its definition file (1,000,000 members, ≈ 16 MB of JSON) imports as an upload; inline, with a
    // long description, it is over one request's limit and the client refuses to send it.
    const file = await client.call('segment.export', { id: segment.id });
    expect(file.members).toHaveLength(CUSTOMERS);
    const json = JSON.stringify(file);
    await expect(client.call('segment.import', { file: { ...file, description: 'x'.repeat(1_000_000) } })).rejects.toMatchObject({ messageKey: 'error.FRAME_TOO_LARGE' });
    const dry = await client.call('segment.import', { upload: await uploadText(client, json), dryRun: true });
    expect(dry).toMatchObject({ fit: { fits: true }, segment: null });
    const imported = await client.call('segment.import', { upload: await uploadText(client, json) });
    expect(imported.segment?.kind).toBe('static');
    expect(imported.segment?.static?.members).toBe(CUSTOMERS);
    await expect(client.call('segment.import', { upload: await uploadText(client, 'not json') })).rejects.toMatchObject({ messageKey: 'error.SEGMENT_FILE_INVALID' });
    // An upload is taken once.
    await expect(client.call('segment.fromIds', { name: 'again', upload: uploadId })).rejects.toMatchObject({ messageKey: 'error.UPLOAD_NOT_FOUND' });
  }, 420_000);

  it('refuses chunks out of order, an incomplete upload and a list given both ways', async () => {
    const { uploadId } = await client.call('upload.begin', { bytes: 10 });
    await expect(client.call('upload.chunk', { uploadId, offset: 5, data: new Uint8Array(5) })).rejects.toMatchObject({ messageKey: 'error.UPLOAD_OUT_OF_ORDER' });
    await client.call('upload.chunk', { uploadId, offset: 0, data: new TextEncoder().encode('CUST00') });
    await expect(client.call('upload.end', { uploadId })).rejects.toMatchObject({ messageKey: 'error.UPLOAD_SIZE_MISMATCH' });
    await expect(client.call('upload.chunk', { uploadId, offset: 6, data: new Uint8Array(5) })).rejects.toMatchObject({ messageKey: 'error.UPLOAD_SIZE_MISMATCH' });
    await expect(client.call('segment.fromIds', { name: 'x', upload: uploadId })).rejects.toMatchObject({ messageKey: 'error.UPLOAD_NOT_FOUND' });
    expect(await client.call('upload.discard', { uploadId })).toEqual({ discarded: true });
    const small = await uploadBytes(client, new TextEncoder().encode(`${customerId(1)}\n${customerId(1)}\nNOPE`));
    await expect(client.call('segment.fromIds', { name: 'both', ids: ['a'], upload: small })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const { report } = await client.call('segment.fromIds', { name: 'small', upload: small });
    expect(report).toMatchObject({ submitted: 3, distinct: 2, matched: 1, unmatched: 1, duplicates: 1 });
  });
});
