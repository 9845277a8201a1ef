import { useEffect, useState } from 'react';
import type { RulePreviewResult, RuleWithDefinition } from '../../../shared/customer-types';
import type { EngineClient } from '../../../shared/engine-client';
import { isCancellation, toAppError, type AppError } from '../../../shared/errors';
import { definitionKey } from './rule-editing';

export const PREVIEW_DEBOUNCE_MS = 250;

export interface PreviewState {
  result: RulePreviewResult | null;
  error: AppError | null;
  /** Waiting for the debounce or the engine: the shown result is of an older edit. */
  pending: boolean;
  /** The definition key the shown result counts. */
  resultKey: string | null;
}

/**
 * The live count of a rule as it is edited: ~250 ms after the last change, one rules.preview with
 * a supersede key per rule (the engine cancels the count of an older edit), aborted on unmount.
 */
export function useRulePreview(client: EngineClient, value: RuleWithDefinition | null, enabled: boolean): PreviewState {
  const [state, setState] = useState<PreviewState>({ result: null, error: null, pending: false, resultKey: null });
  const key = value ? definitionKey(value) : null;

  useEffect(() => {
    if (!value || key === null || !enabled) return;
    if (key === state.resultKey && !state.error) return;
    setState((s) => ({ ...s, pending: true }));
    const abort = new AbortController();
    let settled = false;
    const timer = window.setTimeout(() => {
      client.call('rules.preview', value, { signal: abort.signal, supersede: `rules-preview-${value.rule}` }).then(
        (result) => {
          settled = true;
          if (!abort.signal.aborted) setState({ result, error: null, pending: false, resultKey: key });
        },
        (reason: unknown) => {
          settled = true;
          if (abort.signal.aborted || isCancellation(reason)) return;
          setState((s) => ({ ...s, error: toAppError(reason), pending: false, resultKey: key }));
        },
      );
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      // A finished count needs no cancel message; a running or not yet sent one does.
      if (!settled) abort.abort();
    };
    // `value` is captured through `key` (its stable serialisation).
  }, [client, key, enabled]);

  return state;
}
