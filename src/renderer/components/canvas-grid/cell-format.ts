import type { CellValue } from '../../../shared/arrow-values';

export const NULL_TEXT = 'NULL';

const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL|NUMERIC|INT1|INT2|INT4|INT8|INT16|INT32|INT64|FLOAT4|FLOAT8)\b/i;

/** Numbers are right-aligned: DuckDB numeric types (DECIMAL(18,2) included). */
export function isNumericType(duckdbType: string): boolean {
  return NUMERIC_TYPE.test(duckdbType.trim());
}

/**
 * The text of a cell, exact: bigint and DECIMAL text are shown as they are (no float rounding,
 * no grouping — ids must stay copyable), DATE/TIMESTAMP text as decoded, NULL as "NULL".
 */
export function formatCell(value: CellValue | undefined): string {
  if (value === undefined) return '';
  if (value === null) return NULL_TEXT;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // One line per cell: newlines and tabs in text would break the row.
  return value.length > 500 ? `${value.slice(0, 500).replace(/[\r\n\t]+/g, ' ')}…` : value.replace(/[\r\n\t]+/g, ' ');
}

/** Cuts text to fit a width, ending with an ellipsis (binary search on a measure function). */
export function fitText(text: string, maxWidth: number, measure: (text: string) => number): string {
  if (maxWidth <= 0) return '';
  if (measure(text) <= maxWidth) return text;
  const ellipsis = '…';
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(text.slice(0, mid) + ellipsis) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? (measure(ellipsis) <= maxWidth ? ellipsis : '') : text.slice(0, lo) + ellipsis;
}
