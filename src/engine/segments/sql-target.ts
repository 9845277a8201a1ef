import { AppError } from '../../shared/errors';
import type { RuleValue } from '../../shared/rule-language';
import type { SqlDialect } from '../../shared/segment-types';
import { ParamBag } from '../sql/param-bag';
import { quoteIdent, quoteIdentFor } from '../sql/identifiers';
import { dateLiteral, numberLiteral, stringLiteral, timestampLiteral } from './sql-literals';

/**
 * Where a compiled segment goes. The compiler writes the same SQL shape for both; only values,
 * identifiers and a few functions differ:
 * - the engine (DuckDB, values as bound parameters — nothing the user typed is ever SQL text);
 * - an exported dialect (values as literals escaped by sql-literals.ts, for the bank's warehouse).
 */
export interface SqlTarget {
  readonly dialect: SqlDialect;
  ident(name: string): string;
  /** A canonical table (or customer_profile), qualified with the warehouse schema when exporting. */
  table(name: string): string;
  /** A user value compared with a column of this DuckDB type (typed as rule language v1 does). */
  value(value: RuleValue, columnType: string): string;
  text(value: string): string;
  number(value: number): string;
  integer(value: number): string;
  date(iso: string): string;
  timestamp(iso: string): string;
  castText(expr: string): string;
  contains(text: string, needle: string): string;
  startsWith(text: string, prefix: string): string;
  addDays(timestamp: string, days: number): string;
  /** TRUE only where the condition holds (unknown counts as false). */
  isTrue(condition: string): string;
  readonly params: Record<string, string | number | boolean>;
}

export type TypeFamily = 'text' | 'number' | 'boolean' | 'date' | 'timestamp' | 'other';

/** A DuckDB type name's family (what literal it compares with). */
export function typeFamily(type: string): TypeFamily {
  if (type === 'VARCHAR' || type.startsWith('VARCHAR(')) return 'text';
  if (type === 'BOOLEAN') return 'boolean';
  if (type === 'DATE') return 'date';
  if (type.startsWith('TIMESTAMP')) return 'timestamp';
  if (/^(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|DECIMAL(\(\d+,\s*\d+\))?)$/.test(type)) return 'number';
  return 'other';
}

/** A type name from DuckDB's own catalog; checked anyway, since it goes into a CAST. */
const SAFE_TYPE = /^[A-Z][A-Z0-9_ ]*(\(\d+(,\s*\d+)?\))?$/;

/** The engine's target; `bag` lets a caller collect this compile's parameters with its own. */
export function engineTarget(bag: ParamBag = new ParamBag('p')): SqlTarget {
  const cast = (value: RuleValue, type: string) => `CAST(${bag.bind(value)} AS ${type})`;
  return {
    dialect: 'duckdb',
    params: bag.values,
    ident: quoteIdent,
    table: quoteIdent,
    value(value, type) {
      if (!SAFE_TYPE.test(type)) throw new AppError('INVALID_ARGUMENT', `a column of type ${type} cannot be compared`, { type }, 'error.RULE_FIELD_TYPE');
      // As v1: a boolean compared with a column that is neither text nor boolean is compared as its text.
      const family = typeFamily(type);
      return cast(typeof value === 'boolean' && family !== 'text' && family !== 'boolean' ? String(value) : value, type);
    },
    text: (value) => cast(value, 'VARCHAR'),
    number: (value) => cast(value, 'DOUBLE'),
    integer: (value) => cast(value, 'BIGINT'),
    date: (iso) => cast(iso, 'DATE'),
    timestamp: (iso) => cast(iso, 'TIMESTAMP'),
    castText: (expr) => `CAST(${expr} AS VARCHAR)`,
    contains: (text, needle) => `contains(${text}, ${needle})`,
    startsWith: (text, prefix) => `starts_with(${text}, ${prefix})`,
    // DuckDB evaluates `x IS TRUE` about a third faster than `coalesce(x, FALSE)` on 5 M rows.
    isTrue: (condition) => `((${condition}) IS TRUE)`,
    addDays: (ts, days) => `(${ts} + to_days(CAST(${bag.bind(days)} AS INTEGER)))`,
  };
}

function literalValue(dialect: SqlDialect, value: RuleValue, type: string): string {
  const family = typeFamily(type);
  const bad = () =>
    new AppError('INVALID_ARGUMENT', `the value ${JSON.stringify(value)} does not fit a ${type} column`, { value: String(value), type }, 'error.SEGMENT_VALUE_TYPE');
  switch (family) {
    case 'text':
      return stringLiteral(dialect, String(value));
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

/** Exported SQL: literals escaped for the dialect; canonical tables optionally in a schema. */
export function literalTarget(dialect: SqlDialect, schema?: string): SqlTarget {
  const ident = (name: string) => quoteIdentFor(dialect, name);
  const textType = dialect === 'postgres' ? 'TEXT' : dialect === 'spark' ? 'STRING' : 'VARCHAR';
  return {
    dialect,
    params: {},
    ident,
    table: (name) => (schema ? `${ident(schema)}.${ident(name)}` : ident(name)),
    value: (value, type) => literalValue(dialect, value, type),
    text: (value) => stringLiteral(dialect, value),
    number: numberLiteral,
    integer: (value) => numberLiteral(Math.trunc(value)),
    date: dateLiteral,
    timestamp: timestampLiteral,
    castText: (expr) => `CAST(${expr} AS ${textType})`,
    contains: (text, needle) => (dialect === 'duckdb' ? `contains(${text}, ${needle})` : dialect === 'spark' ? `(instr(${text}, ${needle}) > 0)` : `(strpos(${text}, ${needle}) > 0)`),
    startsWith: (text, prefix) =>
      dialect === 'spark' ? `(left(${text}, length(${prefix})) = ${prefix})` : `starts_with(${text}, ${prefix})`,
    addDays: (ts, days) => `(${ts} + INTERVAL '${Math.trunc(days)}' DAY)`,
    // coalesce is understood by every warehouse dialect (IS TRUE is not).
    isTrue: (condition) => `coalesce(${condition}, FALSE)`,
  };
}
