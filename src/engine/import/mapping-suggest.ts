import { CANONICAL_TABLES, type CanonicalTable, type ColumnKind, type DetectedColumn } from '../../shared/import-types';
import { CANONICAL_MODEL, isCanonicalTable } from './canonical-model';
import { lookupHeader } from './header-synonyms';
import { matches, NULL_TOKENS } from './value-patterns';

/**
 * Suggests the target table and a column mapping from headers (synonym dictionary) and sample
 * values (shapes). Every suggestion carries a confidence; the user confirms or edits it.
 */
export interface Suggestion {
  table: string;
  confidence: number;
  tableScores: Array<{ table: string; confidence: number }>;
  columns: DetectedColumn[];
}

const SHAPE_RULES: Array<{ shape: 'idNumber' | 'mobile' | 'direction'; column: string; tables: CanonicalTable[]; confidence: number }> = [
  { shape: 'idNumber', column: 'id_number', tables: ['customers'], confidence: 0.7 },
  { shape: 'mobile', column: 'phone', tables: ['customers'], confidence: 0.7 },
  { shape: 'direction', column: 'direction', tables: ['transactions'], confidence: 0.5 },
];

function present(values: string[]): string[] {
  return values.map((v) => v.trim()).filter((v) => !NULL_TOKENS.includes(v));
}

function share(values: string[], test: (v: string) => boolean): number {
  return values.length === 0 ? 0 : values.filter(test).length / values.length;
}

/** The kind a column's sample values suggest (the load re-infers over the whole file). */
export function sampleKind(values: string[]): ColumnKind {
  const v = present(values);
  if (v.length === 0) return 'text';
  if (v.some((x) => matches('leadingZero', x) || matches('idNumber', x) || matches('mobile', x))) return 'text';
  if (share(v, (x) => matches('integer', x)) === 1) return 'integer';
  if (share(v, (x) => matches('timestamp', x)) === 1) return 'timestamp';
  if (share(v, (x) => matches('ymdDash', x) || matches('ymdSlash', x) || matches('ymdChinese', x) || matches('dmyDot', x)) === 1) return 'date';
  if (share(v, (x) => matches('amount', x)) === 1) return 'decimal';
  return 'text';
}

function columnShapeHit(values: string[], shape: 'idNumber' | 'mobile' | 'direction'): boolean {
  const v = present(values);
  if (v.length < 1) return false;
  if (shape === 'direction') {
    const distinct = new Set(v);
    // 1/2 alone are too common to mean direction without a header hint.
    if ([...distinct].every((x) => x === '1' || x === '2')) return false;
    return distinct.size <= 4 && share(v, (x) => matches('direction', x)) === 1;
  }
  return share(v, (x) => matches(shape, x)) >= 0.9;
}

export function suggestMapping(headers: string[], rows: string[][], forcedTable?: string): Suggestion {
  const columnValues = headers.map((_, i) => rows.map((r) => r[i] ?? ''));
  const lookups = headers.map((h) => lookupHeader(h));

  const scores = CANONICAL_TABLES.map((table) => {
    const hits = new Set<string>();
    lookups.forEach((l) => {
      const c = l.get(table);
      if (c) hits.add(c);
    });
    SHAPE_RULES.forEach((rule) => {
      if (rule.tables.includes(table) && columnValues.some((v) => columnShapeHit(v, rule.shape))) hits.add(rule.column);
    });
    const def = CANONICAL_MODEL[table];
    const keyHit = def.key.every((k) => hits.has(k)) ? 1 : 0;
    // Share of the file's columns explained, share of the table's columns found, and its key.
    const explained = headers.length ? hits.size / headers.length : 0;
    const covered = hits.size / def.columns.length;
    return { table, confidence: Math.min(1, 0.45 * explained + 0.35 * covered + 0.2 * keyHit * (hits.size > 1 ? 1 : 0.5)) };
  }).sort((a, b) => b.confidence - a.confidence);

  const table = forcedTable ?? scores[0]!.table;
  const confidence = forcedTable ? 1 : scores[0]!.confidence;

  const used = new Set<string>();
  const columns: DetectedColumn[] = headers.map((source, index) => {
    const kind = sampleKind(columnValues[index]!);
    let target: string | null = null;
    let conf = 0;
    let reason: string | null = null;
    if (isCanonicalTable(table)) {
      const synonym = lookups[index]!.get(table);
      if (synonym && !used.has(synonym)) [target, conf, reason] = [synonym, 0.95, 'synonym'];
      else {
        for (const rule of SHAPE_RULES) {
          if (rule.tables.includes(table) && !used.has(rule.column) && columnShapeHit(columnValues[index]!, rule.shape)) {
            [target, conf, reason] = [rule.column, rule.confidence, `shape:${rule.shape}`];
            break;
          }
        }
      }
    }
    if (target) used.add(target);
    return { index, source, target, confidence: conf, reason, kind };
  });
  return { table, confidence, tableScores: scores, columns };
}
