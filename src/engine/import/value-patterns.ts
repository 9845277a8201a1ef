import { sqlStringLiteral as lit } from '../sql/literals';
/**
 * The value shapes import recognises, written once for both JavaScript (sample-based suggestions)
 * and DuckDB's RE2 (whole-file inference and conversion): no look-arounds, no back-references.
 * Values are trimmed before matching.
 */
export const PATTERNS = {
  /** Integers without leading zeros (a leading zero means a code: it stays text). */
  integer: String.raw`[-+]?(?:0|[1-9]\d{0,17})`,
  /** Digits-only code with a leading zero: customer numbers, branch codes. */
  leadingZero: String.raw`0\d+`,
  /** Mainland resident ID number: 17 digits and a digit or X (15-digit old form too). */
  idNumber: String.raw`\d{17}[\dXx]|\d{15}`,
  mobile: String.raw`1[3-9]\d{9}`,
  /** 1,234.50 · ¥1,234.50 · (1,234.50) · 1234.50- · -1234.5 · +12 */
  amount: String.raw`\(?[-+]?[¥￥$]?\s*[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\)?-?`,
  plainDecimal: String.raw`[-+]?\d+\.\d+`,
  /** E-notation, as statistics and some core systems write small and large numbers: 9.9979e-05, 1E+10. */
  scientific: String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)[eE][-+]?\d{1,3}`,
  ymdDash: String.raw`\d{4}-\d{1,2}-\d{1,2}`,
  ymdSlash: String.raw`\d{4}/\d{1,2}/\d{1,2}`,
  ymdChinese: String.raw`\d{4}年\d{1,2}月\d{1,2}日`,
  ymdCompact: String.raw`(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])`,
  yymmdd: String.raw`\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])`,
  dmyDot: String.raw`\d{1,2}\.\d{1,2}\.\d{4}`,
  excelSerial: String.raw`[1-9]\d{3,4}(?:\.\d+)?`,
  timestamp: String.raw`\d{4}[-/]\d{1,2}[-/]\d{1,2}[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?`,
  monthForm: String.raw`\d{4}[-/]?(?:0[1-9]|1[0-2])|\d{4}年\d{1,2}月`,
  direction: String.raw`借|贷|借方|贷方|D|C|DR|CR|Dr|Cr|d|c|dr|cr|debit|credit|DEBIT|CREDIT|Debit|Credit|1|2|收|支|入|出`,
  boolean: String.raw`(?i:yes|no|y|n|true|false|t|f)|1|0|是|否`,
} as const;

export type PatternName = keyof typeof PATTERNS;

const compiled = new Map<PatternName, RegExp>();

/** Whole-value match in JavaScript (the `(?i:…)` group is RE2-only; JS gets the i flag instead). */
export function matches(name: PatternName, value: string): boolean {
  let re = compiled.get(name);
  if (!re) {
    const source = PATTERNS[name].replace('(?i:', '(?:');
    re = new RegExp(`^(?:${source})$`, name === 'boolean' ? 'i' : '');
    compiled.set(name, re);
  }
  return re.test(value);
}

/** Whole-value RE2 pattern for regexp_full_match. */
export function sqlPattern(name: PatternName): string {
  return PATTERNS[name];
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
    case 'scientific':
      return `${l} >= 3 AND (${digitStart(a)} OR ${a} = 45 OR ${a} = 43 OR ${a} = 46) AND (contains(${v}, 'e') OR contains(${v}, 'E'))`;
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

/**
 * Whether the non-null VARCHAR expression v has the shape, never NULL: the regex runs only on
 * values that pass the guard (DuckDB evaluates a CASE branch only for the rows that reach it).
 * `l` and `a` may name precomputed length(v) and ascii(v).
 */
export function shapeSql(p: PatternName, v: string, l = `length(${v})`, a = `ascii(${v})`): string {
  return `CASE WHEN ${guard(p, v, l, a)} THEN regexp_full_match(${v}, ${lit(sqlPattern(p))}) ELSE false END`;
}

/** Direction codes: 借/D/DR/1/支/出 → debit; 贷/C/CR/2/收/入 → credit (1-借 2-贷 as in core-banking extracts). */
export const DEBIT_CODES = ['借', '借方', 'D', 'DR', 'DEBIT', '1', '支', '出'];
export const CREDIT_CODES = ['贷', '贷方', 'C', 'CR', 'CREDIT', '2', '收', '入'];

/** Values read as missing. */
export const NULL_TOKENS = ['', 'NULL', 'null', 'Null', '\\N', 'N/A', 'n/a', 'NA', '#N/A'];
