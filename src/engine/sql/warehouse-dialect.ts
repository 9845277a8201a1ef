import { AppError } from '../../shared/errors';
import type { RuleValue } from '../../shared/rule-language';
import type { SqlDialect } from '../../shared/segment-types';
import type { Dialect } from './dialect';
import { quoteIdentFor } from './identifiers';
import { dateLiteral, numberLiteral, stringLiteralFor, timestampLiteral } from './literals';
import { typeFamily } from './type-family';
import { addDays, monthStart, subtractMonths } from './window-bounds';

const TYPES: Record<Exclude<SqlDialect, 'duckdb'>, Record<string, string>> = {
  postgres: { TINYINT: 'SMALLINT', DOUBLE: 'DOUBLE PRECISION' },
  spark: { VARCHAR: 'STRING', TINYINT: 'TINYINT' },
  trino: {},
};

function literalValue(dialect: SqlDialect, value: RuleValue, type: string): string {
  const bad = () =>
    new AppError('INVALID_ARGUMENT', `the value ${JSON.stringify(value)} does not fit a ${type} column`, { value: String(value), type }, 'error.SEGMENT_VALUE_TYPE');
  switch (typeFamily(type)) {
    case 'text':
      return stringLiteralFor(dialect, String(value));
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(n)) throw bad();
      // DuckDB's CAST to an integer type rounds half away from zero; the export means the same.
      const integral = /INT/.test(type) ? Math.sign(n) * Math.round(Math.abs(n)) : n;
      return numberLiteral(integral);
    }
    case 'boolean':
      if (value === true || value === 'true') return 'TRUE';
      if (value === false || value === 'false') return 'FALSE';
      throw bad();
    case 'date':
      if (typeof value !== 'string') throw bad();
      return dateLiteral(value);
    case 'timestamp':
      if (typeof value !== 'string') throw bad();
      return timestampLiteral(value);
    case 'other':
      throw new AppError('INVALID_ARGUMENT', `a column of type ${type} cannot be compared in exported SQL`, { type }, 'error.RULE_FIELD_TYPE');
  }
}

/**
 * SQL for a bank's warehouse, as of a known date: values are literals escaped for the dialect,
 * canonical tables optionally in `schema`. Every window boundary is a literal computed here with
 * DuckDB's month arithmetic (the day clamped to the month's end), and only what DuckDB, PostgreSQL,
 * Spark SQL and Trino share is written (CASE inside aggregates, EXTRACT, sum(DISTINCT …) for the
 * activity mask, max_by / array_agg for arg_max, coalesce for "is true").
 */
export function warehouseDialect(dialect: SqlDialect, options: { asOf: string; schema?: string | undefined }): Dialect {
  const { asOf, schema } = options;
  const ident = (name: string) => quoteIdentFor(dialect, name);
  const text = (value: string) => stringLiteralFor(dialect, value);
  const whole = (value: number) => numberLiteral(Math.trunc(value));
  const [year, month, day] = asOf.split('-').map(Number) as [number, number, number];
  const isMonthEnd = addDays(asOf, 1).slice(8) === '01';
  const before = (n: number) => timestampLiteral(subtractMonths(asOf, n));
  const extract = (part: string, expr: string) => `EXTRACT(${part} FROM ${expr})`;
  // Bucket k holds as_of − (k+1) months < ts ≤ as_of − k months; its bit is 2^k. A CASE over the
  // boundaries stands in for DuckDB's per-row month arithmetic, and sum(DISTINCT …) for bit_or.
  const bitOfBucket = (months: number) => `CASE ${Array.from({ length: months }, (_, k) => `WHEN ts > ${before(k + 1)} THEN ${numberLiteral(2 ** k)}`).join(' ')} END`;
  return {
    dialect,
    params: {},
    ident,
    table: (name) => (schema ? `${ident(schema)}.${ident(name)}` : ident(name)),
    type: (t) => (dialect === 'duckdb' ? t : (TYPES[dialect][t] ?? t)),

    value: (value, type) => literalValue(dialect, value, type),
    text,
    number: numberLiteral,
    integer: whole,
    bigint: whole,
    date: dateLiteral,
    timestamp: timestampLiteral,
    addDays: (ts, days) => `(${ts} + INTERVAL '${Math.trunc(days)}' DAY)`,
    monthsBeforeValue: before,

    constantText: text,

    castText: (expr) => `CAST(${expr} AS ${dialect === 'postgres' ? 'TEXT' : dialect === 'spark' ? 'STRING' : 'VARCHAR'})`,
    contains: (t, needle) => (dialect === 'duckdb' ? `contains(${t}, ${needle})` : dialect === 'spark' ? `(instr(${t}, ${needle}) > 0)` : `(strpos(${t}, ${needle}) > 0)`),
    startsWith: (t, prefix) => (dialect === 'spark' ? `(left(${t}, length(${prefix})) = ${prefix})` : `starts_with(${t}, ${prefix})`),
    // coalesce is understood by every warehouse dialect (IS TRUE is not).
    isTrue: (condition) => `coalesce(${condition}, FALSE)`,
    bitAnd: (a, b) => (dialect === 'trino' ? `bitwise_and(${a}, ${b})` : `(${a} & ${b})`),
    aggregateWhere: (agg, expr, condition) => `${agg}(CASE WHEN ${condition} THEN ${agg === 'count' && expr === '*' ? '1' : expr} END)`,
    countDistinctWhere: (expr, condition) => `count(DISTINCT CASE WHEN ${condition} THEN ${expr} END)`,
    argMax: (value, key) =>
      dialect === 'postgres' ? `(array_agg(${value} ORDER BY ${key} DESC NULLS LAST))[1]` : dialect === 'duckdb' ? `arg_max(${value}, ${key})` : `max_by(${value}, ${key})`,

    asOf: dateLiteral(asOf),
    asOfEnd: timestampLiteral(addDays(asOf, 1)),
    monthsBefore: before,
    monthStart: (n) => dateLiteral(monthStart(asOf, n)),
    // date_sub('month', d, as_of): the month difference, less one while d's day of the month is not
    // yet reached — unless the as-of date is its month's last day (31 Jan → 29 Feb is a month).
    monthsSince: (date) =>
      `(${year * 12 + month} - (${extract('YEAR', date)} * 12 + ${extract('MONTH', date)})${isMonthEnd ? '' : ` - CASE WHEN ${extract('DAY', date)} > ${day} THEN 1 ELSE 0 END`})`,
    daysSince: (date) =>
      dialect === 'postgres' ? `(${dateLiteral(asOf)} - ${date})` : dialect === 'spark' ? `datediff(${dateLiteral(asOf)}, ${date})` : `date_diff('day', ${date}, ${dateLiteral(asOf)})`,

    txnRowColumns: () => '',
    activityMask: (ci, months) => `CAST(coalesce(sum(DISTINCT CASE WHEN ${ci} THEN ${bitOfBucket(months)} END), 0) AS BIGINT)`,
    activeMonths12Aggregate: (ci, months) => `count(DISTINCT CASE WHEN ${ci} AND ts > ${before(12)} THEN ${bitOfBucket(months)} END)`,
    activeMonths12: () => `coalesce(t.active_months_12m, 0)`,
  };
}
