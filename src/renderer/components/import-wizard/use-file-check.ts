import type { EngineClient } from '../../../shared/engine-client';
import type { AppError } from '../../../shared/errors';
import type { CheckFilesResult, FileCheck } from '../../../shared/import-types';
import type { Progress } from '../../../shared/protocol';
import { useEngineQuery } from '../../state/use-engine-query';
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
  const quick = useEngineQuery(client, 'import.checkFiles', request === null ? null : { ...request, hash: false }, { supersede: SUPERSEDE, active: !paused });
  // The hash pass starts once the quick pass has answered for these very files and plan.
  const full = useEngineQuery(client, 'import.checkFiles', request !== null && quick.upToDate && !quick.error ? { ...request, hash: true } : null, {
    supersede: SUPERSEDE,
    active: !paused,
  });
  const state = fileCheckState(request !== null, quick, full);
  const cancel = quick.upToDate ? full.cancel : quick.cancel;
  const retry = quick.upToDate && !quick.error ? full.reload : quick.reload;
  return { state, cancel, retry };
}

type Pass = Pick<ReturnType<typeof useEngineQuery<'import.checkFiles'>>, 'data' | 'error' | 'upToDate' | 'cancelled' | 'progress'>;

function fileCheckState(requested: boolean, quick: Pass, full: Pass): FileCheckState {
  if (!requested) return { status: 'idle', result: null };
  const latest = full.data ?? quick.data;
  if (quick.cancelled) return { status: 'cancelled', result: latest };
  if (!quick.upToDate) return { status: 'checking', phase: 'layout', result: latest, progress: quick.progress };
  if (quick.error) return { status: 'error', result: latest, error: quick.error };
  if (full.cancelled) return { status: 'cancelled', result: quick.data };
  if (!full.upToDate) return { status: 'checking', phase: 'hash', result: quick.data, progress: full.progress };
  if (full.error) return { status: 'error', result: quick.data, error: full.error };
  return full.data ? { status: 'ready', result: full.data } : { status: 'checking', phase: 'hash', result: quick.data, progress: null };
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
