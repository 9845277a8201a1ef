import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type StatementType, type DuckDBConnection, type DuckDBDataChunk, type DuckDBResultReader, type DuckDBValue } from '@duckdb/node-api';
import { AppError } from '../shared/errors';
import { fromDuckDBError } from './duckdb-errors';
import type { ChangeTopic, ProgressText } from '../shared/protocol';
import { ChangeFeed } from './changes/change-feed';
import { detachedContext, type JobContext } from './jobs/job-context';
import { WriteQueue } from './jobs/write-queue';
import { backupOf, migrateWorkspace } from './migrations/migrate-workspace';
import type { Migration } from './migrations/migration';
import { openFailure, queryFailure } from './workspace-backup';
import { FileGate, lockDownInstance, workspaceAccess } from './workspace-lockdown';

export interface WorkspaceOptions {
  /** The workspace file; ':memory:' for a throw-away workspace (tests). */
  path: string;
  /** DuckDB memory_limit, e.g. '8GB'. Default: 60 % of physical memory. */
  memoryLimit?: string;
  /** DuckDB threads. Default: every core. */
  threads?: number;
  /** The schema migrations to bring the workspace to (default: every migration of this build; tests inject others). */
  migrations?: readonly Migration[];
  /** Folders besides the temp folder that DuckDB may read and write after the lockdown (a scratch workspace's export folder). */
  allowDirectories?: string[];
}

export type SqlParams = DuckDBValue[] | Record<string, DuckDBValue>;

/** Maps DuckDB's 0–100 % of one statement onto a span of the job's overall progress. */
export interface ProgressSpan {
  from: number;
  to: number;
  message?: ProgressText;
}

/** Tells the workspace's listeners what a write changed; call it after the write's transaction committed. */
export type PublishChanges = (topics: readonly ChangeTopic[]) => void;

const PROGRESS_POLL_MS = 200;
/**
 * Connections are made before the lockdown: after it a connection cannot turn on the progress
 * tracking job progress needs (a per-connection setting, and the lock covers it). One made later
 * (more than this many jobs at once) runs without DuckDB's progress.
 */
const MAX_IDLE_CONNECTIONS = 8;

/**
 * A workspace is one DuckDB file. It owns the DuckDB instance and hands out sessions: one
 * connection bound to a job's cancellation token, so cancelling interrupts exactly that job.
 */
export class Workspace {
  private readonly idle: DuckDBConnection[] = [];
  private closed = false;
  /** The data version and its listeners: every committed write publishes what it changed here. */
  readonly changes = new ChangeFeed();
  private readonly writes = new WriteQueue();
  private locked = false;
  /** The way user-picked files reach DuckDB after the lockdown (workspace-lockdown.ts). */
  readonly files: FileGate;

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly settings: { memoryLimit: string; threads: number; tempDirectory: string },
    /** DuckDB names the workspace's catalog after the file (workspace.duckdb → "workspace"). */
    private catalog = 'memory',
  ) {
    this.files = new FileGate(settings.tempDirectory);
  }

  static async open(options: WorkspaceOptions): Promise<Workspace> {
    const inMemory = options.path === ':memory:';
    if (!inMemory) fs.mkdirSync(path.dirname(path.resolve(options.path)), { recursive: true });
    const tempDirectory = inMemory
      ? fs.mkdtempSync(path.join(os.tmpdir(), 'segment-workbench-'))
      : `${path.resolve(options.path)}.tmp`;
    const tempExisted = !inMemory && fs.existsSync(tempDirectory);
    const settings = {
      memoryLimit: options.memoryLimit ?? `${Math.max(1, Math.floor((os.totalmem() * 0.6) / 2 ** 30))}GB`,
      threads: options.threads ?? os.availableParallelism(),
      tempDirectory,
    };
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(inMemory ? ':memory:' : path.resolve(options.path), {
        memory_limit: settings.memoryLimit,
        threads: String(settings.threads),
        temp_directory: settings.tempDirectory,
        // Bundled extensions only: the app never downloads code at run time.
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'true',
      });
    } catch (error) {
      throw openFailure(error, inMemory ? null : path.resolve(options.path));
    }
    const workspace = new Workspace(inMemory ? ':memory:' : path.resolve(options.path), instance, settings);
    try {
      await workspace.initialise(options.allowDirectories ?? []);
      await workspace.migrate(inMemory ? null : workspace.path, options.migrations);
    } catch (error) {
      workspace.close();
      // A failed migration: DuckDB is closed now, so the copy taken before it can go back in place.
      backupOf(error)?.restore();
      // Nothing of this open is left beside the file: the temp folder goes if this open made it.
      if (!tempExisted) fs.rmSync(tempDirectory, { recursive: true, force: true });
      throw error;
    }
    return workspace;
  }

  /**
   * Brings the workspace's own tables to this build's schema version (migrations/). The backup taken
   * before an upgrade stays in the workspace's backup folder (the newest few are kept), so the
   * workspace as the older version left it can still be restored.
   */
  private async migrate(file: string | null, migrations: readonly Migration[] | undefined): Promise<void> {
    await this.withSession(detachedContext(), (session) => migrateWorkspace(session, { file, ...(migrations ? { migrations } : {}) }));
  }

  private async initialise(allowDirectories: string[]): Promise<void> {
    const connection = await this.newConnection();
    const reader = await connection.runAndReadAll('SELECT current_database() AS catalog');
    this.catalog = String(reader.getRowObjectsJS()[0]?.catalog ?? 'memory');
    // Scratch holds throw-away results (SQL console, view snapshots) outside the workspace file.
    await connection.run(`ATTACH IF NOT EXISTS ':memory:' AS scratch`);
    for (let i = 1; i < MAX_IDLE_CONNECTIONS; i++) this.idle.push(await this.newConnection());
    await lockDownInstance(connection, workspaceAccess(this.path === ':memory:' ? null : this.path, this.settings.tempDirectory, allowDirectories));
    this.locked = true;
    this.release(connection);
  }

  /** Runs fn with a session whose queries are interrupted when ctx's token is cancelled. */
  async withSession<T>(ctx: JobContext, fn: (session: Session) => Promise<T>): Promise<T> {
    if (this.closed) throw new AppError('IO_ERROR', 'the workspace is closed');
    ctx.token.throwIfCancelled();
    const connection = this.idle.pop() ?? (await this.newConnection());
    const session = new Session(connection, ctx, this.catalog, this.files);
    try {
      return await fn(session);
    } catch (error) {
      throw ctx.token.cancellationError() ?? fromDuckDBError(queryFailure(error, this.path));
    } finally {
      session.dispose();
      this.release(connection);
    }
  }

  /**
   * Runs a write: after every write submitted before it (one at a time, in order), in a session of
   * its own. fn publishes the topics it changed once its transaction has committed. Reads use
   * withSession and run beside writes.
   */
  async write<T>(ctx: JobContext, fn: (session: Session, publish: PublishChanges) => Promise<T>): Promise<T> {
    return this.reserveWrite(ctx).write(fn);
  }

  /**
   * A place in the write line taken now, for a request that learns only later whether it writes
   * (the SQL console): `write` on the ticket runs it in turn, `release` gives the place up.
   */
  reserveWrite(ctx: JobContext): { write<T>(fn: (session: Session, publish: PublishChanges) => Promise<T>): Promise<T>; release(): void } {
    const ticket = this.writes.reserve(ctx);
    return {
      write: (fn) => ticket.run(() => this.withSession(ctx, (session) => fn(session, (topics) => this.changes.publish(topics)))),
      release: () => ticket.release(),
    };
  }

  private async newConnection(): Promise<DuckDBConnection> {
    const connection = await this.instance.connect();
    // Progress tracking feeds job progress (a per-connection setting); DuckDB must not print its own bar.
    if (!this.locked) await connection.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false; SET progress_bar_time = 100');
    return connection;
  }

  private release(connection: DuckDBConnection): void {
    if (!this.closed && this.idle.length < MAX_IDLE_CONNECTIONS) this.idle.push(connection);
    else connection.closeSync();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const connection of this.idle.splice(0)) connection.closeSync();
    this.instance.closeSync();
    this.files.clear();
  }
}

/** How often a cancelled session's connection is interrupted again while its work goes on. */
const INTERRUPT_RETRY_MS = 50;

/** One connection for the span of one job. */
export class Session {
  private readonly unsubscribe: () => void;
  private retry: ReturnType<typeof setInterval> | null = null;
  private disposed = false;

  constructor(
    private readonly connection: DuckDBConnection,
    private readonly ctx: JobContext,
    /** The workspace's own catalog (its tables live in its "main" schema). */
    readonly catalog: string,
    /** Where user-picked files are admitted before DuckDB reads them. */
    readonly files: FileGate,
  ) {
    this.unsubscribe = ctx.token.onCancel(() => this.interruptUntilIdle());
  }

  /** Runs a statement and reads its whole result (use LIMIT for anything user-sized). */
  async read(sql: string, params?: SqlParams, span?: ProgressSpan): Promise<DuckDBResultReader> {
    this.ctx.token.throwIfCancelled();
    try {
      const work = () => this.connection.runAndReadAll(sql, params);
      return await (span ? this.withProgressPolling(span, work) : work());
    } catch (error) {
      throw this.ctx.token.cancellationError() ?? fromDuckDBError(error, sql);
    }
  }

  async run(sql: string, params?: SqlParams, span?: ProgressSpan): Promise<void> {
    await this.read(sql, params, span);
  }

  /**
   * Streams a result chunk by chunk (DuckDB's vector size, 2,048 rows): an export of millions of
   * rows never holds them all. Cancelling interrupts the connection and ends the stream.
   */
  async *stream(sql: string, params?: SqlParams): AsyncGenerator<DuckDBValue[][]> {
    for await (const chunk of this.streamChunks(sql, params)) yield chunk.getRows();
  }

  /** The chunks themselves, for a reader that takes a column's typed values (a model's design matrix). */
  async *streamChunks(sql: string, params?: SqlParams): AsyncGenerator<DuckDBDataChunk> {
    this.ctx.token.throwIfCancelled();
    try {
      const result = await this.connection.stream(sql, params);
      for (;;) {
        this.ctx.token.throwIfCancelled();
        const chunk = await result.fetchChunk();
        if (chunk === null || chunk.rowCount === 0) return;
        yield chunk;
      }
    } catch (error) {
      throw this.ctx.token.cancellationError() ?? fromDuckDBError(error, sql);
    }
  }

  /** Undoes what a job set up on this connection (temporary views), even after the job was cancelled. */
  async runCleanup(sql: string): Promise<void> {
    // Cleanup runs after a cancel too: it must not be interrupted itself.
    this.stopInterrupting();
    await this.connection.run(sql);
  }

  /** Rows of a small result as plain objects (metadata look-ups, counts). */
  async rows<T extends Record<string, unknown>>(sql: string, params?: SqlParams): Promise<T[]> {
    const reader = await this.read(sql, params);
    return reader.getRowObjectsJS() as T[];
  }

  /** The type of each statement in a script, found by preparing it (nothing runs). */
  async statementTypes(sql: string): Promise<StatementType[]> {
    try {
      const extracted = await this.connection.extractStatements(sql);
      const types: StatementType[] = [];
      for (let i = 0; i < extracted.count; i++) types.push((await extracted.prepare(i)).statementType);
      return types;
    } catch (error) {
      throw fromDuckDBError(error, sql);
    }
  }

  /** How many statements a script holds, as DuckDB's parser cuts it (parsed only: nothing is bound or run). */
  async statementCount(sql: string): Promise<number> {
    try {
      return (await this.connection.extractStatements(sql)).count;
    } catch (error) {
      throw fromDuckDBError(error, sql);
    }
  }

  /**
   * All-or-nothing: a failed or cancelled fn leaves the workspace exactly as it was, because
   * DuckDB rolls the whole transaction back (DDL included).
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.connection.run('BEGIN TRANSACTION');
    try {
      const result = await fn();
      this.ctx.token.throwIfCancelled();
      await this.connection.run('COMMIT');
      return result;
    } catch (error) {
      this.stopInterrupting();
      await this.connection.run('ROLLBACK').catch(() => {});
      throw this.ctx.token.cancellationError() ?? fromDuckDBError(error);
    }
  }

  /** DuckDB's own progress for the running statement, forwarded as job progress. */
  private async withProgressPolling<T>(span: ProgressSpan, work: () => Promise<T>): Promise<T> {
    if (span.message !== undefined) this.ctx.progress({ fraction: span.from, message: span.message });
    const timer = setInterval(() => {
      const progress = this.connection.progress;
      if (progress.percentage < 0) return;
      const statementFraction = Math.min(1, progress.percentage / 100);
      this.ctx.progress({
        fraction: span.from + (span.to - span.from) * statementFraction,
        rows: Number(progress.rows_processed),
      });
    }, PROGRESS_POLL_MS);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  /**
   * A cancel that lands between the last cancellation check and the moment DuckDB starts the
   * statement interrupts nothing, and the statement would then run to its end (seen in CI: a
   * cancelled 8 s write completed). So the interrupt is repeated until the session's work is over.
   */
  private interruptUntilIdle(): void {
    this.connection.interrupt();
    if (this.retry !== null) return;
    this.retry = setInterval(() => {
      if (this.disposed) return this.stopInterrupting();
      this.connection.interrupt();
    }, INTERRUPT_RETRY_MS);
  }

  private stopInterrupting(): void {
    if (this.retry !== null) clearInterval(this.retry);
    this.retry = null;
  }

  dispose(): void {
    this.disposed = true;
    this.stopInterrupting();
    this.unsubscribe();
  }
}
