import WebSocket from 'ws';
import { decodeFrame } from '../../src/shared/frame-codec';
import { serverMessageSchema, type ResponseMessage } from '../../src/shared/protocol';

/**
 * A WebSocket client that sends whatever bytes a test gives it (no EngineClient checks) and
 * records every answer by request id: for tests that play a misbehaving or hostile client.
 */
export class RawProtocolSocket {
  readonly responses = new Map<string, ResponseMessage[]>();
  /** Frames from the server that were not valid server messages (must stay empty). */
  readonly garbage: unknown[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: WebSocket) {
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    socket.on('error', () => {});
    socket.on('message', (data: Buffer) => {
      const frame = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      const parsed = serverMessageSchema.safeParse(decodeFrame(frame));
      if (!parsed.success) this.garbage.push(parsed.error.message);
      else if (parsed.data.type === 'response') {
        const list = this.responses.get(parsed.data.id) ?? [];
        list.push(parsed.data);
        this.responses.set(parsed.data.id, list);
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async open(port: number, token: string): Promise<RawProtocolSocket> {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new RawProtocolSocket(socket);
  }

  send(frame: Uint8Array | string): void {
    if (typeof frame === 'string') this.socket.send(frame);
    else this.socket.send(frame, { binary: true });
  }

  /** Resolves once `done()` holds (checked after every message), or rejects after timeoutMs. */
  async until(done: () => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the server');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  async response(id: string, timeoutMs?: number): Promise<ResponseMessage> {
    await this.until(() => this.responses.has(id), timeoutMs);
    return this.responses.get(id)![0]!;
  }

  close(): void {
    this.socket.close();
  }
}
