import { DELIMITERS } from '../../shared/import-types';
import { splitRecords, type CsvRecord } from './csv-records';
import { matches } from './value-patterns';

/**
 * Delimiter, quote, header row and title lines from a decoded sample. The data rows are the long
 * run of records with one field count; the header is the first of them; what is above it (a bank
 * report's title, an export date) are title lines.
 */
export interface Dialect {
  delimiter: (typeof DELIMITERS)[number];
  quote: '"' | "'" | '';
  headerLine: number;
  hasHeader: boolean;
  fieldCount: number;
}

const MAX_RECORDS = 500;

function modalCount(records: CsvRecord[]): { count: number; share: number } {
  const tally = new Map<number, number>();
  for (const r of records) tally.set(r.fields.length, (tally.get(r.fields.length) ?? 0) + 1);
  let count = 1;
  let best = 0;
  for (const [n, k] of tally) if (k > best || (k === best && n > count)) [count, best] = [n, k];
  return { count, share: records.length ? best / records.length : 0 };
}

function nonEmpty(records: CsvRecord[]): CsvRecord[] {
  return records.filter((r) => !(r.fields.length === 1 && r.fields[0]!.trim() === ''));
}

export function detectDelimiter(text: string): (typeof DELIMITERS)[number] {
  let best: (typeof DELIMITERS)[number] = ',';
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    const records = nonEmpty(splitRecords(text, delimiter, '"', MAX_RECORDS));
    const { count, share } = modalCount(records);
    if (count < 2) continue;
    // Consistency first, then more columns (a stray comma in a ;-file gives fewer, ragged fields).
    const score = share * 100 + Math.min(count, 50) / 10;
    if (score > bestScore) [best, bestScore] = [delimiter, score];
  }
  return best;
}

export function detectQuote(text: string, delimiter: string): '"' | "'" | '' {
  const escaped = delimiter === '|' ? '\\|' : delimiter;
  const count = (q: string) => (text.match(new RegExp(`(^|${escaped}|\\n)${q}[^${q}\\n]*${q}(?=${escaped}|\\r?\\n|$)`, 'g')) ?? []).length;
  const double = count('"');
  const single = count("'");
  return single > double && single > 0 ? "'" : '"';
}

/** The first record from which (nearly) every record has the data field count. */
export function detectHeaderLine(records: CsvRecord[]): { index: number; fieldCount: number } {
  const data = nonEmpty(records);
  const tail = data.slice(Math.floor(data.length / 3));
  const { count } = modalCount(tail.length ? tail : data);
  for (let i = 0; i < data.length; i++) {
    if (data[i]!.fields.length !== count) continue;
    const rest = data.slice(i);
    const same = rest.filter((r) => r.fields.length === count).length;
    if (same / rest.length >= 0.8) return { index: records.indexOf(data[i]!), fieldCount: count };
  }
  // A short file whose few odd lines (a too-long row, a trailer) break the share: the first record
  // with the data's field count still starts the table (title lines sit above it).
  const first = data.find((r) => r.fields.length === count);
  return { index: first ? records.indexOf(first) : 0, fieldCount: count };
}

function looksLikeValue(v: string): boolean {
  const t = v.trim();
  return (
    matches('amount', t) || matches('ymdDash', t) || matches('ymdSlash', t) || matches('dmyDot', t) || matches('timestamp', t) ||
    matches('idNumber', t) || matches('leadingZero', t)
  );
}

/** A header row has non-empty, distinct, non-numeric cells; a data row usually does not. */
export function looksLikeHeader(candidate: string[], next: string[][]): boolean {
  const cells = candidate.map((c) => c.trim());
  if (cells.some((c) => c === '')) return false;
  if (new Set(cells).size !== cells.length) return false;
  if (cells.some(looksLikeValue)) return false;
  // If no column below has a value-shaped cell either, a text-only header is still the better guess.
  return next.length === 0 || cells.some((c, i) => !next.some((row) => (row[i] ?? '').trim() === c));
}

export function detectDialect(text: string): Dialect {
  const delimiter = detectDelimiter(text);
  const quote = detectQuote(text, delimiter);
  const records = splitRecords(text, delimiter, quote, MAX_RECORDS);
  const { index, fieldCount } = detectHeaderLine(records);
  const headerRecord = records[index];
  const below = records.slice(index + 1, index + 21).map((r) => r.fields);
  const hasHeader = headerRecord ? looksLikeHeader(headerRecord.fields, below) : false;
  return { delimiter, quote, headerLine: headerRecord?.line ?? 0, hasHeader, fieldCount };
}
