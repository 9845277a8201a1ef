import type { ColumnKind } from '../../shared/import-types';
import { quoteIdent } from '../sql/identifiers';
import { sqlStringLiteral as lit } from '../sql/literals';
import type { DuckDBValue } from '@duckdb/node-api';
import type { ProgressSpan, Session } from '../workspace';
import { NULL_TOKENS, shapeSql, type PatternName } from './value-patterns';

/**
 * Type inference over the WHOLE file. A kind is chosen only when every value has its shape (one odd
 * value keeps the column text); codes with leading zeros, ID numbers, long digit strings and
 * mobiles stay text.
 *
 * The file is not read twice for it: the shapes are counted on a sample (its first rows), which
 * gives each column either its kind for certain (a text column shows a value no other kind allows,
 * and the sample cannot hide it) or a candidate kind with a test that every value of the file must
 * pass for the whole file to give that kind too (`fitSql`). The load runs that test on every value
 * as it converts them; only when a value fails it are the shapes counted over the whole file
 * (`countShapes`) and the file loaded again.
 *
 * Cheap first: each shape's regex runs only on values that pass a guard made of length, character
 * set and substring tests (value-patterns' shapeSql), so a column of names or codes costs a few
 * string functions per value, not fourteen regexes. Columns whose kind is already known
 * (canonical, overridden, existing table) are not inferred.
 */
const COUNTED: PatternName[] = [
  'integer', 'leadingZero', 'idNumber', 'mobile', 'amount', 'ymdDash', 'ymdSlash', 'ymdChinese', 'ymdCompact', 'yymmdd', 'dmyDot',
  'excelSerial', 'timestamp', 'monthForm', 'scientific',
];

export type ShapeCounts = Record<PatternName | 'n' | 'longDecimals' | 'maxIntLength', number>;

export interface InferredColumn {
  kind: ColumnKind;
  counts: ShapeCounts;
}


/** The spaces DuckDB's trim removes that bank exports pad values with: ASCII, no-break and ideographic (全角) spaces. */
// U+FEFF: a byte-order mark left in the middle of a file (files joined end to end) is no part of a value.
export const PADDING: readonly string[] = [' ', '\u00a0', '\u3000', '\ufeff'];

/** Equality with any token, as an OR of comparisons: DuckDB rewrites an IN list of more than a few
 * constants into a join, which costs more and stops the statement's progress reporting. */
export function isTokenSql(v: string, tokens: readonly string[]): string {
  return `(${tokens.map((t) => `${v} = ${lit(t)}`).join(' OR ')})`;
}

/** The padding characters and missing-value tokens ('' always) a file contains: no value can be padded with, or be, one it does not. */
export interface Present {
  pads: readonly string[];
  nullTokens: readonly string[];
}

/** For a file nothing is known about. */
export const ALL_PRESENT: Present = { pads: PADDING, nullTokens: NULL_TOKENS };

/** What a column's values need before their shapes are read: see cleanSql. */
export interface Cleaning extends Present {
  tokensNulled: boolean;
}

export const FULL_CLEANING: Cleaning = { tokensNulled: false, ...ALL_PRESENT };

/**
 * The trimmed value, NULL for the tokens that mean missing. trim copies every value, so it runs
 * only on values that start or end with a space, and only once (written twice, DuckDB would
 * compute it for every row as a common subexpression). `tokensNulled`: the reader already turned
 * unpadded tokens into NULL (read_csv's nullstr), so only padded values are compared. Only the
 * padding characters and tokens the file contains are tested for (the byte pass that hashes it
 * says which): on a file with neither, the column is read as it is.
 */
export function cleanSql(column: string, { tokensNulled, pads, nullTokens }: Cleaning = FULL_CLEANING): string {
  const tokenList = `[${nullTokens.map(lit).join(', ')}]`;
  const longest = Math.max(...nullTokens.map((t) => t.length));
  const isToken = `length(${column}) <= ${longest} AND ${isTokenSql(column, nullTokens)}`;
  const used = PADDING.filter((pad) => pads.includes(pad));
  if (used.length === 0) return tokensNulled ? column : `CASE WHEN ${isToken} THEN NULL ELSE ${column} END`;
  // The first character by a byte-range comparison (DuckDB compares a string's inlined prefix
  // first, far cheaper than decoding it with ascii()); the last by suffix. Byte order, as VARCHAR compares.
  const nextCharacter = (pad: string) => String.fromCodePoint(pad.codePointAt(0)! + 1);
  const padded = [
    ...used.map((pad) => `(${column} >= ${lit(pad)} AND ${column} < ${lit(nextCharacter(pad))})`),
    ...used.map((pad) => `ends_with(${column}, ${lit(pad)})`),
  ].join(' OR ');
  // trim() removes white space, not a BOM (a format character): a value that has one loses it first.
  const unmarked = used.includes('\ufeff') ? `replace(${column}, '\ufeff', '')` : column;
  const trimmed = `list_filter([trim(${unmarked})], x -> NOT list_contains(${tokenList}, x))[1]`;
  if (tokensNulled) return `CASE WHEN ${padded} THEN ${trimmed} ELSE ${column} END`;
  return `CASE WHEN ${padded} THEN ${trimmed}
    WHEN ${isToken} THEN NULL ELSE ${column} END`;
}

/** A value with a decimal part of three digits or more (an amount column of them is DOUBLE, not DECIMAL). */
const longDecimalSql = (v: string) => `CASE WHEN contains(${v}, '.') THEN regexp_matches(${v}, '\\.\\d{3,}\\)?-?$') ELSE false END`;

/**
 * One pass over `relation` (columns c0…): the number of records, and the shape counts of each
 * listed column. `params` are the relation's bound parameters.
 */
export async function countShapes(
  session: Session,
  relation: string,
  params: Record<string, DuckDBValue>,
  columns: number[],
  span?: ProgressSpan,
  cleaning: Cleaning = FULL_CLEANING,
): Promise<{ rows: number; counts: Map<number, ShapeCounts> }> {
  const parts: string[] = ['count(*) AS "rows"'];
  const inner: string[] = [];
  const outerCols: string[] = [];
  for (const i of columns) {
    inner.push(`${cleanSql(quoteIdent(`c${i}`), cleaning)} AS v${i}`);
    outerCols.push(`v${i}`, `length(v${i}) AS l${i}`, `ascii(v${i}) AS a${i}`);
    const v = `v${i}`;
    const l = `l${i}`;
    const a = `a${i}`;
    parts.push(`count(${v}) AS "n_${i}"`);
    outerCols.push(`${shapeSql('integer', v, l, a)} AS int${i}`);
    for (const p of COUNTED) parts.push(`count_if(${p === 'integer' ? `int${i}` : shapeSql(p, v, l, a)}) AS "${p}_${i}"`);
    parts.push(`count_if(${longDecimalSql(v)}) AS "longDecimals_${i}"`);
    parts.push(`coalesce(max(${l}) FILTER (WHERE int${i}), 0) AS "maxIntLength_${i}"`);
  }
  const sql = `SELECT ${parts.join(', ')} FROM (SELECT ${outerCols.join(', ') || '1 AS one'} FROM (SELECT ${inner.join(', ') || '1 AS one'} FROM ${relation}))`;
  const reader = await session.read(sql, Object.keys(params).length ? params : undefined, span);
  const row = (reader.getRowObjectsJS()[0] ?? {}) as Record<string, bigint | number>;
  const counts = new Map<number, ShapeCounts>();
  for (const i of columns) {
    const c = {} as ShapeCounts;
    for (const key of ['n', 'longDecimals', 'maxIntLength', ...COUNTED] as const) c[key] = Number(row[`${key}_${i}`] ?? 0);
    counts.set(i, c);
  }
  return { rows: Number(row.rows ?? 0), counts };
}

const DATE_HEADER = /(日期|时间|時間|年月日|date|time|_dt$|^dt_|rq$|sj$)/i;

export function hasDateHint(header: string): boolean {
  return DATE_HEADER.test(header);
}

/**
 * The kind of a column from its shape counts. `threshold`: the share of values that must have a
 * kind's shape for the column to take it (1: every value). Below 1, one `待补录` in an amount
 * column or one `?` in a score column keeps the column numeric, and the few values that are not
 * become invalid values (rejected rows, or NULL — the import's choice) named in the summary; codes
 * (leading zeros, ID numbers, mobiles) stay text whatever the threshold. E-notation is a number.
 */
export function decideKind(counts: ShapeCounts, dateHint: boolean, threshold = 1): InferredColumn {
  const n = counts.n;
  const result = (kind: ColumnKind): InferredColumn => ({ kind, counts });
  const most = (k: number) => k === n || (threshold < 1 && k >= Math.ceil(threshold * n));
  if (n === 0 || counts.leadingZero > 0) return result('text');
  if (counts.integer === n) {
    if (counts.maxIntLength >= 16 || counts.idNumber === n || counts.mobile === n) return result('text');
    if (dateHint && counts.ymdCompact === n) return result('date');
    if (dateHint && counts.yymmdd === n) return result('date');
    return result('integer');
  }
  if (counts.idNumber > 0) return result('text');
  const dated = counts.ymdDash + counts.ymdSlash + counts.ymdChinese + counts.dmyDot;
  if (counts.timestamp > 0 && counts.timestamp + dated === n) return result('timestamp');
  if (dated === n) return result('date');
  const numbers = counts.amount + counts.scientific;
  if (numbers === n) return result(counts.longDecimals === 0 && counts.scientific === 0 ? 'decimal' : 'double');
  // Below here some values have no shape of the kind: only the threshold can keep the kind.
  const codes = counts.mobile > 0 || counts.maxIntLength >= 16;
  if (!codes && counts.integer === numbers && most(counts.integer)) return result('integer');
  if (!codes && most(numbers)) return result(counts.longDecimals === 0 && counts.scientific === 0 ? 'decimal' : 'double');
  if (counts.timestamp > 0 && most(counts.timestamp + dated)) return result('timestamp');
  if (dated > 0 && most(dated)) return result('date');
  if (dateHint && most(counts.ymdCompact)) return result('date');
  return result('text');
}

/**
 * The test a value must pass for a sample's decision to hold over the whole file. Each is chosen so
 * that when every value of the file passes it, decideKind over the file's counts gives the sample's
 * kind (the sample's own values are in the file, so what they showed stays true):
 * - `integer`: an integer of under 16 characters (the sample has a value that is not an ID number,
 *   not a mobile and, under a date header, not a date: so has the file);
 * - `ymdCompact` / `yymmdd`: that date form (yymmdd without a leading zero, which would make a code);
 * - `timestamp` / `date`: a timestamp or a date form / a date form;
 * - `decimal` / `double`: an amount that is not an ID number nor a leading-zero code (and, for
 *   decimal, without a long decimal part: the sample has one for double);
 * - `text…`: a text witness (`witnessSql`), or, where the sample is text because all its integers are
 *   long / ID numbers / mobiles, an integer that keeps that true.
 */
export type Fit = 'integer' | 'ymdCompact' | 'yymmdd' | 'timestamp' | 'date' | 'decimal' | 'double' | 'textWitness' | 'textLongInteger' | 'textIdNumber' | 'textMobile';

/** What a sample says about a column: its kind, and the test every value must pass (null: the kind is certain). */
export interface SampleVerdict {
  inferred: InferredColumn;
  fit: Fit | null;
}

/**
 * The kind from a sample's counts. `wholeFile`: the sample is every record of the file, so its
 * decision is the file's.
 */
export function judgeSample(counts: ShapeCounts, dateHint: boolean, wholeFile: boolean, threshold = 1): SampleVerdict {
  const inferred = decideKind(counts, dateHint, threshold);
  if (wholeFile) return { inferred, fit: null };
  const n = counts.n;
  const verdict = (fit: Fit | null): SampleVerdict => ({ inferred, fit });
  if (n === 0) return verdict('textWitness');
  if (counts.leadingZero > 0) return verdict(null);
  if (counts.integer === n) {
    if (counts.maxIntLength >= 16) return verdict('textLongInteger');
    if (counts.idNumber === n) return verdict('textIdNumber');
    if (counts.mobile === n) return verdict('textMobile');
    if (dateHint && counts.ymdCompact === n) return verdict('ymdCompact');
    if (dateHint && counts.yymmdd === n) return verdict('yymmdd');
    return verdict('integer');
  }
  // Not every sample value is an integer, so neither is every file value: from here on, the sample
  // failing a for-all test means the file fails it too, and a text decision is certain. (With a
  // threshold below 1, a sample whose share of odd values is above it decides text although the
  // whole file's share might be below: the first SAMPLE_ROWS records decide, conservatively.)
  switch (inferred.kind) {
    case 'integer':
      // Only a threshold gives integer here (some sample values are not integers): the file's share decides.
      return verdict('integer');
    case 'timestamp':
      return verdict('timestamp');
    case 'date':
      return verdict('date');
    case 'decimal':
      return verdict('decimal');
    case 'double':
      return verdict('double');
    default:
      return verdict(null);
  }
}

/**
 * A value that makes any column holding it text: a leading-zero code, an 18-character ID number
 * (ending in X, or 18 digits: too long for an integer column), or a value of no shape a typed
 * kind takes (neither an amount nor a date form nor a timestamp).
 */
function witnessSql(v: string): string {
  const typed = (['amount', 'scientific', 'ymdDash', 'ymdSlash', 'ymdChinese', 'dmyDot', 'timestamp'] as const).map((p) => shapeSql(p, v)).join(' OR ');
  return `(${shapeSql('leadingZero', v)} OR (length(${v}) = 18 AND ${shapeSql('idNumber', v)}) OR NOT (${typed}))`;
}

const datedSql = (v: string) => (['ymdDash', 'ymdSlash', 'ymdChinese', 'dmyDot'] as const).map((p) => shapeSql(p, v)).join(' OR ');

/** The test as SQL on the trimmed, non-null VARCHAR expression v: true when the value passes. */
export function fitSql(fit: Fit, v: string): string {
  const integer = shapeSql('integer', v);
  const notCode = `NOT (${shapeSql('idNumber', v)}) AND NOT (${shapeSql('leadingZero', v)})`;
  switch (fit) {
    case 'integer':
      return `(length(${v}) < 16 AND ${integer})`;
    case 'ymdCompact':
      return `(${shapeSql('ymdCompact', v)})`;
    case 'yymmdd':
      return `(${shapeSql('yymmdd', v)} AND NOT starts_with(${v}, '0'))`;
    case 'timestamp':
      return `(${shapeSql('timestamp', v)} OR ${datedSql(v)})`;
    case 'date':
      return `(${datedSql(v)})`;
    case 'decimal':
      return `(${shapeSql('amount', v)} AND ${notCode} AND NOT (${longDecimalSql(v)}))`;
    case 'double':
      return `((${shapeSql('amount', v)} OR ${shapeSql('scientific', v)}) AND ${notCode})`;
    case 'textWitness':
      return witnessSql(v);
    case 'textLongInteger':
      return `(${integer} OR ${witnessSql(v)})`;
    case 'textIdNumber':
      return `((${integer} AND (length(${v}) >= 16 OR ${shapeSql('idNumber', v)})) OR ${witnessSql(v)})`;
    case 'textMobile':
      return `((${integer} AND (length(${v}) >= 16 OR ${shapeSql('mobile', v)})) OR ${witnessSql(v)})`;
  }
}
