import { AppError } from '../../shared/errors';
import type { RuleValue } from '../../shared/rule-language';
import type { Dialect } from './dialect';
import { quoteIdent } from './identifiers';
import { sqlStringLiteral } from './literals';
import { ParamBag } from './param-bag';
import { typeFamily } from './type-family';

/** A type name from DuckDB's own catalog; checked anyway, since it goes into a CAST. */
const SAFE_TYPE = /^[A-Z][A-Z0-9_ ]*(\(\d+(,\s*\d+)?\))?$/;

/** The as-of date, bound by the caller as the named parameter $as_of (the profile, the rules). */
const AS_OF = 'CAST($as_of AS DATE)';
const monthIndex = (d: string) => `(year(${d}) * 12 + month(${d}))`;

/**
 * The engine's DuckDB: every user value is a bound parameter collected in `bag` (so a caller can
 * bind this compile's values with its own), the as-of date is $as_of, and aggregates use DuckDB's
 * fastest forms (FILTER, a bit_or activity mask), measured on 5 M customers.
 */
export function engineDialect(bag: ParamBag = new ParamBag('p')): Dialect {
  const cast = (value: RuleValue, type: string) => `CAST(${bag.bind(value)} AS ${type})`;
  const integer = (value: number) => cast(value, 'INTEGER');
  // Months from ts back to the as-of month; bucket k: as_of − (k+1) months < ts ≤ as_of − k months.
  const m = `(${monthIndex(AS_OF)} - ${monthIndex('ts')})`;
  return {
    dialect: 'duckdb',
    params: bag.values,
    ident: quoteIdent,
    table: quoteIdent,
    type: (t) => t,

    value(value, type) {
      if (!SAFE_TYPE.test(type)) throw new AppError('INVALID_ARGUMENT', `a column of type ${type} cannot be compared`, { type }, 'error.RULE_FIELD_TYPE');
      // As v1: a boolean compared with a column that is neither text nor boolean is compared as its text.
      const family = typeFamily(type);
      return cast(typeof value === 'boolean' && family !== 'text' && family !== 'boolean' ? String(value) : value, type);
    },
    text: (value) => cast(value, 'VARCHAR'),
    number: (value) => cast(value, 'DOUBLE'),
    integer,
    bigint: (value) => cast(value, 'BIGINT'),
    date: (iso) => cast(iso, 'DATE'),
    timestamp: (iso) => cast(iso, 'TIMESTAMP'),
    addDays: (ts, days) => `(${ts} + to_days(${integer(days)}))`,
    monthsBeforeValue: (n) => `(${AS_OF} - to_months(${integer(n)}))`,

    constantText: sqlStringLiteral,

    castText: (expr) => `CAST(${expr} AS VARCHAR)`,
    contains: (text, needle) => `contains(${text}, ${needle})`,
    startsWith: (text, prefix) => `starts_with(${text}, ${prefix})`,
    // DuckDB evaluates `x IS TRUE` about a third faster than `coalesce(x, FALSE)` on 5 M rows.
    isTrue: (condition) => `((${condition}) IS TRUE)`,
    bitAnd: (a, b) => `(${a} & ${b})`,
    aggregateWhere: (agg, expr, condition) => `${agg}(${expr}) FILTER (WHERE ${condition})`,
    countDistinctWhere: (expr, condition) => `count(DISTINCT ${expr}) FILTER (WHERE ${condition})`,
    argMax: (value, key) => `arg_max(${value}, ${key})`,

    asOf: AS_OF,
    asOfEnd: `(${AS_OF} + INTERVAL 1 DAY)`,
    monthsBefore: (n) => `(${AS_OF} - to_months(${n}))`,
    monthStart: (n) => (n === 0 ? `date_trunc('month', ${AS_OF})` : `date_trunc('month', ${AS_OF}) - INTERVAL ${n} MONTH`),
    monthsSince: (date) => `date_sub('month', ${date}, ${AS_OF})`,
    daysSince: (date) => `date_diff('day', ${date}, ${AS_OF})`,

    // The as-of day itself is in bucket 0.
    txnRowColumns: () => `,\n    greatest(0, ${m} - CASE WHEN ts > ${AS_OF} - to_months(CAST(${m} AS INTEGER)) THEN 1 ELSE 0 END) AS bucket`,
    activityMask: (ci, months) => `coalesce(bit_or(CAST(1 AS BIGINT) << bucket) FILTER (WHERE ${ci} AND bucket < ${months}), 0)`,
    activeMonths12Aggregate: () => null,
    activeMonths12: () => `bit_count(coalesce(t.activity_month_mask, 0) & 4095)`,
  };
}
