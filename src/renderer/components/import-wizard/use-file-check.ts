import { useCallback, useEffect, useRef, useState } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import { isCancellation, toAppError, type AppError } from '../../../shared/errors';
import type { CheckFilesResult, FileCheck } from '../../../shared/import-types';
import type { Progress } from '../../../shared/protocol';
import { samePath } from './file-selection';
import type { CheckRequest } from './import-plan';

/**
 * layout: the quick pass (every file's sample read and compared); hash: every byte read to find
 * files imported before. The quick pass's result shows while the hash pass runs.
 */
export type FileCheckState =
  | { status: 'idle'; result: null }
  | { status: 'checking'; phase: 'layout' | 'hash'; result: CheckFilesResult | null; progress: Progress | null }
  | { status: 'ready'; result: CheckFilesResult }
  | { status: 'cancelled'; result: CheckFilesResult | null }
  | { status: 'error'; result: CheckFilesResult | null; error: AppError };

const SUPERSEDE = 'import-wizard.check';

/**
 * Runs import.checkFiles whenever the files or the plan change: first without hashing (the layouts,
 * in a moment), then with (as long as reading every file takes; progress shown, cancellable).
 * A newer check supersedes the older one in the engine. `request` null: nothing to check (one file);
 * `paused`: the plan is being re-detected, the last result stays until it settles.
 */
export function useFileCheck(client: EngineClient, request: CheckRequest | null, paused: boolean): { state: FileCheckState; cancel: () => void; retry: () => void } {
  const [state, setState] = useState<FileCheckState>({ status: 'idle', result: null });
  const [attempt, setAttempt] = useState(0);
  const controller = useRef<AbortController | null>(null);
  const key = request === null ? null : JSON.stringify(request);

  useEffect(() => {
    if (key === null || request === null) {
      setState({ status: 'idle', result: null });
      return;
    }
    if (paused) return;
    let current = true;
    const abort = new AbortController();
    controller.current = abort;
    const onProgress = (progress: Progress) => {
      if (current) setState((s) => (s.status === 'checking' ? { ...s, progress } : s));
    };
    setState((s) => ({ status: 'checking', phase: 'layout', result: s.result, progress: null }));
    void (async () => {
      try {
        const quick = await client.call('import.checkFiles', { ...request, hash: false }, { signal: abort.signal, supersede: SUPERSEDE, onProgress });
        if (!current) return;
        setState({ status: 'checking', phase: 'hash', result: quick, progress: null });
        const full = await client.call('import.checkFiles', { ...request, hash: true }, { signal: abort.signal, supersede: SUPERSEDE, onProgress });
        if (current) setState({ status: 'ready', result: full });
      } catch (reason) {
        if (!current) return;
        // Still current: the analyst stopped it (a newer check would have ended this effect first).
        if (isCancellation(reason)) setState((s) => ({ status: 'cancelled', result: s.result }));
        else setState((s) => ({ status: 'error', result: s.result, error: toAppError(reason) }));
      } finally {
        if (controller.current === abort) controller.current = null;
      }
    })();
    return () => {
      current = false;
      abort.abort();
    };
    // request is compared by value (key).
  }, [client, key, paused, attempt]);

  const cancel = useCallback(() => controller.current?.abort(), []);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, cancel, retry };
}

/** The check of one file, from the latest result that has it. */
export function checkOf(result: CheckFilesResult | null, path: string): FileCheck | null {
  return result?.files.find((f) => samePath(f.path, path)) ?? null;
}

/** The files (of those given) the check found cannot be imported as planned. */
export function flaggedFiles(result: CheckFilesResult | null, paths: readonly string[]): string[] {
  return paths.filter((p) => checkOf(result, p)?.status === 'error');
}

/** The files (of those given) whose content was imported before. */
export function importedBefore(result: CheckFilesResult | null, paths: readonly string[]): FileCheck[] {
  return paths.map((p) => checkOf(result, p)).filter((c): c is FileCheck => c !== null && c.alreadyImported !== null);
}
