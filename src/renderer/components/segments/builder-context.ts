import { createContext, useContext } from 'react';
import type { Tag } from '../../../shared/customer-types';
import type { EngineClient } from '../../../shared/engine-client';
import type { AppError } from '../../../shared/errors';
import type { BehaviourSource, FieldValuesResult, SegmentSummary } from '../../../shared/segment-types';
import { useEngineQuery } from '../../state/use-engine-query';
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
  /** Display name of a tag or segment id. */
  nameOf: (kind: 'tag' | 'segment', id: string) => string;
}

export const BuilderContext = createContext<BuilderContextValue | null>(null);

export function useBuilder(): BuilderContextValue {
  const value = useContext(BuilderContext);
  if (!value) throw new Error('segment builder context missing');
  return value;
}

/**
 * segment.fieldValues of a field (of the profile, or of a behavioural source), from the query
 * cache: every picker of the same field shares one answer, asked again when the profile is rebuilt.
 */
export function useFieldValues(field: string | null, source?: BehaviourSource, scale: 'linear' | 'log' = 'linear'): { data: FieldValuesResult | null; error: AppError | null } {
  const { client } = useBuilder();
  const values = useEngineQuery(client, 'segment.fieldValues', field ? { field, ...(source ? { source } : {}), limit: 200, bins: 20, scale } : null);
  return values.upToDate || values.resultKey === values.key ? { data: values.data, error: values.error } : { data: null, error: null };
}
