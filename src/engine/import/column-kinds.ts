import type { ColumnKind, NumericDirection } from '../../shared/import-types';
import { CREDIT_CODES, DEBIT_CODES, shapeSql, sqlPattern, type PatternName } from './value-patterns';
import { sqlStringLiteral as lit } from '../sql/literals';

/**
 * Column kinds as SQL: the DuckDB type each becomes and the expression that converts a trimmed
 * VARCHAR into it (NULL when the value does not convert — the loader turns that into a reject).
 */
export const KIND_SQL_TYPE: Record<ColumnKind, string> = {
  text: 'VARCHAR',
  integer: 'BIGINT',
  decimal: 'DECIMAL(18,2)',
  double: 'DOUBLE',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  month: 'DATE',
  boolean: 'BOOLEAN',
  direction: 'VARCHAR',
  json: 'JSON',
};

/** The kind a column of an existing table is appended as. */
export function kindOfSqlType(type: string): ColumnKind {
  const t = type.toUpperCase();
  if (t.startsWith('DECIMAL')) return 'decimal';
  if (/^(BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER)$/.test(t)) return 'integer';
  if (t === 'DOUBLE' || t === 'FLOAT') return 'double';
  if (t === 'DATE') return 'date';
  if (t.startsWith('TIMESTAMP')) return 'timestamp';
  if (t === 'BOOLEAN') return 'boolean';
  if (t === 'JSON') return 'json';
  return 'text';
}

const full = (v: string, p: PatternName) => `regexp_full_match(${v}, ${lit(sqlPattern(p))})`;
/** Membership as list_contains: an IN list of many constants becomes a join in DuckDB (slower, and no progress). */
const oneOf = (v: string, xs: string[]) => `list_contains([${xs.map(lit).join(', ')}], ${v})`;

/**
 * Dates and timestamps written exactly as DuckDB writes them (2024-01-31, 2024-01-31 10:00:00), the
 * common case, skip the patterns and strptime: DuckDB's own cast, written back and compared. The
 * comparison keeps what the cast alone would take too leniently (2024-01-3a as 2024-01-03, BC dates)
 * on the patterns' path; an impossible date (2024-02-30) goes there too, and is NULL there as well.
 */
const isoDate = (v: string) => `(strlen(${v}) = 10 AND CAST(TRY_CAST(${v} AS DATE) AS VARCHAR) = ${v})`;
const isoTimestamp = (v: string) => `(strlen(${v}) >= 19 AND CAST(TRY_CAST(${v} AS TIMESTAMP) AS VARCHAR) = ${v} AND NOT ends_with(${v}, ')'))`;

/**
 * Date forms and how each is parsed. No value has two of these shapes, so a value converts the same
 * whichever forms are listed as long as its own is: every form is always tried, and the forms of a
 * column need not be known (or counted over the file) before it loads. Listed in the order that
 * costs least: timestamps first (the common non-ISO case), each regex behind its cheap guard.
 */
export const DATE_FORMS: Array<{ pattern: PatternName; sql: (v: string) => string }> = [
  {
    pattern: 'timestamp',
    sql: (v) => `try_strptime(${v}, ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y/%m/%d %H:%M:%S', '%Y/%m/%d %H:%M', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%dT%H:%M:%S.%f'])`,
  },
  { pattern: 'ymdDash', sql: (v) => `try_strptime(${v}, '%Y-%m-%d')` },
  { pattern: 'ymdSlash', sql: (v) => `try_strptime(${v}, '%Y/%m/%d')` },
  { pattern: 'ymdChinese', sql: (v) => `try_strptime(${v}, '%Y年%m月%d日')` },
  { pattern: 'ymdCompact', sql: (v) => `try_strptime(${v}, '%Y%m%d')` },
  { pattern: 'dmyDot', sql: (v) => `try_strptime(${v}, '%d.%m.%Y')` },
  // The century of a two-digit year is not DuckDB's fixed pivot (%y: 69–99 → 19xx): see yymmddSql.
  { pattern: 'yymmdd', sql: (v) => `try_strptime(${v}, '%y%m%d')` },
  { pattern: 'excelSerial', sql: (v) => `CAST(DATE '1899-12-30' + CAST(floor(TRY_CAST(${v} AS DOUBLE)) AS INTEGER) AS TIMESTAMP)` },
];

/**
 * yymmdd with the century chosen from the data: 20yy when that date is not after `reference` (the
 * file's latest date, today at the latest, or the analyst's pivot), else 19yy (two-digit-years.ts).
 */
function yymmddSql(v: string, reference: string): string {
  const d20 = `try_strptime('20' || ${v}, '%Y%m%d')`;
  return `CASE WHEN ${d20} <= TIMESTAMP '${isoDateLiteral(reference)} 00:00:00' THEN ${d20} ELSE try_strptime('19' || ${v}, '%Y%m%d') END`;
}

/** The reference date as it goes into SQL: made by the engine, still checked to be a plain date. */
function isoDateLiteral(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`not an ISO date: ${date}`);
  return date;
}

/** The date forms' patterns and parsers, as CASE branches. */
const formBranches = (v: string, reference: string | undefined) =>
  DATE_FORMS.map((f) => `WHEN ${shapeSql(f.pattern, v)} THEN ${f.pattern === 'yymmdd' && reference ? yymmddSql(v, reference) : f.sql(v)}`).join(' ');

/** A timestamp from whichever date form the value has (NULL when it has none or is impossible). */
function dateTime(v: string, reference?: string): string {
  return `CASE WHEN ${isoDate(v)} THEN CAST(TRY_CAST(${v} AS DATE) AS TIMESTAMP) WHEN ${isoTimestamp(v)} THEN TRY_CAST(${v} AS TIMESTAMP) ${formBranches(v, reference)} END`;
}

/** A date from whichever date form the value has: an ISO date straight from the cast, without a timestamp between. */
function dateOnly(v: string, reference?: string): string {
  return `CASE WHEN ${isoDate(v)} THEN TRY_CAST(${v} AS DATE) ELSE CAST(CASE WHEN ${isoTimestamp(v)} THEN TRY_CAST(${v} AS TIMESTAMP) ${formBranches(v, reference)} END AS DATE) END`;
}

/** Amount: sign from a leading -, a trailing - or parentheses; currency symbols and thousands separators dropped. */
function amount(v: string, type: string): string {
  const negative = `(starts_with(${v}, '(') AND ends_with(${v}, ')')) OR ends_with(${v}, '-') OR regexp_matches(${v}, '^\\(?[¥￥$]?\\s*-')`;
  return `CASE WHEN ${full(v, 'amount')} THEN (CASE WHEN ${negative} THEN -1 ELSE 1 END) * TRY_CAST(regexp_replace(${v}, '[^0-9.]', '', 'g') AS ${type}) END`;
}

/** How the conversion reads codes whose meaning differs between banks. */
export interface ConversionOptions {
  numericDirection: NumericDirection;
  /** A decimal column's type when the file's values need more scale than DECIMAL(18,2). */
  decimalType?: string;
  /** Two-digit years: the latest date they may stand for (ISO); absent: DuckDB's %y. */
  centuryReference?: string;
}

/**
 * The direction codes as this file means them: letters and characters are the same everywhere;
 * the digits 1 and 2 swap when the bank writes 1 for credit.
 */
function directionCodes(numericDirection: NumericDirection): { debit: string[]; credit: string[] } {
  if (numericDirection === '1_debit') return { debit: DEBIT_CODES, credit: CREDIT_CODES };
  const swap = (codes: string[], from: string, to: string) => codes.map((c) => (c === from ? to : c));
  return { debit: swap(DEBIT_CODES, '1', '2'), credit: swap(CREDIT_CODES, '2', '1') };
}

/** SQL converting the trimmed, non-null VARCHAR expression v to the kind (NULL if it does not convert). */
export function conversionSql(kind: ColumnKind, v: string, options: ConversionOptions = { numericDirection: '1_debit' }): string {
  switch (kind) {
    case 'text':
      return v;
    case 'integer':
      // replace copies every value: only those with a thousands separator need it.
      return `TRY_CAST(CASE WHEN contains(${v}, ',') THEN replace(${v}, ',', '') ELSE ${v} END AS BIGINT)`;
    case 'decimal':
      return amount(v, options.decimalType ?? KIND_SQL_TYPE.decimal);
    case 'double':
      return `COALESCE(TRY_CAST(${v} AS DOUBLE), ${amount(v, 'DOUBLE')})`;
    case 'date':
      return dateOnly(v, options.centuryReference);
    case 'timestamp':
      return dateTime(v, options.centuryReference);
    case 'month': {
      const compact = `try_strptime(regexp_replace(${v}, '[-/年月]', '', 'g'), '%Y%m')`;
      return `CAST(date_trunc('month', CASE WHEN ${full(v, 'monthForm')} THEN ${compact} ELSE ${dateTime(v, options.centuryReference)} END) AS DATE)`;
    }
    case 'boolean':
      return `CASE WHEN ${oneOf(`lower(${v})`, ['yes', 'y', 'true', 't', '1', '是'])} THEN true WHEN ${oneOf(`lower(${v})`, ['no', 'n', 'false', 'f', '0', '否'])} THEN false END`;
    case 'direction': {
      const codes = directionCodes(options.numericDirection);
      return `CASE WHEN ${oneOf(`upper(${v})`, codes.debit)} THEN 'debit' WHEN ${oneOf(`upper(${v})`, codes.credit)} THEN 'credit' END`;
    }
    case 'json':
      return `CASE WHEN json_valid(${v}) THEN CAST(${v} AS JSON) END`;
  }
}
