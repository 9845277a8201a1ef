import { useEffect, useState } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import { isCancellation, toAppError, type AppError } from '../../../shared/errors';
import type { SegmentCountResult, SegmentNode } from '../../../shared/segment-types';

export const COUNT_DEBOUNCE_MS = 250;

export interface LiveCountState {
  result: SegmentCountResult | null;
  error: AppError | null;
  /** Waiting for the debounce or the engine: the shown result counts an older edit. */
  pending: boolean;
  /** The rule key the shown result counts. */
  resultKey: string | null;
}

/**
 * The live count of a segment rule as it is edited: ~250 ms after the last edit one segment.count
 * with a supersede key per builder (the engine cancels the count of an older edit); a count still
 * running when the rule changes again is aborted, so a stale answer never shows.
 */
export function useLiveCount(client: EngineClient, rule: SegmentNode | null, supersede: string, refreshKey = ''): LiveCountState {
  const [state, setState] = useState<LiveCountState>({ result: null, error: null, pending: false, resultKey: null });
  const ruleKey = rule === null ? null : `${JSON.stringify(rule)}\u0000${refreshKey}`;

  useEffect(() => {
    if (rule === null || ruleKey === null) {
      setState((s) => ({ ...s, pending: false }));
      return;
    }
    setState((s) => ({ ...s, pending: true }));
    const abort = new AbortController();
    let settled = false;
    const timer = window.setTimeout(() => {
      client.call('segment.count', { rule }, { signal: abort.signal, supersede }).then(
        (result) => {
          settled = true;
          if (!abort.signal.aborted) setState({ result, error: null, pending: false, resultKey: ruleKey });
        },
        (reason: unknown) => {
          settled = true;
          if (abort.signal.aborted || isCancellation(reason)) return;
          setState((s) => ({ ...s, error: toAppError(reason), pending: false, resultKey: ruleKey }));
        },
      );
    }, COUNT_DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      if (!settled) abort.abort();
    };
    // `rule` is captured through its serialisation.
  }, [client, ruleKey, supersede]);

  return state;
}
