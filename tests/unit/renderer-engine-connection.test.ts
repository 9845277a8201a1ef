import { describe, expect, it } from 'vitest';
import { hostModeFor, toFrame, webSocketUrl } from '../../src/renderer/state/engine-address';

describe('engine connection', () => {
  it('uses the WebSocket in browser mode and the MessagePort in the Electron window', () => {
    expect(hostModeFor('http:')).toBe('browser');
    expect(hostModeFor('https:')).toBe('browser');
    expect(hostModeFor('app:')).toBe('electron');
    expect(hostModeFor('file:')).toBe('electron');
  });

  it('connects to its own origin with the session token', () => {
    expect(webSocketUrl({ protocol: 'http:', host: '127.0.0.1:5123', search: '?token=a+b/c' })).toBe('ws://127.0.0.1:5123/ws?token=a%20b%2Fc');
    expect(webSocketUrl({ protocol: 'http:', host: '127.0.0.1:5123', search: '?token=abc123' })).toBe('ws://127.0.0.1:5123/ws?token=abc123');
    expect(webSocketUrl({ protocol: 'https:', host: 'localhost:1', search: '?x=1&token=t' })).toBe('wss://localhost:1/ws?token=t');
    expect(webSocketUrl({ protocol: 'http:', host: '127.0.0.1:5123', search: '' })).toBeNull();
  });

  it('accepts frames as Uint8Array, ArrayBuffer or other views', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(toFrame(bytes)).toBe(bytes);
    expect(Array.from(toFrame(bytes.buffer)!)).toEqual([1, 2, 3]);
    expect(Array.from(toFrame(new DataView(bytes.buffer, 1, 2))!)).toEqual([2, 3]);
    expect(toFrame('text')).toBeNull();
  });
});
