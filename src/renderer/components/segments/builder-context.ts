import { createContext, useContext, useEffect, useState } from 'react';
import type { Tag } from '../../../shared/customer-types';
import type { EngineClient } from '../../../shared/engine-client';
import { isCancellation, toAppError, type AppError } from '../../../shared/errors';
import type { FieldValuesResult, SegmentSummary } from '../../../shared/segment-types';
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
  /** segment.fieldValues, fetched once per field and profile build. */
  fieldValues: (field: string) => Promise<FieldValuesResult>;
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
export function fieldValuesCache(client: EngineClient): (field: string) => Promise<FieldValuesResult> {
  const cache = new Map<string, Promise<FieldValuesResult>>();
  return (field) => {
    let hit = cache.get(field);
    if (!hit) {
      hit = client.call('segment.fieldValues', { field, limit: 200, bins: 20 });
      // A failed query is not cached: the next picker that opens asks again.
      hit.catch(() => cache.delete(field));
      cache.set(field, hit);
    }
    return hit;
  };
}

export function useFieldValues(field: string | null): { data: FieldValuesResult | null; error: AppError | null } {
  const { fieldValues } = useBuilder();
  const [state, setState] = useState<{ field: string | null; data: FieldValuesResult | null; error: AppError | null }>({ field: null, data: null, error: null });
  useEffect(() => {
    if (!field) return;
    let live = true;
    fieldValues(field).then(
      (data) => live && setState({ field, data, error: null }),
      (reason: unknown) => live && !isCancellation(reason) && setState({ field, data: null, error: toAppError(reason) }),
    );
    return () => {
      live = false;
    };
  }, [field, fieldValues]);
  return state.field === field ? { data: state.data, error: state.error } : { data: null, error: null };
}
