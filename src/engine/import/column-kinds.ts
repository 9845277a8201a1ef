import type { ColumnKind } from '../../shared/import-types';
import { CREDIT_CODES, DEBIT_CODES, sqlPattern, type PatternName } from './value-patterns';

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

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
const full = (v: string, p: PatternName) => `regexp_full_match(${v}, ${lit(sqlPattern(p))})`;
/** Membership as list_contains: an IN list of many constants becomes a join in DuckDB (slower, and no progress). */
const oneOf = (v: string, xs: string[]) => `list_contains([${xs.map(lit).join(', ')}], ${v})`;

/**
 * ISO dates (YYYY-MM-DD, the common case) skip the regex and strptime: a shape check on length
 * and two characters, then DuckDB's own date cast (NULL for an impossible date such as 2024-02-30).
 */
const isoDate = (v: string) => `(length(${v}) = 10 AND ascii(${v}) BETWEEN 48 AND 57 AND substr(${v}, 5, 1) = '-' AND substr(${v}, 8, 1) = '-')`;

/** Date forms and how each is parsed; the loader keeps those seen in the column, most frequent first. */
export const DATE_FORMS: Array<{ pattern: PatternName; sql: (v: string) => string }> = [
  { pattern: 'ymdDash', sql: (v) => `try_strptime(${v}, '%Y-%m-%d')` },
  { pattern: 'ymdSlash', sql: (v) => `try_strptime(${v}, '%Y/%m/%d')` },
  { pattern: 'ymdChinese', sql: (v) => `try_strptime(${v}, '%Y年%m月%d日')` },
  { pattern: 'ymdCompact', sql: (v) => `try_strptime(${v}, '%Y%m%d')` },
  { pattern: 'dmyDot', sql: (v) => `try_strptime(${v}, '%d.%m.%Y')` },
  { pattern: 'yymmdd', sql: (v) => `try_strptime(${v}, '%y%m%d')` },
  { pattern: 'excelSerial', sql: (v) => `CAST(DATE '1899-12-30' + CAST(floor(TRY_CAST(${v} AS DOUBLE)) AS INTEGER) AS TIMESTAMP)` },
  {
    pattern: 'timestamp',
    sql: (v) => `try_strptime(${v}, ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y/%m/%d %H:%M:%S', '%Y/%m/%d %H:%M', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%dT%H:%M:%S.%f'])`,
  },
];

/** A timestamp from whichever listed form the value has (forms tried in order). */
function dateTime(v: string, forms: PatternName[]): string {
  const chosen = DATE_FORMS.filter((f) => forms.includes(f.pattern)).sort((a, b) => forms.indexOf(a.pattern) - forms.indexOf(b.pattern));
  if (chosen.length === 0) return 'CAST(NULL AS TIMESTAMP)';
  const iso = forms.includes('ymdDash') ? `WHEN ${isoDate(v)} THEN CAST(TRY_CAST(${v} AS DATE) AS TIMESTAMP) ` : '';
  return `CASE ${iso}${chosen.map((f) => `WHEN ${full(v, f.pattern)} THEN ${f.sql(v)}`).join(' ')} END`;
}

/** Amount: sign from a leading -, a trailing - or parentheses; currency symbols and thousands separators dropped. */
function amount(v: string, type: string): string {
  const negative = `(starts_with(${v}, '(') AND ends_with(${v}, ')')) OR ends_with(${v}, '-') OR regexp_matches(${v}, '^\\(?[¥￥$]?\\s*-')`;
  return `CASE WHEN ${full(v, 'amount')} THEN (CASE WHEN ${negative} THEN -1 ELSE 1 END) * TRY_CAST(regexp_replace(${v}, '[^0-9.]', '', 'g') AS ${type}) END`;
}

export interface ConversionOptions {
  /** Date forms seen in the column, most frequent first (date, timestamp and month kinds). */
  dateForms?: PatternName[];
}

/** SQL converting the trimmed, non-null VARCHAR expression v to the kind (NULL if it does not convert). */
export function conversionSql(kind: ColumnKind, v: string, options: ConversionOptions = {}): string {
  const forms = options.dateForms?.length ? options.dateForms : DATE_FORMS.map((f) => f.pattern).filter((p) => p !== 'yymmdd' && p !== 'excelSerial');
  switch (kind) {
    case 'text':
      return v;
    case 'integer':
      return `TRY_CAST(replace(${v}, ',', '') AS BIGINT)`;
    case 'decimal':
      return amount(v, 'DECIMAL(18,2)');
    case 'double':
      return `COALESCE(TRY_CAST(${v} AS DOUBLE), ${amount(v, 'DOUBLE')})`;
    case 'date':
      return `CAST(${dateTime(v, forms)} AS DATE)`;
    case 'timestamp':
      return dateTime(v, forms);
    case 'month': {
      const compact = `try_strptime(regexp_replace(${v}, '[-/年月]', '', 'g'), '%Y%m')`;
      return `CAST(date_trunc('month', CASE WHEN ${full(v, 'monthForm')} THEN ${compact} ELSE ${dateTime(v, forms)} END) AS DATE)`;
    }
    case 'boolean':
      return `CASE WHEN ${oneOf(`lower(${v})`, ['yes', 'y', 'true', 't', '1', '是'])} THEN true WHEN ${oneOf(`lower(${v})`, ['no', 'n', 'false', 'f', '0', '否'])} THEN false END`;
    case 'direction':
      return `CASE WHEN ${oneOf(`upper(${v})`, DEBIT_CODES)} THEN 'debit' WHEN ${oneOf(`upper(${v})`, CREDIT_CODES)} THEN 'credit' END`;
    case 'json':
      return `CASE WHEN json_valid(${v}) THEN CAST(${v} AS JSON) END`;
  }
}
