import type { ColumnKind } from '../../shared/import-types';
import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';
import { DATE_FORMS } from './column-kinds';
import { NULL_TOKENS, sqlPattern, type PatternName } from './value-patterns';

/**
 * Type inference over the WHOLE staged file in one SQL pass: for every column, how many values
 * have each shape. A kind is chosen only when every value has its shape (one odd value keeps the
 * column text); codes with leading zeros, ID numbers, long digit strings and mobiles stay text.
 */
const COUNTED: PatternName[] = [
  'integer', 'leadingZero', 'idNumber', 'mobile', 'amount', 'ymdDash', 'ymdSlash', 'ymdChinese', 'ymdCompact', 'yymmdd', 'dmyDot',
  'excelSerial', 'timestamp', 'monthForm',
];

export type ShapeCounts = Record<PatternName | 'n' | 'longDecimals' | 'maxIntLength', number>;

export interface InferredColumn {
  kind: ColumnKind;
  counts: ShapeCounts;
  /** Date forms present, most frequent first (drives date/timestamp/month conversion). */
  dateForms: PatternName[];
}

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The trimmed value, NULL for the tokens that mean missing. */
export function cleanSql(column: string): string {
  return `CASE WHEN trim(${column}) IN (${NULL_TOKENS.map(lit).join(', ')}) THEN NULL ELSE trim(${column}) END`;
}

export async function countShapes(session: Session, stageSql: string, columns: string[]): Promise<ShapeCounts[]> {
  if (columns.length === 0) return [];
  const parts: string[] = [];
  columns.forEach((_, i) => {
    const v = `v${i}`;
    parts.push(`count(${v}) AS "n_${i}"`);
    for (const p of COUNTED) parts.push(`count_if(regexp_full_match(${v}, ${lit(sqlPattern(p))})) AS "${p}_${i}"`);
    parts.push(`count_if(regexp_matches(${v}, '\\.\\d{3,}\\)?-?$')) AS "longDecimals_${i}"`);
    parts.push(`coalesce(max(length(${v})) FILTER (WHERE regexp_full_match(${v}, ${lit(sqlPattern('integer'))})), 0) AS "maxIntLength_${i}"`);
  });
  const inner = columns.map((c, i) => `${cleanSql(quoteIdent(c))} AS v${i}`).join(', ');
  const [row] = await session.rows<Record<string, bigint | number>>(`SELECT ${parts.join(', ')} FROM (SELECT ${inner} FROM ${stageSql})`);
  return columns.map((_, i) => {
    const counts = {} as ShapeCounts;
    for (const key of ['n', 'longDecimals', 'maxIntLength', ...COUNTED] as const) counts[key] = Number(row?.[`${key}_${i}`] ?? 0);
    return counts;
  });
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
