import type { WebSocket } from 'ws';
import type { FrameTransport } from '../shared/transport';

/** Answers a client may leave unread before it is dropped (several of the largest grid pages). */
const MAX_UNREAD_BYTES = 512 * 1024 * 1024;

/**
 * One browser's socket as a frame transport. A socket error (a frame over ws's maxPayload, a
 * broken connection) is logged and ends that socket only: ws closes it (1009 for a frame too
 * large) and the engine cancels its jobs; the server and the other clients carry on.
 */
export function websocketTransport(socket: WebSocket): FrameTransport {
  socket.on('error', (error) => console.error(`browser mode: a client socket failed: ${error.message}`));
  return {
    send: (frame) => {
      if (socket.readyState !== socket.OPEN) return;
      // A client that sends requests but stops reading the answers would make the server buffer
      // them without end: past the limit it is dropped like any broken connection.
      if (socket.bufferedAmount + frame.byteLength > MAX_UNREAD_BYTES) {
        console.error(`browser mode: a client left ${socket.bufferedAmount} bytes unread; closing it`);
        socket.terminate();
        return;
      }
      socket.send(frame, { binary: true });
    },
    onFrame: (listener) =>
      // Text messages too: they are no protocol frames, and the engine answers them as malformed
      // (by the request id it can find in them) instead of leaving their sender waiting.
      void socket.on('message', (data) => {
        const buffers = Array.isArray(data) ? data : [data instanceof ArrayBuffer ? Buffer.from(data) : data];
        const joined = Buffer.concat(buffers);
        listener(new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength));
      }),
    onClose: (listener) => void socket.on('close', (code) => listener(`websocket closed (${code})`)),
    close: (code, reason) => socket.close(code, reason),
  };
}
