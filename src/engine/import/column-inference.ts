import type { ColumnKind } from '../../shared/import-types';
import { quoteIdent } from '../sql/identifiers';
import type { DuckDBValue } from '@duckdb/node-api';
import type { ProgressSpan, Session } from '../workspace';
import { DATE_FORMS } from './column-kinds';
import { NULL_TOKENS, sqlPattern, type PatternName } from './value-patterns';

/**
 * Type inference over the WHOLE file in one streaming SQL pass: for every column that needs it,
 * how many values have each shape. A kind is chosen only when every value has its shape (one odd
 * value keeps the column text); codes with leading zeros, ID numbers, long digit strings and
 * mobiles stay text.
 *
 * Cheap first: each shape's regex runs only on values that pass a guard made of length, character
 * set and substring tests (DuckDB evaluates a CASE branch only for the rows that reach it), so a
 * column of names or codes costs a few string functions per value, not fourteen regexes. Columns
 * whose kind is already known (canonical, overridden, existing table) are not inferred; date
 * columns of a known kind only count their date forms.
 */
const COUNTED: PatternName[] = [
  'integer', 'leadingZero', 'idNumber', 'mobile', 'amount', 'ymdDash', 'ymdSlash', 'ymdChinese', 'ymdCompact', 'yymmdd', 'dmyDot',
  'excelSerial', 'timestamp', 'monthForm',
];
const DATE_PATTERNS: PatternName[] = ['ymdDash', 'ymdSlash', 'ymdChinese', 'ymdCompact', 'yymmdd', 'dmyDot', 'excelSerial', 'timestamp'];

export type ShapeCounts = Record<PatternName | 'n' | 'longDecimals' | 'maxIntLength', number>;

export interface InferredColumn {
  kind: ColumnKind;
  counts: ShapeCounts;
  /** Date forms present, most frequent first (drives date/timestamp/month conversion). */
  dateForms: PatternName[];
}

/** What to count for one source column: every shape, or only the date forms (kind already known). */
export interface ShapeRequest {
  index: number;
  scope: 'all' | 'dates';
}

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The spaces DuckDB's trim removes that bank exports carry: ASCII, no-break and ideographic (全角) spaces. */
const SPACES = [' ', '\u00a0', '\u3000'];

/** Equality with any token, as an OR of comparisons: DuckDB rewrites an IN list of more than a few
 * constants into a join, which costs more and stops the statement's progress reporting. */
export function isTokenSql(v: string, tokens: readonly string[]): string {
  return `(${tokens.map((t) => `${v} = ${lit(t)}`).join(' OR ')})`;
}

/**
 * The trimmed value, NULL for the tokens that mean missing. trim copies every value, so it runs
 * only on values that start or end with a space, and only once (written twice, DuckDB would
 * compute it for every row as a common subexpression). `tokensNulled`: the reader already turned
 * unpadded tokens into NULL (read_csv's nullstr), so only padded values are compared.
 */
export function cleanSql(column: string, tokensNulled = false): string {
  const tokenList = `[${NULL_TOKENS.map(lit).join(', ')}]`;
  const longest = Math.max(...NULL_TOKENS.map((t) => t.length));
  // The first character by its code point (ascii() decodes it once for the three tests), the last by suffix.
  const padded = [...SPACES.map((sp) => `ascii(${column}) = ${sp.codePointAt(0)}`), ...SPACES.map((sp) => `ends_with(${column}, '${sp}')`)].join(' OR ');
  const trimmed = `list_filter([trim(${column})], x -> NOT list_contains(${tokenList}, x))[1]`;
  if (tokensNulled) return `CASE WHEN ${padded} THEN ${trimmed} ELSE ${column} END`;
  return `CASE WHEN ${padded} THEN ${trimmed}
    WHEN length(${column}) <= ${longest} AND ${isTokenSql(column, NULL_TOKENS)} THEN NULL ELSE ${column} END`;
}

/**
 * Guards use only length, first character and substring tests: they cost a fraction of a regex
 * (a character-set test such as ltrim(v, chars) costs more than the regex it would spare).
 * l is length(v), a is ascii(v) (the first code point).
 */
const digitStart = (a: string) => `${a} BETWEEN 48 AND 57`;
/** Digit, sign, parenthesis or currency sign first: + - ( $ ¥ ￥. */
const numberStart = (a: string) => `(${digitStart(a)} OR ${[43, 45, 40, 36, 165, 65509].map((n) => `${a} = ${n}`).join(' OR ')})`;

/** A cheap necessary condition for each shape (see PATTERNS); the regex decides. */
function guard(p: PatternName, v: string, l: string, a: string): string {
  switch (p) {
    case 'integer':
      return `${l} <= 19 AND ${numberStart(a)}`;
    case 'leadingZero':
      return `${l} >= 2 AND starts_with(${v}, '0')`;
    case 'idNumber':
      return `(${l} = 15 OR ${l} = 18) AND ${digitStart(a)}`;
    case 'mobile':
      return `${l} = 11 AND starts_with(${v}, '1')`;
    case 'amount':
      return numberStart(a);
    case 'ymdDash':
      return `${l} BETWEEN 8 AND 10 AND ${digitStart(a)} AND contains(${v}, '-')`;
    case 'ymdSlash':
      return `${l} BETWEEN 8 AND 10 AND ${digitStart(a)} AND contains(${v}, '/')`;
    case 'ymdChinese':
      return `${digitStart(a)} AND contains(${v}, '年')`;
    case 'ymdCompact':
      return `${l} = 8 AND ${digitStart(a)}`;
    case 'yymmdd':
      return `${l} = 6 AND ${digitStart(a)}`;
    case 'dmyDot':
      return `${l} BETWEEN 8 AND 10 AND ${digitStart(a)} AND contains(${v}, '.')`;
    case 'excelSerial':
      return `${l} >= 4 AND ${digitStart(a)}`;
    case 'timestamp':
      return `${l} >= 13 AND ${digitStart(a)} AND contains(${v}, ':')`;
    case 'monthForm':
      return `${digitStart(a)} AND (${l} BETWEEN 6 AND 7 OR contains(${v}, '年'))`;
    default:
      return 'true';
  }
}

const shapeSql = (p: PatternName, v: string, l: string, a: string) =>
  `CASE WHEN ${guard(p, v, l, a)} THEN regexp_full_match(${v}, ${lit(sqlPattern(p))}) ELSE false END`;

/**
 * One pass over `relation` (columns c0…): the number of records, and the shape counts of each
 * requested column. `params` are the relation's bound parameters.
 */
export async function countShapes(
  session: Session,
  relation: string,
  params: Record<string, DuckDBValue>,
  requests: ShapeRequest[],
  span?: ProgressSpan,
  tokensNulled = false,
): Promise<{ rows: number; counts: Map<number, ShapeCounts> }> {
  const parts: string[] = ['count(*) AS "rows"'];
  const inner: string[] = [];
  const outerCols: string[] = [];
  for (const { index: i, scope } of requests) {
    inner.push(`${cleanSql(quoteIdent(`c${i}`), tokensNulled)} AS v${i}`);
    outerCols.push(`v${i}`, `length(v${i}) AS l${i}`, `ascii(v${i}) AS a${i}`);
    const v = `v${i}`;
    const l = `l${i}`;
    const a = `a${i}`;
    parts.push(`count(${v}) AS "n_${i}"`);
    if (scope === 'all') {
      outerCols.push(`${shapeSql('integer', v, l, a)} AS int${i}`);
      for (const p of COUNTED) parts.push(`count_if(${p === 'integer' ? `int${i}` : shapeSql(p, v, l, a)}) AS "${p}_${i}"`);
      parts.push(`count_if(CASE WHEN contains(${v}, '.') THEN regexp_matches(${v}, '\\.\\d{3,}\\)?-?$') ELSE false END) AS "longDecimals_${i}"`);
      parts.push(`coalesce(max(${l}) FILTER (WHERE int${i}), 0) AS "maxIntLength_${i}"`);
    } else {
      for (const p of DATE_PATTERNS) parts.push(`count_if(${shapeSql(p, v, l, a)}) AS "${p}_${i}"`);
    }
  }
  const sql = `SELECT ${parts.join(', ')} FROM (SELECT ${outerCols.join(', ') || '1 AS one'} FROM (SELECT ${inner.join(', ') || '1 AS one'} FROM ${relation}))`;
  const reader = await session.read(sql, Object.keys(params).length ? params : undefined, span);
  const row = (reader.getRowObjectsJS()[0] ?? {}) as Record<string, bigint | number>;
  const counts = new Map<number, ShapeCounts>();
  for (const { index: i } of requests) {
    const c = {} as ShapeCounts;
    for (const key of ['n', 'longDecimals', 'maxIntLength', ...COUNTED] as const) c[key] = Number(row[`${key}_${i}`] ?? 0);
    counts.set(i, c);
  }
  return { rows: Number(row.rows ?? 0), counts };
}

export function dateFormsOf(counts: ShapeCounts): PatternName[] {
  return DATE_FORMS.map((f) => f.pattern)
    .filter((p) => counts[p] > 0)
    .sort((a, b) => counts[b] - counts[a]);
}

const DATE_HEADER = /(日期|时间|時間|年月日|date|time|_dt$|^dt_|rq$|sj$)/i;

export function hasDateHint(header: string): boolean {
  return DATE_HEADER.test(header);
}

export function decideKind(counts: ShapeCounts, dateHint: boolean): InferredColumn {
  const n = counts.n;
  const dateForms = dateFormsOf(counts);
  const result = (kind: ColumnKind, forms: PatternName[] = dateForms): InferredColumn => ({ kind, counts, dateForms: forms });
  if (n === 0 || counts.leadingZero > 0) return result('text');
  if (counts.integer === n) {
    if (counts.maxIntLength >= 16 || counts.idNumber === n || counts.mobile === n) return result('text');
    if (dateHint && counts.ymdCompact === n) return result('date', ['ymdCompact']);
    if (dateHint && counts.yymmdd === n) return result('date', ['yymmdd']);
    return result('integer');
  }
  if (counts.idNumber > 0) return result('text');
  const dated = counts.ymdDash + counts.ymdSlash + counts.ymdChinese + counts.dmyDot;
  if (counts.timestamp > 0 && counts.timestamp + dated === n) return result('timestamp');
  if (dated === n) return result('date');
  if (counts.amount === n) return result(counts.longDecimals === 0 ? 'decimal' : 'double');
  return result('text');
}
