/**
 * Where the engine is, from the page's own address. DOM-free so it is unit-tested in Node.
 */
export type HostMode = 'electron' | 'browser';

/** Browser mode is the renderer served over http(s) by `serve`; anything else is the Electron window. */
export function hostModeFor(protocol: string): HostMode {
  return protocol === 'http:' || protocol === 'https:' ? 'browser' : 'electron';
}

/** ws://host/ws?token=… for the page's own origin (never any other host); null without a token. */
export function webSocketUrl(location: { protocol: string; host: string; search: string }): string | null {
  const token = new URLSearchParams(location.search).get('token');
  if (!token) return null;
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws?token=${encodeURIComponent(token)}`;
}

/** Frames arrive as Uint8Array (structured clone) or ArrayBuffer (WebSocket, transferred buffers). */
export function toFrame(data: unknown): Uint8Array | null {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}
