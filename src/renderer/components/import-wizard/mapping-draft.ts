import { CANONICAL_MODEL, isCanonicalTable, type CanonicalColumn } from '../../../shared/canonical-model';
import type { ColumnKind, ColumnMapping, DetectResult } from '../../../shared/import-types';

/**
 * The column mapping as the analyst edits it: the engine's suggestion per source column, with
 * the analyst's choices on top. Choices are kept by source header, so re-detecting (another
 * encoding, another header row) keeps what was chosen for the columns that still exist; a new
 * target table starts from its own suggestion.
 */
export interface MappingEdits {
  /** source header → chosen target (null: keep as an extra column under its own name). */
  targets: Readonly<Record<string, string | null>>;
  /** source header → chosen kind, overriding inference. */
  types: Readonly<Record<string, ColumnKind>>;
}

export const NO_EDITS: MappingEdits = { targets: {}, types: {} };

export interface MappingRow {
  index: number;
  source: string;
  /** What the load will do: the edit if there is one, else the suggestion. */
  target: string | null;
  suggested: string | null;
  confidence: number;
  reason: string | null;
  /** Kind inferred from the sample. */
  detectedKind: ColumnKind;
  typeOverride: ColumnKind | null;
  edited: boolean;
  samples: string[];
}

const has = (record: object, key: string) => Object.prototype.hasOwnProperty.call(record, key);

export function buildMappingRows(detected: Pick<DetectResult, 'columns' | 'preview'>, edits: MappingEdits): MappingRow[] {
  return detected.columns.map((column) => {
    const edited = has(edits.targets, column.source);
    return {
      index: column.index,
      source: column.source,
      target: edited ? edits.targets[column.source]! : column.target,
      suggested: column.target,
      confidence: column.confidence,
      reason: column.reason,
      detectedKind: column.kind,
      typeOverride: has(edits.types, column.source) ? edits.types[column.source]! : null,
      edited,
      samples: sampleValues(detected.preview, column.index),
    };
  });
}

/** The first few distinct non-empty values of a column in the preview. */
export function sampleValues(preview: readonly (readonly string[])[], index: number, count = 3): string[] {
  const out: string[] = [];
  for (const row of preview) {
    const value = row[index];
    if (value === undefined || value.trim() === '' || out.includes(value)) continue;
    out.push(value);
    if (out.length === count) break;
  }
  return out;
}

/** Choosing the suggestion again removes the edit (the row is no longer "edited"). */
export function setTarget(edits: MappingEdits, row: Pick<MappingRow, 'source' | 'suggested'>, target: string | null): MappingEdits {
  const targets = { ...edits.targets };
  if (target === row.suggested) delete targets[row.source];
  else targets[row.source] = target;
  return { ...edits, targets };
}

/** null: back to the inferred kind. */
export function setType(edits: MappingEdits, source: string, kind: ColumnKind | null): MappingEdits {
  const types = { ...edits.types };
  if (kind === null) delete types[source];
  else types[source] = kind;
  return { ...edits, types };
}

/** The canonical columns a source column can map to in the chosen table (none for another table). */
export function targetOptions(table: string): readonly CanonicalColumn[] {
  return isCanonicalTable(table) ? CANONICAL_MODEL[table].columns : [];
}

/**
 * Canonical columns that two or more source columns are mapped to. The loader can fill a column
 * from one source only, so the wizard does not run until each is chosen once.
 */
export function duplicateTargets(rows: readonly MappingRow[]): string[] {
  const seen = new Map<string, number>();
  for (const row of rows) if (row.target !== null) seen.set(row.target, (seen.get(row.target) ?? 0) + 1);
  return [...seen.entries()].filter(([, n]) => n > 1).map(([target]) => target);
}

/** The canonical key columns of the table that no source column fills (append de-duplicates on them). */
export function missingKeyColumns(table: string, rows: readonly MappingRow[]): string[] {
  if (!isCanonicalTable(table)) return [];
  const mapped = new Set(rows.map((r) => r.target).filter((t): t is string => t !== null));
  return CANONICAL_MODEL[table].key.filter((k) => !mapped.has(k));
}

/** What import.run receives: every source column's target (null keeps it) and the type overrides. */
export function toRunMapping(rows: readonly MappingRow[]): { mapping: ColumnMapping; types: Record<string, ColumnKind> } {
  const mapping: ColumnMapping = {};
  const types: Record<string, ColumnKind> = {};
  for (const row of rows) {
    mapping[row.source] = row.target;
    if (row.typeOverride !== null) types[row.source] = row.typeOverride;
  }
  return { mapping, types };
}

/** Confidence as a badge level: ≥ 0.8 high, ≥ 0.5 medium, else low. */
export function confidenceLevel(confidence: number): 'high' | 'medium' | 'low' {
  return confidence >= 0.8 ? 'high' : confidence >= 0.5 ? 'medium' : 'low';
}
