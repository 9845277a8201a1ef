import { useCallback, useEffect, useRef, useState } from 'react';
import { isCancellation, toAppError, type AppError } from '../../../shared/errors';

export interface QueryState<T> {
  data: T | null;
  error: AppError | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs `run(signal)` when `key` changes (and on reload), aborting the previous run, so a stale
 * answer never overwrites a newer one. A null key runs nothing (data is kept).
 */
export function useEngineQuery<T>(key: string | null, run: (signal: AbortSignal) => Promise<T>): QueryState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const runRef = useRef(run);
  runRef.current = run;

  useEffect(() => {
    if (key === null) return;
    const abort = new AbortController();
    setLoading(true);
    runRef.current(abort.signal).then(
      (value) => {
        if (abort.signal.aborted) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (reason: unknown) => {
        if (abort.signal.aborted) return;
        setLoading(false);
        if (!isCancellation(reason)) setError(toAppError(reason));
      },
    );
    return () => abort.abort();
  }, [key, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}
