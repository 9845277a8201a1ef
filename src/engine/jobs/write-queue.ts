import type { JobContext } from './job-context';
import type { CancellationToken } from './cancellation';

interface Place {
  ctx: JobContext;
  /** Resolves when this place reaches the head of the line. */
  turn: Promise<void>;
  startTurn: () => void;
}

/** A place in the write line, taken when the request arrived; run it, or release it unused. */
export interface WriteTicket {
  /** Waits for the turn (progress says so), then runs the write; the place is given up afterwards. */
  run<T>(write: () => Promise<T>): Promise<T>;
  /** Gives the place up without writing (the request turned out to be a read). Idempotent. */
  release(): void;
}

/**
 * Writes to one workspace run one at a time, in the order they were submitted (as Actual's
 * mutators do): two imports, a profile build and a rule save never interleave, so none sees the
 * other half-done and none meets DuckDB's write-write conflicts. Reads do not queue: DuckDB's
 * MVCC gives them the last committed state while a write runs.
 *
 * A write that must wait says so (progress key `progress.write.waiting`, with how many writes are
 * ahead) and can be cancelled while it waits: it then leaves the line and never starts.
 * A write must not submit another write (it would wait for itself).
 */
export class WriteQueue {
  private readonly line: Place[] = [];

  /** How many writes are running or waiting. */
  get size(): number {
    return this.line.length;
  }

  run<T>(ctx: JobContext, write: () => Promise<T>): Promise<T> {
    return this.reserve(ctx).run(write);
  }

  /** Takes a place in line now (synchronously, so arrival order is kept), to run or release later. */
  reserve(ctx: JobContext): WriteTicket {
    ctx.token.throwIfCancelled();
    let startTurn!: () => void;
    const turn = new Promise<void>((resolve) => (startTurn = resolve));
    const place: Place = { ctx, turn, startTurn };
    this.line.push(place);
    if (this.line.length === 1) startTurn();
    else reportWaiting(place, this.line.length - 1);
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      const at = this.line.indexOf(place);
      this.line.splice(at, 1);
      if (at === 0) this.line[0]?.startTurn();
      for (let i = Math.max(1, at); i < this.line.length; i++) reportWaiting(this.line[i]!, i);
    };
    return {
      run: async (write) => {
        try {
          await untilTurnOrCancel(turn, ctx.token);
          ctx.token.throwIfCancelled();
          return await write();
        } finally {
          leave();
        }
      },
      release: leave,
    };
  }
}

function untilTurnOrCancel(turn: Promise<void>, token: CancellationToken): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stop = token.onCancel(reject);
    void turn.then(() => {
      stop();
      resolve();
    });
  });
}

function reportWaiting(place: Place, ahead: number): void {
  place.ctx.progress({ fraction: null, message: { key: 'progress.write.waiting', params: { ahead } } });
}
