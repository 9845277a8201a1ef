import type { FrameTransport } from '../shared/transport';

/**
 * The part of Electron's MessagePortMain the transport uses; declared here so the adapter is
 * testable without the Electron binary (MessagePortMain satisfies it structurally).
 */
export interface MainMessagePort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  postMessage(message: unknown): void;
  start(): void;
}

/** A frame received over structured clone: a Uint8Array (or, defensively, a bare ArrayBuffer). */
export function asFrame(data: unknown): Uint8Array | null {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return null;
}

/**
 * Wraps a MessagePortMain as a FrameTransport. Structured clone copies a view's whole underlying
 * buffer, so a frame that is a slice of a larger buffer is copied to its own first. The caller
 * registers its listeners (engine.serve) and then calls port.start(); messages queue until then.
 */
export function messagePortTransport(port: MainMessagePort): FrameTransport {
  const frameListeners: Array<(frame: Uint8Array) => void> = [];
  const closeListeners: Array<(reason: string) => void> = [];
  let closed = false;
  port.on('message', (event) => {
    const frame = asFrame(event.data);
    if (frame) for (const listener of frameListeners) listener(frame);
  });
  port.on('close', () => {
    if (closed) return;
    closed = true;
    for (const listener of closeListeners) listener('the window closed its engine port');
  });
  return {
    send(frame) {
      if (closed) return;
      const whole = frame.byteOffset === 0 && frame.byteLength === frame.buffer.byteLength;
      port.postMessage(whole ? frame : frame.slice());
    },
    onFrame: (listener) => void frameListeners.push(listener),
    onClose: (listener) => void closeListeners.push(listener),
  };
}
