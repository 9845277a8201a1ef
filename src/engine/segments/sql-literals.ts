import { AppError } from '../../shared/errors';
import type { SqlDialect } from '../../shared/segment-types';

/**
 * String literals for exported SQL, escaped by each dialect's rules (in the engine, values are
 * bound parameters and never pass through here):
 * - DuckDB, Trino: standard SQL strings; a quote is doubled, a backslash is an ordinary character.
 * - PostgreSQL: the same while there is no backslash; with one, an E'' string with the backslash
 *   doubled, so the literal means the same whatever `standard_conforming_strings` is set to.
 * - Spark SQL: backslash is the escape character, so it is doubled and a quote is written \'
 *   (doubling a quote would not work: Spark reads 'a''b' as two adjacent literals, "ab").
 * NUL cannot be written in any of them (and no warehouse stores it in text): refused.
 */
export function stringLiteral(dialect: SqlDialect, value: string): string {
  if (value.includes('\u0000')) {
    throw new AppError('INVALID_ARGUMENT', 'a value contains a NUL character, which SQL text cannot carry', { dialect }, 'error.SEGMENT_VALUE_NUL');
  }
  switch (dialect) {
    case 'duckdb':
    case 'trino':
      return `'${value.replaceAll("'", "''")}'`;
    case 'postgres':
      return value.includes('\\') ? `E'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'` : `'${value.replaceAll("'", "''")}'`;
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
