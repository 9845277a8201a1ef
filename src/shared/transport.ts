/** A duplex channel of binary frames: a MessagePort, a WebSocket, or an in-process pair. */
export interface FrameTransport {
  send(frame: Uint8Array): void;
  onFrame(listener: (frame: Uint8Array) => void): void;
  onClose(listener: (reason: string) => void): void;
  /**
   * Ends the channel from this side (the engine drops a client that sent a frame over the limit).
   * Optional: a MessagePort or an in-process pair has nothing to protect.
   */
  close?(code: number, reason: string): void;
}
