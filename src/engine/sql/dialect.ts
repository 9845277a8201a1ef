import type { RuleValue } from '../../shared/rule-language';
import type { SqlDialect } from '../../shared/segment-types';

/**
 * Where generated SQL goes, as one object per target: the engine's DuckDB (engine-dialect.ts:
 * user values bound as parameters, the as-of date the parameter $as_of, DuckDB's fastest forms) or
 * a bank's warehouse — DuckDB, PostgreSQL, Spark SQL, Trino (warehouse-dialect.ts: values as
 * literals escaped by literals.ts, the as-of date known, so every window boundary is a literal,
 * and only constructs all four share). Segments, the profile and the rules write their SQL once,
 * through this; only these primitives differ between targets.
 *
 * Two kinds of value go in: a user's value (`value`, `text`, `number`, `integer`, `bigint`,
 * `date`, `timestamp`, `monthsBeforeValue`, `addDays`) is bound in the engine; a constant of the
 * code (`constantText`, the month counts of `monthsBefore` / `monthStart`) is a literal everywhere —
 * an IN-list of bound values is planned by DuckDB as a join, which the profile's lists must avoid.
 */
export interface Dialect {
  readonly dialect: SqlDialect;
  /** The values bound so far (empty for a warehouse: it gets literals). */
  readonly params: Record<string, string | number | boolean>;

  // --- names ---------------------------------------------------------------------------------
  ident(name: string): string;
  /** A canonical table (or customer_profile), qualified with the warehouse schema when exporting. */
  table(name: string): string;
  /** A DuckDB type name as this dialect writes it. */
  type(duckType: string): string;

  // --- a user's values -----------------------------------------------------------------------
  /** A user value compared with a column of this DuckDB type (typed as rule language v1 does). */
  value(value: RuleValue, columnType: string): string;
  text(value: string): string;
  /** A DOUBLE. */
  number(value: number): string;
  /** An INTEGER (truncated when written as a literal). */
  integer(value: number): string;
  /** A BIGINT (truncated when written as a literal). */
  bigint(value: number): string;
  date(iso: string): string;
  timestamp(iso: string): string;
  /** timestamp + n days, n a user's value. */
  addDays(timestamp: string, days: number): string;
  /** as_of − n months (a timestamp at midnight), n a user's value (a rule's window). */
  monthsBeforeValue(n: number): string;

  // --- a constant of the code ----------------------------------------------------------------
  constantText(value: string): string;

  // --- functions -----------------------------------------------------------------------------
  castText(expr: string): string;
  contains(text: string, needle: string): string;
  startsWith(text: string, prefix: string): string;
  /** TRUE only where the condition holds (unknown counts as false). */
  isTrue(condition: string): string;
  bitAnd(a: string, b: string): string;
  /** agg(expr) over the rows where `condition` holds. */
  aggregateWhere(agg: 'count' | 'sum' | 'min' | 'max' | 'avg', expr: string, condition: string): string;
  countDistinctWhere(expr: string, condition: string): string;
  /** The value of `value` on the row with the greatest `key` (ties: any of them). */
  argMax(value: string, key: string): string;

  // --- the as-of date --------------------------------------------------------------------------
  /** The as-of date (a DATE). */
  readonly asOf: string;
  /** The first instant after the as-of day: timestamps before it belong to the as-of date or earlier. */
  readonly asOfEnd: string;
  /** as_of − n months, as a timestamp at midnight (n a constant of the code). */
  monthsBefore(n: number): string;
  /** The first day of the month n months before the as-of month. */
  monthStart(n: number): string;
  /** Whole months from a DATE to the as-of date, as DuckDB's date_sub('month', …) counts them. */
  monthsSince(date: string): string;
  /** Whole days from a DATE to the as-of date. */
  daysSince(date: string): string;

  // --- the profile's activity mask (bit k: a customer-initiated transaction in month-long window k)
  /** Columns the transaction step's inner SELECT adds (after `ci`), each with a leading comma. */
  txnRowColumns(): string;
  /** The mask over `months` windows, as the transaction step's aggregate. */
  activityMask(ci: string, months: number): string;
  /** The transaction step's aggregate for active_months_12m, or null when the assembly derives it from the mask. */
  activeMonths12Aggregate(ci: string, months: number): string | null;
  /** active_months_12m in the assembly, from the transaction step aliased `t`. */
  activeMonths12(): string;
}
