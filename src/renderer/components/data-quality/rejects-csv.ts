import { csvField } from '../../../shared/csv-field';
import type { ImportReject } from '../../../shared/import-types';

/**
 * The rejected rows (as the screen shows them: masked unless the user unmasked) as a CSV the analyst opens in Excel: a UTF-8 BOM (without it, Excel on a
 * Chinese Windows reads the file as GBK and the reasons turn into mojibake), CRLF line ends, and
 * every field quoted where it must be (the raw line itself usually holds delimiters and quotes).
 */
export const REJECTS_CSV_HEADER = ['file', 'line', 'column', 'reason', 'raw'] as const;

const cell = (value: string | number | null): string => (value === null ? '' : csvField(String(value)));

/**
 * Excel runs a cell that starts with = + - @ as a formula (CSV injection). Raw bank data does
 * start with "-" followed by a number (-88, -1,234.50): that is left alone; anything else that
 * could start a formula gets a leading apostrophe.
 */
function defuse(text: string | null): string | null {
  return text !== null && (/^[=@+\t\r]/.test(text) || /^-(?![\d.,])/.test(text)) ? `'${text}` : text;
}

export function rejectsToCsv(rejects: readonly ImportReject[]): string {
  const lines = [REJECTS_CSV_HEADER.join(',')];
  for (const r of rejects) {
    lines.push([cell(r.file), cell(r.line), cell(defuse(r.column)), cell(defuse(r.reason)), cell(defuse(r.raw))].join(','));
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** import-rejects-customers-20240201-0930.csv */
export function rejectsFileName(table: string, at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}`;
  return `import-rejects-${table}-${stamp}.csv`;
}

/** '2024-07-01 09:30:12' (workspace-local, as import.history gives it) as a local Date, for the file name. */
export function importTime(at: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(at);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)) : null;
}
