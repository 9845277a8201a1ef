import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isEngineToMainMessage, isMainToEngineMessage } from '../../src/main/engine-messages';
import { asFrame, messagePortTransport, type MainMessagePort } from '../../src/main/message-port-transport';
import { workspaceArgument } from '../../src/main/workspace-argument';
import { appRoot, findElectronBinary } from '../../src/cli/electron-launcher';
import fs from 'node:fs';

/** A stand-in for Electron's MessagePortMain: Node-style events, `{data}` message events. */
class FakePort extends EventEmitter implements MainMessagePort {
  readonly sent: unknown[] = [];
  started = false;
  postMessage(message: unknown): void {
    this.sent.push(message);
  }
  start(): void {
    this.started = true;
  }
}

describe('workspace argument', () => {
  it('reads --workspace PATH and --workspace=PATH among other switches', () => {
    expect(workspaceArgument(['/usr/bin/electron', '.', '--workspace', '/data/w.duckdb'])).toBe('/data/w.duckdb');
    expect(workspaceArgument(['/x/Segment Workbench', '--no-sandbox-none', '--workspace=/d/a b.duckdb'])).toBe('/d/a b.duckdb');
  });
  it('is null when absent or empty', () => {
    expect(workspaceArgument(['/usr/bin/electron', '.'])).toBeNull();
    expect(workspaceArgument(['--workspace'])).toBeNull();
    expect(workspaceArgument(['--workspace', '--other'])).toBeNull();
    expect(workspaceArgument(['--workspace='])).toBeNull();
  });
});

describe('main ↔ engine messages', () => {
  it('accepts well-formed messages only', () => {
    expect(isMainToEngineMessage({ type: 'engine-port' })).toBe(true);
    expect(isMainToEngineMessage({ type: 'other' })).toBe(false);
    expect(isMainToEngineMessage(null)).toBe(false);
    expect(isEngineToMainMessage({ type: 'engine-ready', workspacePath: '/w', hasData: false })).toBe(true);
    expect(isEngineToMainMessage({ type: 'demo-progress', fraction: 0.5, message: 'accounts' })).toBe(true);
    expect(isEngineToMainMessage({ type: 'demo-done', customers: 50_000, elapsedMs: 1 })).toBe(true);
    expect(isEngineToMainMessage({ type: 'engine-error', message: 'locked', fatal: true })).toBe(true);
    expect(isEngineToMainMessage({ type: 'engine-error', message: 'locked' })).toBe(false);
    expect(isEngineToMainMessage({ type: 'demo-progress', fraction: '1' })).toBe(false);
    expect(isEngineToMainMessage('engine-ready')).toBe(false);
  });
});

describe('MessagePortMain transport', () => {
  it('delivers Uint8Array frames from {data} events and ignores anything else', () => {
    const port = new FakePort();
    const transport = messagePortTransport(port);
    const received: Uint8Array[] = [];
    transport.onFrame((frame) => received.push(frame));
    port.emit('message', { data: new Uint8Array([1, 2, 3]) });
    port.emit('message', { data: new Uint8Array([4]).buffer });
    port.emit('message', { data: 'not a frame' });
    port.emit('message', { data: { type: 'request' } });
    expect(received.map((frame) => [...frame])).toEqual([[1, 2, 3], [4]]);
  });
  it('sends frames as standalone buffers (structured clone copies a view’s whole buffer)', () => {
    const port = new FakePort();
    const transport = messagePortTransport(port);
    const big = new Uint8Array(1024).fill(7);
    transport.send(big);
    transport.send(big.subarray(10, 14));
    expect(port.sent[0]).toBe(big);
    const sliced = port.sent[1] as Uint8Array;
    expect(sliced.byteLength).toBe(4);
    expect(sliced.buffer.byteLength).toBe(4);
  });
  it('reports close once and stops sending after it', () => {
    const port = new FakePort();
    const transport = messagePortTransport(port);
    const reasons: string[] = [];
    transport.onClose((reason) => reasons.push(reason));
    port.emit('close');
    port.emit('close');
    transport.send(new Uint8Array([1]));
    expect(reasons).toHaveLength(1);
    expect(port.sent).toHaveLength(0);
  });
  it('leaves start() to the caller, after its listeners are registered', () => {
    const port = new FakePort();
    messagePortTransport(port);
    expect(port.started).toBe(false);
  });
  it('asFrame accepts bytes only', () => {
    expect(asFrame(new Uint8Array(2))?.byteLength).toBe(2);
    expect(asFrame(null)).toBeNull();
    expect(asFrame([1, 2])).toBeNull();
  });
});

describe('electron launcher', () => {
  it('returns an existing executable or null, never throws', () => {
    const binary = findElectronBinary();
    if (binary !== null) expect(fs.existsSync(binary)).toBe(true);
    else expect(binary).toBeNull();
  });
  it('finds the package root once the app is built', () => {
    const root = appRoot();
    if (root !== null) expect(fs.existsSync(`${root}/package.json`)).toBe(true);
  });
});
