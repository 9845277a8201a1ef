import { useEffect, useState } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import { isCancellation, toAppError, type AppError } from '../../../shared/errors';
import type { CsvSettings, DetectResult } from '../../../shared/import-types';

export type DetectState =
  | { status: 'detecting'; result: DetectResult | null }
  | { status: 'ready'; result: DetectResult }
  | { status: 'error'; result: DetectResult | null; error: AppError };

export const PREVIEW_ROWS = 20;

/**
 * Runs import.detect for the file whenever the path, an override or the forced table changes.
 * Calls supersede each other in the engine, so typing a header line number cancels the detection
 * for the previous one; the last result stays on screen while the next one runs.
 */
export function useDetect(client: EngineClient, path: string | null, overrides: Partial<CsvSettings>, table: string | null, sheet: string | null): DetectState {
  const [state, setState] = useState<DetectState>({ status: 'detecting', result: null });
  const overridesKey = JSON.stringify(overrides);

  useEffect(() => {
    if (path === null) return;
    let current = true;
    const controller = new AbortController();
    setState((previous) => ({ status: 'detecting', result: previous.result }));
    client
      .call(
        'import.detect',
        { path, overrides, previewRows: PREVIEW_ROWS, ...(table !== null ? { table } : {}), ...(sheet !== null ? { sheets: [sheet] } : {}) },
        { signal: controller.signal, supersede: 'import-wizard.detect' },
      )
      .then(
        (result) => {
          if (current) setState({ status: 'ready', result });
        },
        (reason: unknown) => {
          if (!current || isCancellation(reason)) return;
          setState((previous) => ({ status: 'error', result: previous.result, error: toAppError(reason) }));
        },
      );
    return () => {
      current = false;
      controller.abort();
    };
    // overrides is compared by value (overridesKey).
  }, [client, path, overridesKey, table, sheet]);

  return state;
}
