import { AppError, toAppError } from '../../shared/errors';
import { decodeFrame, encodeFrame, FrameError, readRequestId } from '../../shared/frame-codec';
import { isMethodName, methods } from '../../shared/methods';
import {
  clientMessageSchema,
  MAX_PENDING_REQUESTS,
  MAX_REQUEST_FRAME_BYTES,
  type ChangeNotice,
  type Progress,
  type RequestMessage,
  type ServerMessage,
} from '../../shared/protocol';
import type { FrameTransport } from '../../shared/transport';
import { CancellationToken } from '../jobs/cancellation';
import type { JobContext } from '../jobs/job-context';
import type { Handlers } from './handlers';

const PROGRESS_INTERVAL_MS = 100;
/** Handlers one client runs at once; the others wait their turn, so a flood of calls never opens a DuckDB connection each. */
const MAX_RUNNING_PER_CLIENT = 32;
/** WebSocket close code for "message too big" (RFC 6455 §7.4.1). */
const CLOSE_TOO_BIG = 1009;

export interface RpcServerLimits {
  /** Larger request frames are refused and the channel closed (default MAX_REQUEST_FRAME_BYTES). */
  maxFrameBytes: number;
  /** Requests waiting or running at once; more are refused (default MAX_PENDING_REQUESTS). */
  maxPending: number;
  /** Requests running at once (default 32). */
  maxRunning: number;
}

interface InFlight {
  token: CancellationToken;
  supersede: string | undefined;
}

interface Queued {
  request: RequestMessage;
  token: CancellationToken;
}

/**
 * The engine's side of the protocol for one connected UI: validates every frame and message
 * (codec, zod), runs the handler with a cancellation token and a throttled progress reporter,
 * and answers with a result or an AppError payload. A request with a `supersede` key cancels the
 * one it replaces.
 *
 * Whatever a client sends, each request id it can be read from gets exactly one answer, and
 * nothing a client sends throws out of here: an unreadable frame is answered by the id it names
 * (or by the empty id when none can be read), an oversized one also closes the channel.
 */
export class RpcServer {
  private readonly inFlight = new Map<string, InFlight>();
  private readonly supersedeKeys = new Map<string, string>();
  private readonly queue: Queued[] = [];
  private readonly limits: RpcServerLimits;
  private running = 0;
  private closed = false;

  constructor(private readonly transport: FrameTransport, private readonly handlers: Handlers, limits: Partial<RpcServerLimits> = {}) {
    this.limits = { maxFrameBytes: MAX_REQUEST_FRAME_BYTES, maxPending: MAX_PENDING_REQUESTS, maxRunning: MAX_RUNNING_PER_CLIENT, ...limits };
    transport.onFrame((frame) => this.receive(frame));
    transport.onClose(() => {
      this.closed = true;
      this.cancelAll();
    });
  }

  private receive(frame: Uint8Array): void {
    if (this.closed) return;
    try {
      this.accept(frame);
    } catch (error) {
      // A bug of ours while refusing a frame: never let it take the host process down.
      console.error(`engine: a frame could not be handled: ${toAppError(error).message}`);
    }
  }

  private accept(frame: Uint8Array): void {
    if (frame.byteLength > this.limits.maxFrameBytes) {
      this.refuseOversized(frame);
      return;
    }
    let decoded: unknown;
    try {
      decoded = decodeFrame(frame);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const id = error instanceof FrameError ? error.requestId : readRequestId(frame);
      this.refuse(id, new AppError('BAD_REQUEST', `malformed frame: ${reason}`, { reason }, 'error.MALFORMED_FRAME'));
      return;
    }
    const parsed = clientMessageSchema.safeParse(decoded);
    if (!parsed.success) {
      const id = (decoded as { id?: unknown } | null)?.id;
      this.refuse(typeof id === 'string' ? id : null, new AppError('BAD_REQUEST', 'malformed message', { issues: parsed.error.message }));
      return;
    }
    const message = parsed.data;
    if (message.type === 'cancel') {
      this.inFlight.get(message.id)?.token.fire('CANCELLED', 'cancelled by the user');
      return;
    }
    this.enqueue(message);
  }

  /** Answers a frame that is not a request we can run — unless its id is a running request's, which gets its own answer. */
  private refuse(id: string | null, error: AppError): void {
    if (id !== null && this.inFlight.has(id)) return;
    this.send({ type: 'response', id: id ?? '', ok: false, error: error.toPayload() });
  }

  private refuseOversized(frame: Uint8Array): void {
    const { maxFrameBytes } = this.limits;
    this.refuse(
      readRequestId(frame),
      new AppError('BAD_REQUEST', `a request of ${frame.byteLength} bytes exceeds the limit of ${maxFrameBytes} bytes; send large inputs with upload.*`, { bytes: frame.byteLength, limit: maxFrameBytes }, 'error.FRAME_TOO_LARGE'),
    );
    this.transport.close?.(CLOSE_TOO_BIG, 'request frame too large');
  }

  private enqueue(request: RequestMessage): void {
    if (this.inFlight.has(request.id)) {
      this.send({ type: 'response', id: request.id, ok: false, error: new AppError('BAD_REQUEST', `request id ${request.id} is already in use`, { id: request.id }).toPayload() });
      return;
    }
    if (this.inFlight.size >= this.limits.maxPending) {
      const error = new AppError('BAD_REQUEST', `more than ${this.limits.maxPending} requests at once`, { limit: this.limits.maxPending }, 'error.TOO_MANY_REQUESTS');
      this.send({ type: 'response', id: request.id, ok: false, error: error.toPayload() });
      return;
    }
    const token = new CancellationToken();
    this.supersedePrevious(request);
    this.inFlight.set(request.id, { token, supersede: request.supersede });
    if (this.running < this.limits.maxRunning) {
      this.start(request, token);
      return;
    }
    const entry: Queued = { request, token };
    this.queue.push(entry);
    // A request cancelled (or superseded) while it waits is answered at once, not when a slot frees.
    token.onCancel((reason) => {
      const index = this.queue.indexOf(entry);
      if (index < 0) return;
      this.queue.splice(index, 1);
      this.finish(request);
      this.send({ type: 'response', id: request.id, ok: false, error: reason.toPayload() });
    });
  }

  private start(request: RequestMessage, token: CancellationToken): void {
    this.running++;
    this.handle(request, token)
      .catch((error: unknown) => console.error(`engine: ${request.method} could not be answered: ${toAppError(error).message}`))
      .finally(() => {
        this.running--;
        this.pump();
      });
  }

  private pump(): void {
    while (this.running < this.limits.maxRunning && this.queue.length > 0) {
      const next = this.queue.shift()!;
      this.start(next.request, next.token);
    }
  }

  private async handle(request: RequestMessage, token: CancellationToken): Promise<void> {
    try {
      const result = await this.dispatch(request, this.contextFor(request.id, token));
      this.send({ type: 'response', id: request.id, ok: true, result });
    } catch (error) {
      const appError = token.cancellationError() ?? toAppError(error);
      this.send({ type: 'response', id: request.id, ok: false, error: appError.toPayload() });
    } finally {
      this.finish(request);
    }
  }

  private finish(request: RequestMessage): void {
    this.inFlight.delete(request.id);
    if (request.supersede !== undefined && this.supersedeKeys.get(request.supersede) === request.id) {
      this.supersedeKeys.delete(request.supersede);
    }
  }

  private supersedePrevious(request: RequestMessage): void {
    if (request.supersede === undefined) return;
    const previousId = this.supersedeKeys.get(request.supersede);
    this.supersedeKeys.set(request.supersede, request.id);
    if (previousId !== undefined) {
      this.inFlight.get(previousId)?.token.fire('SUPERSEDED', 'a newer query for the same view replaced this one');
    }
  }

  private async dispatch(request: RequestMessage, ctx: JobContext): Promise<unknown> {
    if (!isMethodName(request.method)) {
      throw new AppError('UNKNOWN_METHOD', `unknown method ${request.method}`, { method: request.method });
    }
    const method = methods[request.method];
    const params = method.params.safeParse(request.params ?? {});
    if (!params.success) {
      throw new AppError('BAD_REQUEST', `invalid parameters for ${request.method}`, { method: request.method, issues: params.error.message });
    }
    const handler = this.handlers[request.method] as (params: unknown, ctx: JobContext) => Promise<unknown>;
    const result = await handler(params.data, ctx);
    // Validate our own output too: a malformed result is our bug and must not reach the UI.
    const checked = method.result.safeParse(result);
    if (!checked.success) throw new AppError('INTERNAL', `${request.method} produced a malformed result`, { issues: checked.error.message });
    return checked.data;
  }

  private contextFor(id: string, token: CancellationToken): JobContext {
    let last = 0;
    let pending: Progress = { fraction: null, rows: null, message: null };
    return {
      token,
      progress: (update) => {
        pending = { ...pending, ...update };
        const now = Date.now();
        if (now - last < PROGRESS_INTERVAL_MS && update.message === undefined) return;
        last = now;
        if (!token.isCancelled) this.send({ type: 'progress', id, ...pending });
      },
    };
  }

  /** Pushes a change notice to this UI (not an answer to any request). */
  notify(notice: ChangeNotice): void {
    this.send({ type: 'notify', ...notice });
  }

  private send(message: ServerMessage): void {
    if (!this.closed) this.transport.send(encodeFrame(message));
  }

  private cancelAll(): void {
    for (const entry of this.queue.splice(0)) this.inFlight.delete(entry.request.id);
    for (const { token } of this.inFlight.values()) token.fire('CANCELLED', 'the UI disconnected');
  }
}
