import type { SqlDialect } from '../../shared/segment-types';

/**
 * The few expressions a campaign needs that the four warehouse dialects spell differently. The
 * rest of the campaign's SQL is what DuckDB, PostgreSQL, Spark SQL and Trino share.
 */

/**
 * The portable assignment hash: the first 8 hex digits of md5(seed || ':' || customer_id) read
 * as an integer in [0, 2^32). Every dialect has md5 of a string as 32 lower-case hex digits
 * (Trino: to_hex of the varbinary, upper-case, which from_base reads all the same), so the same
 * seed gives the same arms and tie-breaks in the workbench and in the bank's warehouse.
 */
export function portableHash(dialect: SqlDialect, key: string): string {
  const prefix = (md5: string) => `substr(${md5}, 1, 8)`;
  switch (dialect) {
    case 'duckdb':
      return `CAST(('0x' || ${prefix(`md5(${key})`)}) AS BIGINT)`;
    case 'postgres':
      return `CAST(CAST(('x' || ${prefix(`md5(${key})`)}) AS BIT(32)) AS BIGINT)`;
    case 'spark':
      return `CAST(conv(${prefix(`md5(${key})`)}, 16, 10) AS BIGINT)`;
    case 'trino':
      return `from_base(${prefix(`to_hex(md5(to_utf8(${key})))`)}, 16)`;
  }
}

/** A mainland China mobile number: 11 digits, 1 then 3–9 (the phone / SMS channels' rule). */
export const MOBILE_PATTERN = '^1[3-9][0-9]{9}$';

/** Whether `text` matches a regular expression (a constant of the code), as each dialect says it. */
export function matchesPattern(dialect: SqlDialect, text: string, patternLiteral: string): string {
  switch (dialect) {
    case 'duckdb':
      return `regexp_matches(${text}, ${patternLiteral})`;
    case 'postgres':
      return `(${text} ~ ${patternLiteral})`;
    case 'spark':
      return `(${text} RLIKE ${patternLiteral})`;
    case 'trino':
      return `regexp_like(${text}, ${patternLiteral})`;
  }
}

/** year·10000 + month·100 + day of a DATE: differences of two of these / 10000 are whole years of age. */
export function yearMonthDay(date: string): string {
  return `(EXTRACT(YEAR FROM ${date}) * 10000 + EXTRACT(MONTH FROM ${date}) * 100 + EXTRACT(DAY FROM ${date}))`;
}
