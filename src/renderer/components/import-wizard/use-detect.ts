import type { EngineClient } from '../../../shared/engine-client';
import type { AppError } from '../../../shared/errors';
import type { CsvSettings, DetectResult } from '../../../shared/import-types';
import { usePrivacy } from '../../state/privacy-state';
import { useEngineQuery } from '../../state/use-engine-query';

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
  // The preview follows the app's one mask switch (the engine masks personal columns unless unmasked).
  const { unmasked } = usePrivacy();
  const params =
    path === null ? null : { path, overrides, previewRows: PREVIEW_ROWS, unmasked, ...(table !== null ? { table } : {}), ...(sheet !== null ? { sheets: [sheet] } : {}) };
  const detect = useEngineQuery(client, 'import.detect', params, { supersede: 'import-wizard.detect' });
  if (detect.upToDate && detect.error) return { status: 'error', result: detect.data, error: detect.error };
  if (detect.upToDate && detect.data) return { status: 'ready', result: detect.data };
  return { status: 'detecting', result: detect.data };
}
