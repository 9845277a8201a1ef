import type { RulePreviewResult, RuleWithDefinition } from '../../../shared/customer-types';
import type { EngineClient } from '../../../shared/engine-client';
import type { AppError } from '../../../shared/errors';
import { useEngineQuery } from '../../state/use-engine-query';

export const PREVIEW_DEBOUNCE_MS = 250;

export interface PreviewState {
  result: RulePreviewResult | null;
  error: AppError | null;
  /** Waiting for the debounce or the engine: the shown result is of an older edit. */
  pending: boolean;
  /** The query key the shown result counts. */
  resultKey: string | null;
}

/**
 * The live count of a rule as it is edited: ~250 ms after the last change, one rules.preview with
 * a supersede key per rule (the engine cancels the count of an older edit), cancelled on unmount.
 */
export function useRulePreview(client: EngineClient, value: RuleWithDefinition | null, enabled: boolean): PreviewState {
  const preview = useEngineQuery(client, 'rules.preview', value !== null && enabled ? value : null, {
    debounceMs: PREVIEW_DEBOUNCE_MS,
    ...(value !== null ? { supersede: `rules-preview-${value.rule}` } : {}),
  });
  return { result: preview.data, error: preview.error, pending: preview.pending, resultKey: preview.resultKey };
}
