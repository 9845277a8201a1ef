import type { FrameTransport } from '../../shared/transport';

/**
 * Two connected in-process transports (CLI, tests, benchmarks): frames still go through the
 * codec, so the CLI exercises exactly the protocol the UI uses. Delivery is asynchronous, like a
 * real port.
 */
export function createInProcessTransportPair(): [FrameTransport, FrameTransport] {
  const listeners: [Array<(frame: Uint8Array) => void>, Array<(frame: Uint8Array) => void>] = [[], []];
  const closeListeners: [Array<(reason: string) => void>, Array<(reason: string) => void>] = [[], []];
  const end = (self: 0 | 1): FrameTransport => {
    const other = self === 0 ? 1 : 0;
    return {
      send: (frame) => queueMicrotask(() => listeners[other].forEach((listener) => listener(frame))),
      onFrame: (listener) => void listeners[self].push(listener),
      onClose: (listener) => void closeListeners[self].push(listener),
    };
  };
  return [end(0), end(1)];
}
