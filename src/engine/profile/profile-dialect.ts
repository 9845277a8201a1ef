import type { SqlDialect } from '../../shared/segment-types';
import { quoteIdent, quoteIdentFor } from '../sql/identifiers';
import { addDays, monthStart, subtractMonths } from '../segments/window-bounds';
import { dateLiteral, numberLiteral, stringLiteral, timestampLiteral } from '../segments/sql-literals';
import { ACTIVITY_MASK_MONTHS } from './profile-lists';

/**
 * What differs between the profile the engine builds and the same profile written for a bank's
 * warehouse. profile-sql.ts writes every statement once, through this; only the primitives below
 * change:
 * - the engine (DuckDB): the as-of date is the bound parameter $as_of, aggregates use FILTER, the
 *   activity mask is a bit_or of shifted bits — the forms measured fastest on 5 M customers;
 * - exported SQL (DuckDB, PostgreSQL, Spark SQL, Trino): the as-of date is known, so every window
 *   boundary is a literal computed here with DuckDB's month arithmetic (the day clamped to the
 *   month's end), and only constructs all four warehouses share are used (CASE inside aggregates,
 *   EXTRACT, percent_rank, sum(DISTINCT …) for the mask).
 */
export interface ProfileDialect {
  readonly dialect: SqlDialect;
  /** The as-of date (a DATE). */
  readonly asOf: string;
  /** The first instant after the as-of day: timestamps before it belong to the as-of date or earlier. */
  readonly asOfEnd: string;
  /** as_of − n months, as a timestamp at midnight. */
  monthsBefore(n: number): string;
  /** The first day of the month n months before the as-of month. */
  monthStart(n: number): string;
  /** Whole months from a DATE to the as-of date, as DuckDB's date_sub('month', …) counts them. */
  monthsSince(date: string): string;
  /** Whole days from a DATE to the as-of date. */
  daysSince(date: string): string;
  ident(name: string): string;
  /** A canonical source table (qualified with the warehouse schema when exporting). */
  table(name: string): string;
  /** A DuckDB type name as this dialect writes it. */
  type(duckType: string): string;
  text(value: string): string;
  /** agg(expr) over the rows where `condition` holds. */
  aggregateWhere(agg: 'count' | 'sum' | 'min' | 'max' | 'avg', expr: string, condition: string): string;
  countDistinctWhere(expr: string, condition: string): string;
  /** The value of `value` on the row with the greatest `key` (ties: any of them). */
  argMax(value: string, key: string): string;
  bitAnd(a: string, b: string): string;
  /** Columns the transaction step's inner SELECT adds (after `ci`), each with a leading comma. */
  txnRowColumns(): string;
  /** The activity mask: bit k set when a customer-initiated transaction falls in month-long window k. */
  activityMask(ci: string): string;
  /** The transaction step's aggregate for active_months_12m, or null when the assembly derives it from the mask. */
  activeMonths12Aggregate(ci: string): string | null;
  /** active_months_12m in the assembly, from the transaction step aliased `t`. */
  activeMonths12(): string;
}

const ENGINE_AS_OF = 'CAST($as_of AS DATE)';
const engineMonthIndex = (d: string) => `(year(${d}) * 12 + month(${d}))`;

/** The engine's profile: the as-of date bound as $as_of. */
export function engineProfileDialect(): ProfileDialect {
  const m = `(${engineMonthIndex(ENGINE_AS_OF)} - ${engineMonthIndex('ts')})`;
  return {
    dialect: 'duckdb',
    asOf: ENGINE_AS_OF,
    asOfEnd: `(${ENGINE_AS_OF} + INTERVAL 1 DAY)`,
    monthsBefore: (n) => `(${ENGINE_AS_OF} - to_months(${n}))`,
    monthStart: (n) => (n === 0 ? `date_trunc('month', ${ENGINE_AS_OF})` : `date_trunc('month', ${ENGINE_AS_OF}) - INTERVAL ${n} MONTH`),
    monthsSince: (date) => `date_sub('month', ${date}, ${ENGINE_AS_OF})`,
    daysSince: (date) => `date_diff('day', ${date}, ${ENGINE_AS_OF})`,
    ident: quoteIdent,
    table: quoteIdent,
    type: (t) => t,
    text: (value) => stringLiteral('duckdb', value),
    aggregateWhere: (agg, expr, condition) => `${agg}(${expr}) FILTER (WHERE ${condition})`,
    countDistinctWhere: (expr, condition) => `count(DISTINCT ${expr}) FILTER (WHERE ${condition})`,
    argMax: (value, key) => `arg_max(${value}, ${key})`,
    bitAnd: (a, b) => `(${a} & ${b})`,
    // bucket k: as_of − (k+1) months < ts ≤ as_of − k months (the as-of day itself is in bucket 0).
    txnRowColumns: () => `,\n    greatest(0, ${m} - CASE WHEN ts > ${ENGINE_AS_OF} - to_months(CAST(${m} AS INTEGER)) THEN 1 ELSE 0 END) AS bucket`,
    activityMask: (ci) => `coalesce(bit_or(CAST(1 AS BIGINT) << bucket) FILTER (WHERE ${ci} AND bucket < ${ACTIVITY_MASK_MONTHS}), 0)`,
    activeMonths12Aggregate: () => null,
    activeMonths12: () => `bit_count(coalesce(t.activity_month_mask, 0) & 4095)`,
  };
}

const TYPES: Record<Exclude<SqlDialect, 'duckdb'>, Record<string, string>> = {
  postgres: { TINYINT: 'SMALLINT', DOUBLE: 'DOUBLE PRECISION' },
  spark: { VARCHAR: 'STRING', TINYINT: 'TINYINT' },
  trino: {},
};

/** The profile for a warehouse, as of a known date; `schema` qualifies the canonical tables. */
export function literalProfileDialect(dialect: SqlDialect, asOf: string, schema?: string): ProfileDialect {
  const ident = (name: string) => quoteIdentFor(dialect, name);
  const [year, month, day] = asOf.split('-').map(Number) as [number, number, number];
  const isMonthEnd = addDays(asOf, 1).slice(8) === '01';
  const before = (n: number) => timestampLiteral(subtractMonths(asOf, n));
  const extract = (part: string, expr: string) => `EXTRACT(${part} FROM ${expr})`;
  // Bucket k holds as_of − (k+1) months < ts ≤ as_of − k months; its bit is 2^k. A CASE over the 48
  // boundaries stands in for DuckDB's per-row month arithmetic, and sum(DISTINCT …) for bit_or.
  const bitOfBucket = `CASE ${Array.from({ length: ACTIVITY_MASK_MONTHS }, (_, k) => `WHEN ts > ${before(k + 1)} THEN ${numberLiteral(2 ** k)}`).join(' ')} END`;
  const bigint = (expr: string) => `CAST(${expr} AS BIGINT)`;
  return {
    dialect,
    asOf: dateLiteral(asOf),
    asOfEnd: timestampLiteral(addDays(asOf, 1)),
    monthsBefore: before,
    monthStart: (n) => dateLiteral(monthStart(asOf, n)),
    // date_sub('month', d, as_of): the month difference, less one while d's day of the month is not
    // yet reached — unless the as-of date is its month's last day (31 Jan → 29 Feb is a month).
    monthsSince: (date) =>
      `(${year * 12 + month} - (${extract('YEAR', date)} * 12 + ${extract('MONTH', date)})${isMonthEnd ? '' : ` - CASE WHEN ${extract('DAY', date)} > ${day} THEN 1 ELSE 0 END`})`,
    daysSince: (date) =>
      dialect === 'postgres'
        ? `(${dateLiteral(asOf)} - ${date})`
        : dialect === 'spark'
          ? `datediff(${dateLiteral(asOf)}, ${date})`
          : `date_diff('day', ${date}, ${dateLiteral(asOf)})`,
    ident,
    table: (name) => (schema ? `${ident(schema)}.${ident(name)}` : ident(name)),
    type: (t) => (dialect === 'duckdb' ? t : (TYPES[dialect][t] ?? t)),
    text: (value) => stringLiteral(dialect, value),
    aggregateWhere: (agg, expr, condition) => `${agg}(CASE WHEN ${condition} THEN ${agg === 'count' && expr === '*' ? '1' : expr} END)`,
    countDistinctWhere: (expr, condition) => `count(DISTINCT CASE WHEN ${condition} THEN ${expr} END)`,
    argMax: (value, key) =>
      dialect === 'postgres'
        ? `(array_agg(${value} ORDER BY ${key} DESC NULLS LAST))[1]`
        : dialect === 'duckdb'
          ? `arg_max(${value}, ${key})`
          : `max_by(${value}, ${key})`,
    bitAnd: (a, b) => (dialect === 'trino' ? `bitwise_and(${a}, ${b})` : `(${a} & ${b})`),
    txnRowColumns: () => '',
    activityMask: (ci) => bigint(`coalesce(sum(DISTINCT CASE WHEN ${ci} THEN ${bitOfBucket} END), 0)`),
    activeMonths12Aggregate: (ci) => `count(DISTINCT CASE WHEN ${ci} AND ts > ${before(12)} THEN ${bitOfBucket} END)`,
    activeMonths12: () => `coalesce(t.active_months_12m, 0)`,
  };
}
