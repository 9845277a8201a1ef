import type { EngineClient } from '../../../shared/engine-client';
import type { AppError } from '../../../shared/errors';
import type { SegmentCountResult, SegmentNode } from '../../../shared/segment-types';
import { useEngineQuery } from '../../state/use-engine-query';

export const COUNT_DEBOUNCE_MS = 250;

export interface LiveCountState {
  result: SegmentCountResult | null;
  error: AppError | null;
  /** Waiting for the debounce or the engine: the shown result counts an older edit. */
  pending: boolean;
  /** The query key the shown result counts. */
  resultKey: string | null;
}

/**
 * The live count of a segment rule as it is edited: ~250 ms after the last edit one segment.count
 * with a supersede key per builder (the engine cancels the count of an older edit). It counts
 * again by itself when the profile, a tag or a segment it refers to changes (query-topics.ts).
 */
export function useLiveCount(client: EngineClient, rule: SegmentNode | null, supersede: string): LiveCountState {
  const count = useEngineQuery(client, 'segment.count', rule === null ? null : { rule }, { debounceMs: COUNT_DEBOUNCE_MS, supersede });
  return { result: count.data, error: count.error, pending: count.pending, resultKey: count.resultKey };
}
