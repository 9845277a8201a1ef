import { AppError } from './errors';
import { decodeFrame, encodeFrame } from './frame-codec';
import { methods, type MethodName, type MethodParams, type MethodResult } from './methods';
import { MAX_REQUEST_FRAME_BYTES, serverMessageSchema, type ChangeNotice, type ClientMessage, type Progress } from './protocol';
import type { FrameTransport } from './transport';

export interface CallOptions {
  onProgress?: (progress: Progress) => void;
  /** Aborting sends a cancel; the call then rejects with a CANCELLED AppError. */
  signal?: AbortSignal;
  /** Calls with the same key supersede each other in the engine (the older one is cancelled). */
  supersede?: string;
}

interface PendingCall {
  method: MethodName;
  resolve: (value: unknown) => void;
  reject: (error: AppError) => void;
  onProgress: ((progress: Progress) => void) | undefined;
}

/** The UI's and CLI's side of the protocol: typed calls, progress, cancellation. */
export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<string, PendingCall>();
  private closedReason: string | null = null;
  private readonly notifyListeners = new Set<(notice: ChangeNotice) => void>();

  constructor(private readonly transport: FrameTransport, private readonly idPrefix = 'c') {
    transport.onFrame((frame) => this.receive(frame));
    transport.onClose((reason) => this.failAll(reason));
  }

  call<M extends MethodName>(method: M, params: MethodParams<M>, options: CallOptions = {}): Promise<MethodResult<M>> {
    if (this.closedReason !== null) {
      return Promise.reject(new AppError('IO_ERROR', `engine connection closed: ${this.closedReason}`));
    }
    const id = `${this.idPrefix}${this.nextId++}`;
    return new Promise<MethodResult<M>>((resolve, reject) => {
      if (options.signal?.aborted) {
        reject(new AppError('CANCELLED', 'cancelled before it started'));
        return;
      }
      this.pending.set(id, {
        method,
        resolve: resolve as (value: unknown) => void,
        reject,
        onProgress: options.onProgress,
      });
      options.signal?.addEventListener('abort', () => this.send({ type: 'cancel', id }), { once: true });
      const request: ClientMessage = { type: 'request', id, method, params };
      if (options.supersede !== undefined) request.supersede = options.supersede;
      const frame = encodeFrame(request);
      // The engine would refuse it and drop the connection: fail this call alone, here.
      if (frame.byteLength > MAX_REQUEST_FRAME_BYTES) {
        this.pending.delete(id);
        const details = { bytes: frame.byteLength, limit: MAX_REQUEST_FRAME_BYTES };
        reject(new AppError('BAD_REQUEST', `a ${method} request of ${frame.byteLength} bytes exceeds the limit; send large inputs with upload.*`, details, 'error.FRAME_TOO_LARGE'));
        return;
      }
      this.transport.send(frame);
    });
  }

  /**
   * Listens to the engine's change notifications (one per topic a committed write changed, from
   * this client's writes and every other client's). Returns the unsubscribe.
   */
  onNotify(listener: (notice: ChangeNotice) => void): () => void {
    this.notifyListeners.add(listener);
    return () => this.notifyListeners.delete(listener);
  }

  private send(message: ClientMessage): void {
    this.transport.send(encodeFrame(message));
  }

  private receive(frame: Uint8Array): void {
    let decoded: unknown;
    try {
      decoded = decodeFrame(frame);
    } catch {
      return; // Not a frame of ours: nothing it could answer.
    }
    const parsed = serverMessageSchema.safeParse(decoded);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'notify') {
      const notice: ChangeNotice = { topic: message.topic, dataVersion: message.dataVersion };
      for (const listener of [...this.notifyListeners]) listener(notice);
      return;
    }
    const call = this.pending.get(message.id);
    if (!call) return;
    if (message.type === 'progress') {
      call.onProgress?.({ fraction: message.fraction, rows: message.rows, message: message.message });
      return;
    }
    this.pending.delete(message.id);
    if (!message.ok) {
      call.reject(AppError.fromPayload(message.error));
      return;
    }
    const result = methods[call.method].result.safeParse(message.result);
    if (result.success) call.resolve(result.data);
    else call.reject(new AppError('INTERNAL', `engine returned a malformed ${call.method} result`, { issues: result.error.message }));
  }

  private failAll(reason: string): void {
    this.closedReason = reason;
    for (const call of this.pending.values()) call.reject(new AppError('IO_ERROR', `engine connection closed: ${reason}`));
    this.pending.clear();
  }
}
