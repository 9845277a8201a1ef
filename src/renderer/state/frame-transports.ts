import type { FrameTransport } from '../../shared/transport';
import { toFrame } from './engine-address';

/** A transport whose close listeners fire at most once, with the first reason. */
function closeNotifier(): { onClose: (listener: (reason: string) => void) => void; close: (reason: string) => void } {
  const listeners: Array<(reason: string) => void> = [];
  let closed: string | null = null;
  return {
    onClose(listener) {
      if (closed !== null) listener(closed);
      else listeners.push(listener);
    },
    close(reason) {
      if (closed !== null) return;
      closed = reason;
      for (const listener of listeners.splice(0)) listener(reason);
    },
  };
}

/** Electron: the MessagePort that the preload hands over; frames are Uint8Array. */
export function messagePortTransport(port: MessagePort): FrameTransport {
  const frameListeners: Array<(frame: Uint8Array) => void> = [];
  const closing = closeNotifier();
  port.addEventListener('message', (event: MessageEvent) => {
    const frame = toFrame(event.data);
    if (frame) for (const listener of frameListeners) listener(frame);
  });
  // Chromium fires 'close' on an entangled port when the other side goes away (engine crash).
  port.addEventListener('close', () => closing.close('the engine process ended'));
  port.start();
  return {
    send: (frame) => port.postMessage(frame),
    onFrame: (listener) => void frameListeners.push(listener),
    onClose: closing.onClose,
  };
}

/** Browser mode: an open WebSocket to the local server (binaryType arraybuffer). */
export function webSocketTransport(socket: WebSocket): FrameTransport {
  const frameListeners: Array<(frame: Uint8Array) => void> = [];
  const closing = closeNotifier();
  socket.binaryType = 'arraybuffer';
  socket.addEventListener('message', (event: MessageEvent) => {
    const frame = toFrame(event.data);
    if (frame) for (const listener of frameListeners) listener(frame);
  });
  socket.addEventListener('close', (event: CloseEvent) => closing.close(event.reason || `socket closed (${event.code})`));
  socket.addEventListener('error', () => closing.close('socket error'));
  return {
    send: (frame) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(frame);
    },
    onFrame: (listener) => void frameListeners.push(listener),
    onClose: closing.onClose,
  };
}
