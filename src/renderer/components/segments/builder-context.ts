import { createContext, useContext, useEffect, useState } from 'react';
import type { Tag } from '../../../shared/customer-types';
import type { EngineClient } from '../../../shared/engine-client';
import { isCancellation, toAppError, type AppError } from '../../../shared/errors';
import type { BehaviourSource, FieldValuesResult, SegmentSummary } from '../../../shared/segment-types';
import type { FieldKind } from '../customers/condition-builder';

export interface ProfileField {
  name: string;
  type: string;
  group: string;
  kind: FieldKind;
}

/** What every condition editor needs: the engine, the profile's fields, tags and saved segments. */
export interface BuilderContextValue {
  client: EngineClient;
  fields: ProfileField[];
  tags: Tag[];
  segments: SegmentSummary[];
  /** The segment being edited (it cannot refer to itself). */
  currentId: string | null;
  /** segment.fieldValues, fetched once per field (of the profile, or of a behavioural source) and profile build. */
  fieldValues: (field: string, source?: BehaviourSource) => Promise<FieldValuesResult>;
  /** Display name of a tag or segment id. */
  nameOf: (kind: 'tag' | 'segment', id: string) => string;
}

export const BuilderContext = createContext<BuilderContextValue | null>(null);

export function useBuilder(): BuilderContextValue {
  const value = useContext(BuilderContext);
  if (!value) throw new Error('segment builder context missing');
  return value;
}

/** A cache of field value queries (cleared when the profile is rebuilt: a new cache). */
export function fieldValuesCache(client: EngineClient): (field: string, source?: BehaviourSource) => Promise<FieldValuesResult> {
  const cache = new Map<string, Promise<FieldValuesResult>>();
  return (field, source) => {
    const key = `${source ?? ''}.${field}`;
    let hit = cache.get(key);
    if (!hit) {
      hit = client.call('segment.fieldValues', { field, ...(source ? { source } : {}), limit: 200, bins: 20 });
      // A failed query is not cached: the next picker that opens asks again.
      hit.catch(() => cache.delete(key));
      cache.set(key, hit);
    }
    return hit;
  };
}

export function useFieldValues(field: string | null, source?: BehaviourSource): { data: FieldValuesResult | null; error: AppError | null } {
  const { fieldValues } = useBuilder();
  const key = field ? `${source ?? ''}.${field}` : null;
  const [state, setState] = useState<{ key: string | null; data: FieldValuesResult | null; error: AppError | null }>({ key: null, data: null, error: null });
  useEffect(() => {
    if (!field) return;
    let live = true;
    const asked = `${source ?? ''}.${field}`;
    fieldValues(field, source).then(
      (data) => live && setState({ key: asked, data, error: null }),
      (reason: unknown) => live && !isCancellation(reason) && setState({ key: asked, data: null, error: toAppError(reason) }),
    );
    return () => {
      live = false;
    };
  }, [field, source, fieldValues]);
  return state.key === key ? { data: state.data, error: state.error } : { data: null, error: null };
}
