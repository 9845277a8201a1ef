import { AppError, toAppError } from '../../shared/errors';
import { decodeFrame, encodeFrame } from '../../shared/frame-codec';
import { isMethodName, methods } from '../../shared/methods';
import { clientMessageSchema, type ChangeNotice, type Progress, type RequestMessage, type ServerMessage } from '../../shared/protocol';
import type { FrameTransport } from '../../shared/transport';
import { CancellationToken } from '../jobs/cancellation';
import type { JobContext } from '../jobs/job-context';
import type { Handlers } from './handlers';

const PROGRESS_INTERVAL_MS = 100;

interface InFlight {
  token: CancellationToken;
  supersede: string | undefined;
}

/**
 * The engine's side of the protocol for one connected UI: validates every message (zod), runs the
 * handler with a cancellation token and a throttled progress reporter, and answers with a result
 * or an AppError payload. A request with a `supersede` key cancels the one it replaces.
 */
export class RpcServer {
  private readonly inFlight = new Map<string, InFlight>();
  private readonly supersedeKeys = new Map<string, string>();

  constructor(private readonly transport: FrameTransport, private readonly handlers: Handlers) {
    transport.onFrame((frame) => void this.receive(frame));
    transport.onClose(() => this.cancelAll());
  }

  private async receive(frame: Uint8Array): Promise<void> {
    let decoded: unknown;
    try {
      decoded = decodeFrame(frame);
    } catch {
      return; // Not our protocol; nothing to answer to.
    }
    const parsed = clientMessageSchema.safeParse(decoded);
    if (!parsed.success) {
      const id = typeof (decoded as { id?: unknown })?.id === 'string' ? (decoded as { id: string }).id : '';
      if (id) this.send({ type: 'response', id, ok: false, error: new AppError('BAD_REQUEST', 'malformed message', { issues: parsed.error.message }).toPayload() });
      return;
    }
    const message = parsed.data;
    if (message.type === 'cancel') {
      this.inFlight.get(message.id)?.token.fire('CANCELLED', 'cancelled by the user');
      return;
    }
    await this.handle(message);
  }

  private async handle(request: RequestMessage): Promise<void> {
    const token = new CancellationToken();
    this.supersedePrevious(request);
    this.inFlight.set(request.id, { token, supersede: request.supersede });
    try {
      const result = await this.dispatch(request, this.contextFor(request.id, token));
      this.send({ type: 'response', id: request.id, ok: true, result });
    } catch (error) {
      const appError = token.cancellationError() ?? toAppError(error);
      this.send({ type: 'response', id: request.id, ok: false, error: appError.toPayload() });
    } finally {
      this.inFlight.delete(request.id);
      if (request.supersede !== undefined && this.supersedeKeys.get(request.supersede) === request.id) {
        this.supersedeKeys.delete(request.supersede);
      }
    }
  }

  private supersedePrevious(request: RequestMessage): void {
    if (request.supersede === undefined) return;
    const previousId = this.supersedeKeys.get(request.supersede);
    if (previousId !== undefined) {
      this.inFlight.get(previousId)?.token.fire('SUPERSEDED', 'a newer query for the same view replaced this one');
    }
    this.supersedeKeys.set(request.supersede, request.id);
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
    this.transport.send(encodeFrame(message));
  }

  private cancelAll(): void {
    for (const { token } of this.inFlight.values()) token.fire('CANCELLED', 'the UI disconnected');
  }
}
