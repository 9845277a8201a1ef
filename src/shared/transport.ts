/** A duplex channel of binary frames: a MessagePort, a WebSocket, or an in-process pair. */
export interface FrameTransport {
  send(frame: Uint8Array): void;
  onFrame(listener: (frame: Uint8Array) => void): void;
  onClose(listener: (reason: string) => void): void;
}
