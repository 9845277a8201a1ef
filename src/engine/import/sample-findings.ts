import type { DetectResult } from '../../shared/import-types';
import { matches, NULL_TOKENS } from './value-patterns';

/**
 * What the preview tells the analyst about a sample's values before anything loads: placeholders
 * that probably mean "missing" but are not read so unless accepted (`?`, `-`, `--`, `—`), and
 * columns that are numbers but for a few values (the numeric threshold decides what they become).
 */
export const OFFERED_NULL_TOKENS: readonly string[] = ['?', '-', '--', '—', '——', 'N/A', '/', '无', '不详'].filter((t) => !NULL_TOKENS.includes(t));

const isNumber = (v: string) => matches('amount', v) || matches('scientific', v);

export function missingTokens(headers: readonly string[], rows: readonly string[][]): DetectResult['missingTokens'] {
  const found = new Map<string, { count: number; columns: Set<string> }>();
  for (const row of rows) {
    row.forEach((cell, i) => {
      const v = cell.trim();
      if (!OFFERED_NULL_TOKENS.includes(v)) return;
      const entry = found.get(v) ?? { count: 0, columns: new Set<string>() };
      entry.count++;
      entry.columns.add(headers[i] ?? `column_${i + 1}`);
      found.set(v, entry);
    });
  }
  return [...found].map(([token, e]) => ({ token, count: e.count, columns: [...e.columns] })).sort((a, b) => b.count - a.count);
}

/** Columns where most sample values are numbers and a few are not (missing-value placeholders aside). */
export function nearNumericColumns(headers: readonly string[], rows: readonly string[][]): DetectResult['nearNumeric'] {
  const out: DetectResult['nearNumeric'] = [];
  headers.forEach((header, i) => {
    let numbers = 0;
    const others: string[] = [];
    for (const row of rows) {
      const v = (row[i] ?? '').trim();
      if (NULL_TOKENS.includes(v) || OFFERED_NULL_TOKENS.includes(v)) continue;
      if (matches('leadingZero', v) || matches('idNumber', v) || matches('mobile', v)) return;
      if (isNumber(v)) numbers++;
      else others.push(v);
    }
    if (numbers > 0 && others.length > 0 && others.length <= numbers / 10) out.push({ column: header, numbers, others: others.length, examples: [...new Set(others)].slice(0, 5) });
  });
  return out;
}
