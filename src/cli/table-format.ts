import type { CellValue, DecodedTable } from '../shared/arrow-values';
import { csvField } from '../shared/csv-field';

export type OutputFormat = 'table' | 'csv' | 'json';

export function cellText(value: CellValue): string {
  if (value === null) return '';
  return typeof value === 'bigint' ? value.toString() : String(value);
}

/** Display width: CJK characters take two terminal columns. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return width;
}

function pad(text: string, width: number, right: boolean): string {
  const gap = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? gap + text : text + gap;
}

export function formatTextTable(table: DecodedTable): string {
  const headers = table.columns.map((c) => c.name);
  const rows = Array.from({ length: table.rowCount }, (_, r) => table.columns.map((c) => (c.values[r] === null ? 'NULL' : cellText(c.values[r] ?? null))));
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((row) => displayWidth(row[i] ?? ''))));
  const numeric = table.columns.map((c) => /INT|DECIMAL|DOUBLE|FLOAT|NUMERIC|REAL/.test(c.duckdbType));
  const line = (cells: string[]) => cells.map((cell, i) => pad(cell, widths[i] ?? 0, numeric[i] ?? false)).join(' │ ');
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...rows.map(line)].join('\n');
}

export function formatCsvRows(table: DecodedTable, includeHeader: boolean): string {
  const lines: string[] = [];
  if (includeHeader) lines.push(table.columns.map((c) => csvField(c.name)).join(','));
  for (let r = 0; r < table.rowCount; r++) lines.push(table.columns.map((c) => csvField(cellText(c.values[r] ?? null))).join(','));
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** JSON rows; BIGINT and DECIMAL stay exact (a bigint is written as a number only when safe). */
export function toJsonRows(table: DecodedTable): Array<Record<string, string | number | boolean | null>> {
  return Array.from({ length: table.rowCount }, (_, r) => {
    const row: Record<string, string | number | boolean | null> = {};
    for (const column of table.columns) {
      const value = column.values[r] ?? null;
      row[column.name] = typeof value === 'bigint' ? (Number.isSafeInteger(Number(value)) ? Number(value) : value.toString()) : value;
    }
    return row;
  });
}
