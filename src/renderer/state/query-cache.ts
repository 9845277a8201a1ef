import type { EngineClient } from '../../shared/engine-client';
import { isCancellation, toAppError, type AppError } from '../../shared/errors';
import type { MethodName, MethodParams, MethodResult } from '../../shared/methods';
import type { ChangeTopic, Progress } from '../../shared/protocol';
import { stableKey } from './stable-key';

/**
 * The renderer's one cache of engine reads, keyed by method + params. A query declares the
 * notify topics that invalidate it; when the engine announces one, every query on screen that
 * declared it runs again, and the others are marked stale (they run again when shown).
 * Queries on screen at the same time with the same method and params share one call.
 */
export interface QuerySnapshot<T> {
  key: string;
  data: T | undefined;
  error: AppError | null;
  /** A call for this key is running (the data, if any, is from an earlier one). */
  loading: boolean;
  /** The last call was cancelled (by the analyst, or superseded) before it answered. */
  cancelled: boolean;
  progress: Progress | null;
  /** True once data or an error arrived for this key since it was last invalidated. */
  settled: boolean;
}

export interface QuerySpec<M extends MethodName> {
  method: M;
  params: MethodParams<M>;
  /** The protocol's supersede key: a newer call with it cancels an older one in the engine. */
  supersede?: string;
  topics: readonly ChangeTopic[];
}

interface Entry {
  key: string;
  spec: QuerySpec<MethodName>;
  snapshot: QuerySnapshot<unknown>;
  listeners: Set<() => void>;
  abort: AbortController | null;
}

/** Settled entries kept when nothing shows them (shown at once next time, while they re-run). */
const KEEP_UNUSED = 100;

export class QueryCache {
  private readonly entries = new Map<string, Entry>();
  private readonly topicListeners = new Set<(topic: ChangeTopic) => void>();
  /** Stops following the client's change notifications. */
  readonly dispose: () => void;

  constructor(private readonly client: EngineClient) {
    this.dispose = client.onNotify((notice) => this.invalidate(notice.topic));
  }

  static keyOf(method: MethodName, params: unknown): string {
    return `${method}\u0000${stableKey(params)}`;
  }

  /** The entry of a query, created (not yet run) on first use. No other side effect: React calls it at will. */
  snapshot<M extends MethodName>(spec: QuerySpec<M>): QuerySnapshot<MethodResult<M>> {
    const existing = this.entries.get(QueryCache.keyOf(spec.method, spec.params));
    return (existing ?? this.entryFor(spec)).snapshot as QuerySnapshot<MethodResult<M>>;
  }

  /**
   * Shows the query: runs it unless a settled answer for it is already live, and keeps it fresh
   * while subscribed. The returned function hides it again; a call no one waits for is cancelled.
   */
  subscribe<M extends MethodName>(spec: QuerySpec<M>, listener: () => void): () => void {
    const entry = this.entryFor(spec, true);
    const wasShown = entry.listeners.size > 0;
    entry.listeners.add(listener);
    if (entry.abort === null && !(wasShown && entry.snapshot.settled)) this.run(entry);
    return () => {
      entry.listeners.delete(listener);
      if (entry.listeners.size > 0) return;
      if (entry.abort !== null) {
        entry.abort.abort();
        entry.abort = null;
        entry.snapshot = { ...entry.snapshot, loading: false };
      }
      // Nobody keeps it fresh any more: it runs again when shown again.
      entry.snapshot = { ...entry.snapshot, settled: false };
      this.prune();
    };
  }

  /** Runs the query again now (Retry, Reload). */
  refetch(key: string): void {
    const entry = this.entries.get(key);
    if (entry) this.run(entry);
  }

  /** Cancels the query's running call; its snapshot then says `cancelled`. */
  cancel(key: string): void {
    this.entries.get(key)?.abort?.abort();
  }

  /** What a notify topic invalidates: shown queries run again, the others run when next shown. */
  invalidate(topic: ChangeTopic): void {
    // A copy: listeners run synchronously and may touch the map while this goes through it.
    for (const entry of [...this.entries.values()]) {
      if (!entry.spec.topics.includes(topic)) continue;
      if (entry.listeners.size > 0) this.run(entry);
      else entry.snapshot = { ...entry.snapshot, settled: false };
    }
    for (const listener of this.topicListeners) listener(topic);
  }

  /** Called with every topic the engine announces (views that are not queries, such as the grid). */
  onTopic(listener: (topic: ChangeTopic) => void): () => void {
    this.topicListeners.add(listener);
    return () => this.topicListeners.delete(listener);
  }

  private entryFor(spec: QuerySpec<MethodName>, used = false): Entry {
    const key = QueryCache.keyOf(spec.method, spec.params);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {
        key,
        spec,
        snapshot: { key, data: undefined, error: null, loading: false, cancelled: false, progress: null, settled: false },
        listeners: new Set(),
        abort: null,
      };
      this.entries.set(key, entry);
    } else if (used) {
      // The latest declaration wins (same method and params: the same topics in practice).
      entry.spec = spec;
      // Most recently used last (prune drops from the front).
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  private run(entry: Entry): void {
    entry.abort?.abort();
    const abort = new AbortController();
    entry.abort = abort;
    this.update(entry, { loading: true, cancelled: false, progress: null });
    const { method, params, supersede } = entry.spec;
    const onProgress = (progress: Progress) => {
      if (entry.abort === abort) this.update(entry, { progress });
    };
    this.client.call(method, params, { signal: abort.signal, onProgress, ...(supersede !== undefined ? { supersede } : {}) }).then(
      (data: unknown) => {
        if (entry.abort !== abort) return;
        entry.abort = null;
        this.update(entry, { data, error: null, loading: false, settled: entry.listeners.size > 0 });
      },
      (reason: unknown) => {
        if (entry.abort !== abort) return;
        entry.abort = null;
        if (isCancellation(reason)) this.update(entry, { loading: false, cancelled: true });
        else this.update(entry, { error: toAppError(reason), loading: false, settled: entry.listeners.size > 0 });
      },
    );
  }

  private update(entry: Entry, patch: Partial<QuerySnapshot<unknown>>): void {
    entry.snapshot = { ...entry.snapshot, ...patch };
    for (const listener of [...entry.listeners]) listener();
  }

  private prune(): void {
    let unused = 0;
    for (const entry of this.entries.values()) if (entry.listeners.size === 0) unused++;
    for (const [key, entry] of this.entries) {
      if (unused <= KEEP_UNUSED) break;
      if (entry.listeners.size > 0) continue;
      this.entries.delete(key);
      unused--;
    }
  }
}

const caches = new WeakMap<EngineClient, QueryCache>();

/** One cache per engine connection (a new connection starts empty). */
export function queryCacheOf(client: EngineClient): QueryCache {
  let cache = caches.get(client);
  if (!cache) {
    cache = new QueryCache(client);
    caches.set(client, cache);
  }
  return cache;
}
