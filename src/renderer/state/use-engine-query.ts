import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { EngineClient } from '../../shared/engine-client';
import type { AppError } from '../../shared/errors';
import type { MethodName, MethodParams, MethodResult } from '../../shared/methods';
import type { Progress } from '../../shared/protocol';
import { QueryCache, queryCacheOf, type QuerySnapshot, type QuerySpec } from './query-cache';
import { topicsFor, type QueryTopic } from './query-topics';

export interface EngineQueryOptions {
  /** Waits this long after the params last changed before asking (live counts while typing). */
  debounceMs?: number;
  /**
   * The protocol's supersede key: the engine cancels the older call with the same key. The hook
   * only ever shows the answer to its current params, so a superseded answer never appears.
   */
  supersede?: string;
  /** Topics that invalidate this query beyond those its method declares (query-topics.ts). */
  topics?: readonly QueryTopic[];
  /** false (a hidden view): shows what it has and asks nothing; when true again it catches up. */
  active?: boolean;
}

export interface EngineQuery<T> {
  /** The latest data shown: for the current params, or (while they are asked, or failed) for earlier ones. */
  data: T | null;
  error: AppError | null;
  /** The params key `data`/`error` answer (null: nothing yet). */
  resultKey: string | null;
  /** The current params key (null: no query). */
  key: string | null;
  /** The answer shown is for the current params and nothing newer is being asked. */
  upToDate: boolean;
  /** Waiting for the debounce or for the engine. */
  pending: boolean;
  /** The last call for the current params was cancelled before it answered. */
  cancelled: boolean;
  progress: Progress | null;
  /** Asks again now (Retry). */
  reload: () => void;
  /** Cancels the running call (the query then reads `cancelled`). */
  cancel: () => void;
}

const NO_TOPICS: readonly QueryTopic[] = [];
const NO_SUBSCRIPTION = () => () => {};
const NO_SNAPSHOT = () => null;

/**
 * A read from the engine for a view: `params` null asks nothing (the last answer stays). Answers
 * come from the one query cache (query-cache.ts): queries on screen with the same method and
 * params share a call, and a notify topic the method declares re-runs it while it is shown.
 */
export function useEngineQuery<M extends MethodName>(
  client: EngineClient,
  method: M,
  params: MethodParams<M> | null,
  options: EngineQueryOptions = {},
): EngineQuery<MethodResult<M>> {
  const { debounceMs = 0, supersede, topics = NO_TOPICS, active = true } = options;
  const cache = queryCacheOf(client);
  const key = params === null ? null : QueryCache.keyOf(method, params);
  const topicsKey = topics.join(',');
  // The spec changes only when the params do by value (callers build params afresh every render).
  const spec = useMemo<QuerySpec<M> | null>(
    () => (params === null ? null : { method, params, topics: topicsFor(method, topics), ...(supersede !== undefined ? { supersede } : {}) }),
    [method, key, supersede, topicsKey],
  );

  const [settledKey, setSettledKey] = useState<string | null>(debounceMs > 0 ? null : key);
  useEffect(() => {
    if (debounceMs <= 0) return;
    const timer = setTimeout(() => setSettledKey(key), debounceMs);
    return () => clearTimeout(timer);
  }, [key, debounceMs]);
  const debouncing = debounceMs > 0 && settledKey !== key;

  const live = spec !== null && active && !debouncing ? spec : null;
  const subscribe = useMemo(() => (live === null ? NO_SUBSCRIPTION : (listener: () => void) => cache.subscribe(live, listener)), [cache, live]);
  const getSnapshot = useMemo(() => (live === null ? NO_SNAPSHOT : () => cache.snapshot(live)), [cache, live]);
  const snapshot: QuerySnapshot<MethodResult<M>> | null = useSyncExternalStore(subscribe, getSnapshot);

  // The last answer stays on screen while newer params are asked (no flicker to empty); an error
  // for newer params keeps the last data beside it.
  const shown = useRef<{ key: string; data: MethodResult<M> | null; error: AppError | null } | null>(null);
  if (snapshot !== null && (snapshot.data !== undefined || snapshot.error !== null)) {
    const current = shown.current;
    const data = snapshot.error !== null && snapshot.data === undefined ? (current?.data ?? null) : (snapshot.data ?? null);
    if (!current || current.key !== snapshot.key || current.data !== data || current.error !== snapshot.error) {
      shown.current = { key: snapshot.key, data, error: snapshot.error };
    }
  }

  const upToDate = snapshot !== null && snapshot.settled && !snapshot.loading && shown.current?.key === key;
  const liveKey = live === null ? null : key;
  const reload = useCallback(() => {
    if (liveKey !== null) cache.refetch(liveKey);
  }, [cache, liveKey]);
  const cancel = useCallback(() => {
    if (liveKey !== null) cache.cancel(liveKey);
  }, [cache, liveKey]);

  const cancelled = snapshot?.cancelled ?? false;
  return {
    data: shown.current?.data ?? null,
    error: shown.current?.error ?? null,
    resultKey: shown.current?.key ?? null,
    key,
    upToDate,
    pending: key !== null && !upToDate && !cancelled,
    cancelled,
    progress: snapshot?.progress ?? null,
    reload,
    cancel,
  };
}
