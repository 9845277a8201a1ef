import type { WebSocket } from 'ws';
import type { FrameTransport } from '../shared/transport';

export function websocketTransport(socket: WebSocket): FrameTransport {
  return {
    send: (frame) => {
      if (socket.readyState === socket.OPEN) socket.send(frame, { binary: true });
    },
    onFrame: (listener) =>
      void socket.on('message', (data, isBinary) => {
        if (!isBinary) return;
        const buffers = Array.isArray(data) ? data : [data instanceof ArrayBuffer ? Buffer.from(data) : data];
        const joined = Buffer.concat(buffers);
        listener(new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength));
      }),
    onClose: (listener) => void socket.on('close', (code) => listener(`websocket closed (${code})`)),
  };
}
