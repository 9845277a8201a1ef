import type { ExportFormat, ExportHeaderStyle } from '../../shared/campaign-types';
import { exportHeader } from '../../shared/data-dictionary';
import { maskedSql } from '../privacy/masked-views';
import type { PersonalRule } from '../privacy/personal-columns';
import { quoteIdent } from '../sql/identifiers';
import { typeFamily } from '../sql/type-family';

/**
 * What an export knows of each column: its name in the source query, the header the file shows
 * (the business name in the user's language), how it is typed in the file, and whether it holds
 * personal data. Kinds decide the file's types: an `id` is text everywhere (an 18-digit ID
 * number or an account number with leading zeros must survive Excel, which would turn it into
 * 1.10101E+17), a `money` has two decimals, a `date` is a typed date in XLSX and ISO text in CSV.
 */
export type ExportColumnKind = 'id' | 'text' | 'integer' | 'number' | 'money' | 'date' | 'timestamp' | 'boolean';

/** Identifiers and codes: text in every file, so leading zeros and 18-digit numbers survive Excel. */
const ID_LIKE = /(^|_)(id|no|number|code|phone|mobile)$/i;
/** Amounts in yuan (two decimals, #,##0.00 in Excel). */
const MONEY = /(aum|balance|amount|payroll_monthly)/;

/** How a column of DuckDB type `type` is written to a file. */
export function exportKindOf(name: string, type: string): ExportColumnKind {
  if (ID_LIKE.test(name)) return 'id';
  switch (typeFamily(type)) {
    case 'number':
      return /^(DECIMAL|NUMERIC)/.test(type) || MONEY.test(name) ? 'money' : /INT/.test(type) ? 'integer' : 'number';
    case 'date':
      return 'date';
    case 'timestamp':
      return 'timestamp';
    case 'boolean':
      return 'boolean';
    default:
      return 'text';
  }
}

/** The header style an export uses when the caller chose none: people read CSV and XLSX, programs read Parquet. */
export function headerStyleFor(format: ExportFormat, chosen: ExportHeaderStyle | undefined): ExportHeaderStyle {
  return chosen ?? (format === 'parquet' ? 'technical' : 'business');
}

/** A column's header in a file: the data dictionary's ("最新月末资产（AUM） aum_latest") or the column name. */
export function columnHeader(style: ExportHeaderStyle, table: string | null, column: string): string {
  return style === 'business' ? exportHeader(column, table) : column;
}

export interface ExportColumn {
  name: string;
  header: string;
  kind: ExportColumnKind;
  /**
   * The masking rule of a personal column (name, id_number, phone), 'shape' for free text that
   * may carry an ID or mobile number (masked when its whole value has that shape, as the grid
   * does), or null.
   */
  mask: PersonalRule | 'shape' | null;
}

/** The shape net of mask-values.ts in SQL: an 18-character resident ID or an 11-digit mobile, whole-value. */
function shapeMaskedSql(column: string): string {
  const v = `CAST(${quoteIdent(column)} AS VARCHAR)`;
  return `CASE WHEN regexp_full_match(${v}, '[0-9]{17}[0-9Xx]') THEN left(${v}, 3) || '***********' || right(${v}, 4)
    WHEN regexp_full_match(${v}, '1[3-9][0-9]{9}') THEN left(${v}, 3) || '****' || right(${v}, 4) ELSE ${v} END`;
}

/** The value as the file receives it: masked where it must be, IDs and dates as text, money rounded. */
function exportedValueSql(column: ExportColumn, masked: boolean, fileTyped: boolean): string {
  if (masked && column.mask !== null) return column.mask === 'shape' ? shapeMaskedSql(column.name) : maskedSql(column.mask, column.name);
  const c = quoteIdent(column.name);
  switch (column.kind) {
    case 'id':
    case 'text':
      return `CAST(${c} AS VARCHAR)`;
    case 'money':
      // Files DuckDB writes show money with two decimals, 2143.00, as a bank's own export does (a DOUBLE prints 2143.0);
      // the XLSX writer takes a number and formats it #,##0.00 itself.
      return fileTyped ? `CAST(round(CAST(${c} AS DOUBLE), 2) AS DECIMAL(18, 2))` : `round(CAST(${c} AS DOUBLE), 2)`;
    case 'number':
      return `CAST(${c} AS DOUBLE)`;
    case 'integer':
      return `CAST(${c} AS BIGINT)`;
    case 'date':
      return `strftime(CAST(${c} AS DATE), '%Y-%m-%d')`;
    case 'timestamp':
      return `strftime(CAST(${c} AS TIMESTAMP), '%Y-%m-%d %H:%M:%S')`;
    case 'boolean':
      return `CAST(${c} AS BOOLEAN)`;
  }
}

/**
 * The SELECT a file is written from: the source query's columns in export order, each under its
 * header. `as` says which alias each output column gets: the header (CSV, Parquet: the file's
 * own column names) or a position (c0, c1 … — XLSX writes the header row itself).
 */
export function exportSelect(sourceSql: string, columns: readonly ExportColumn[], options: { masked: boolean; as: 'header' | 'position'; extra?: readonly string[] }): string {
  const list = columns.map((column, i) => `${exportedValueSql(column, options.masked, options.as === 'header')} AS ${quoteIdent(options.as === 'header' ? column.header : `c${i}`)}`);
  for (const extra of options.extra ?? []) list.push(extra);
  return `SELECT ${list.join(', ')} FROM (${sourceSql}) AS export_source`;
}

/** Headers must be unique in a file (DuckDB would refuse duplicate aliases in a COPY): later ones get " (2)". */
export function uniqueHeaders(columns: readonly ExportColumn[]): ExportColumn[] {
  const seen = new Map<string, number>();
  return columns.map((column) => {
    const n = (seen.get(column.header) ?? 0) + 1;
    seen.set(column.header, n);
    return n === 1 ? column : { ...column, header: `${column.header} (${n})` };
  });
}
