import { quoteIdent } from '../sql/identifiers';
import type { ProgressSpan, Session } from '../workspace';

/**
 * A decimal column keeps the file's precision: DECIMAL(18,2) would round 1.125 to 1.13 and 2.0049
 * to 2.00 without a word. The load flags a value with more decimals than the column's scale (a
 * cheap position test first, the regex only for values it lets through); when any is flagged, the
 * column's largest scale is read from the file and the column is widened to it (the integer part
 * keeps its 16 digits), up to MAX_SCALE.
 */
export const BASE_SCALE = 2;
export const MAX_SCALE = 18;

export function decimalType(scale: number): string {
  return `DECIMAL(${Math.min(38, 16 + scale)},${scale})`;
}

export function scaleOfType(type: string): number | null {
  const m = /^DECIMAL\((\d+),\s*(\d+)\)$/i.exec(type.trim());
  return m ? Number(m[2]) : null;
}

/** SQL: the trimmed non-null value v has more than `scale` decimals (trailing ) or - of an amount aside). */
export function wideSql(v: string, scale: number): string {
  return `(instr(${v}, '.') > 0 AND strlen(${v}) - instr(${v}, '.') > ${scale} AND regexp_matches(${v}, '\\.\\d{${scale + 1},}\\)?-?$'))`;
}

/** The largest number of decimals of each listed value expression over `relation` (one pass). */
export async function largestScales(session: Session, relation: string, values: string[], params: Record<string, unknown> | undefined, span?: ProgressSpan): Promise<number[]> {
  const parts = values.map((v, i) => `coalesce(max(length(regexp_extract(${v}, '\\.(\\d+)\\)?-?$', 1))), 0) AS ${quoteIdent(`s${i}`)}`);
  const reader = await session.read(`SELECT ${parts.join(', ')} FROM ${relation}`, params as never, span);
  const row = (reader.getRowObjectsJS()[0] ?? {}) as Record<string, bigint | number>;
  return values.map((_, i) => Math.min(MAX_SCALE, Number(row[`s${i}`] ?? 0)));
}
