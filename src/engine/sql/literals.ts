import { AppError } from '../../shared/errors';
import type { SqlDialect } from '../../shared/segment-types';

/**
 * The one place a value becomes SQL text. A user's value in a query the engine runs is a bound
 * parameter, never a literal; these are for what DuckDB cannot bind — read_csv / COPY options, DDL,
 * the pattern of a built-in check, a constant of the code, and the values of SQL exported for a
 * bank's warehouse (which runs elsewhere, so nothing can be bound).
 *
 * NUL cannot be written in any dialect's string (and no warehouse stores it in text): refused.
 */
function refuseNul(value: string, details: Record<string, string>): void {
  if (value.includes('\u0000')) {
    throw new AppError('INVALID_ARGUMENT', 'a value contains a NUL character, which SQL text cannot carry', details, 'error.SQL_VALUE_NUL');
  }
}

/** A standard SQL string literal (DuckDB, Trino): a quote is doubled, a backslash is an ordinary character. */
export function sqlStringLiteral(value: string): string {
  refuseNul(value, {});
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * A string literal escaped by a warehouse dialect's rules:
 * - DuckDB, Trino: the standard form (sqlStringLiteral).
 * - PostgreSQL: the same while there is no backslash; with one, an E'' string with the backslash
 *   doubled, so the literal means the same whatever `standard_conforming_strings` is set to.
 * - Spark SQL: backslash is the escape character, so it is doubled and a quote is written \'
 *   (doubling a quote would not work: Spark reads 'a''b' as two adjacent literals, "ab").
 */
export function stringLiteralFor(dialect: SqlDialect, value: string): string {
  refuseNul(value, { dialect });
  switch (dialect) {
    case 'duckdb':
    case 'trino':
      return sqlStringLiteral(value);
    case 'postgres':
      return value.includes('\\') ? `E'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'` : sqlStringLiteral(value);
    case 'spark':
      return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  }
}

/** A finite number as a literal every dialect reads the same (negative numbers parenthesised). */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new AppError('INVALID_ARGUMENT', `not a finite number: ${value}`, {}, 'error.SEGMENT_BAD_NUMBER');
  const text = Number.isInteger(value) && Math.abs(value) < 1e15 ? String(value) : value.toExponential();
  return value < 0 ? `(${text})` : text;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$/;

export function dateLiteral(value: string): string {
  if (!ISO_DATE.test(value)) throw new AppError('INVALID_ARGUMENT', `not a date (YYYY-MM-DD): ${value}`, { value }, 'error.SEGMENT_BAD_DATE');
  return `DATE '${value}'`;
}

export function timestampLiteral(value: string): string {
  const text = ISO_DATE.test(value) ? `${value} 00:00:00` : ISO_TIMESTAMP.test(value) ? value.replace('T', ' ') : null;
  if (text === null) throw new AppError('INVALID_ARGUMENT', `not a timestamp (YYYY-MM-DD hh:mm:ss): ${value}`, { value }, 'error.SEGMENT_BAD_DATE');
  return `TIMESTAMP '${text}'`;
}
