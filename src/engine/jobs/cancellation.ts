import { AppError, type ErrorCode } from '../../shared/errors';

/**
 * One cancellation token threaded through all long work (as in VS Code): the RPC layer cancels a
 * request's token on a cancel message or when a newer request supersedes it; DuckDB work listens
 * and interrupts its connection.
 */
export class CancellationToken {
  private reason: AppError | null = null;
  private readonly listeners = new Set<(reason: AppError) => void>();

  get isCancelled(): boolean {
    return this.reason !== null;
  }

  /** Runs the listener once on cancellation (at once if already cancelled); returns an unsubscribe. */
  onCancel(listener: (reason: AppError) => void): () => void {
    if (this.reason) {
      listener(this.reason);
      return () => {};
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  throwIfCancelled(): void {
    if (this.reason) throw this.reason;
  }

  /** Only for the owner of the work (CancellationSource); consumers only listen. */
  fire(code: Extract<ErrorCode, 'CANCELLED' | 'SUPERSEDED'>, message: string): void {
    if (this.reason) return;
    this.reason = new AppError(code, message);
    for (const listener of [...this.listeners]) listener(this.reason);
    this.listeners.clear();
  }

  cancellationError(): AppError | null {
    return this.reason;
  }

  static none(): CancellationToken {
    return new CancellationToken();
  }
}
