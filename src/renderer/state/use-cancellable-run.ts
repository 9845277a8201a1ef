import { useRef, useState } from 'react';
import { isCancellation, toAppError, type AppError } from '../../shared/errors';
import type { Progress } from '../../shared/protocol';

/**
 * One long call at a time from a dialog (an export): its progress, its result or error, and
 * Cancel, which aborts the request (the engine interrupts the work and leaves nothing behind).
 */
export function useCancellableRun<R>() {
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [result, setResult] = useState<R | null>(null);
  const [error, setError] = useState<{ cancelled: true } | { cancelled: false; error: AppError } | null>(null);
  const abort = useRef<AbortController | null>(null);

  const run = async (call: (options: { signal: AbortSignal; onProgress: (p: Progress) => void }) => Promise<R>) => {
    setError(null);
    setResult(null);
    setRunning(true);
    const controller = new AbortController();
    abort.current = controller;
    try {
      setResult(await call({ signal: controller.signal, onProgress: setProgress }));
    } catch (failure) {
      setError(isCancellation(failure) ? { cancelled: true } : { cancelled: false, error: toAppError(failure) });
    } finally {
      setRunning(false);
      setProgress(null);
      abort.current = null;
    }
  };
  return { running, progress, result, error, run, cancel: () => abort.current?.abort() };
}
