import { matches } from './value-patterns';

/**
 * Two-digit years (yymmdd: 450204, 030512) without a fixed pivot. DuckDB's %y reads 00–68 as
 * 20xx, so a birth date 450204 became 2045-02-04. The century comes from the data instead: a date
 * is 20yy when that is not after the reference date, else 19yy — no date after the file's latest
 * date (and no birth date after it). The reference is the latest full date (four-digit year) in
 * the sample, or today when that is earlier or the sample has none (a maturity date in 2045 must
 * not make 450204 a birth in 2045); the analyst may set a pivot instead (00…pivot → 20xx).
 *
 * A birth date can still be ambiguous: 150302 is 2015 (a child's account) or 1915 (a customer of
 * 109). Those rows — the 20yy reading leaves an age of at most BIRTH_SPAN − 100 years and the 19yy
 * reading one of at most BIRTH_SPAN — are read as 20yy and flagged with their lines.
 */
export interface CenturyChoice {
  reference: string;
  source: 'data' | 'today' | 'user';
}

/** The oldest age a customer's birth date is taken as possible for. */
export const BIRTH_SPAN_YEARS = 110;

const BIRTH_HEADER = /(birth|出生|生日|dob|born|生年)/i;

export function isBirthColumn(...names: string[]): boolean {
  return names.some((n) => BIRTH_HEADER.test(n));
}

const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** A full date (four-digit year) in a value, as ISO, or null. */
function fullDate(value: string): string | null {
  const v = value.trim();
  let m: RegExpExecArray | null;
  if (matches('ymdDash', v) || matches('ymdSlash', v) || matches('timestamp', v)) m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})/.exec(v);
  else if (matches('ymdChinese', v)) m = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(v);
  else if (matches('ymdCompact', v)) m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  else return null;
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return iso(y, mo, d);
}

export function todayIso(now: Date = new Date()): string {
  return iso(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/** The century rule for a file: from the analyst's pivot, or from the latest full date of its sample. */
export function centuryChoice(rows: readonly string[][], pivot: number | undefined, today: string = todayIso()): CenturyChoice {
  if (pivot !== undefined) return { reference: iso(2000 + pivot, 12, 31), source: 'user' };
  let latest: string | null = null;
  for (const row of rows) {
    for (const cell of row) {
      if (cell.length < 8) continue;
      const d = fullDate(cell);
      if (d !== null && (latest === null || d > latest)) latest = d;
    }
  }
  if (latest === null || latest > today) return { reference: today, source: 'today' };
  return { reference: latest, source: 'data' };
}

/** Source columns whose sample values include a two-digit-year date (6 digits, yymmdd). */
export function twoDigitYearColumns(rows: readonly string[][], columns: readonly number[]): number[] {
  return columns.filter((i) => rows.some((r) => {
    const v = (r[i] ?? '').trim();
    return v.length === 6 && matches('yymmdd', v);
  }));
}

/** SQL: true when the yymmdd value v is a birth date read as 20yy that is as possible a century earlier. */
export function undecidedBirthSql(v: string, reference: string): string {
  const ref = `DATE '${reference}'`;
  const d20 = `TRY_CAST(try_strptime('20' || ${v}, '%Y%m%d') AS DATE)`;
  return `(length(${v}) = 6 AND regexp_full_match(${v}, '\\d{6}') AND ${d20} <= ${ref} AND ${d20} - INTERVAL 100 YEAR >= ${ref} - INTERVAL ${BIRTH_SPAN_YEARS} YEAR)`;
}
