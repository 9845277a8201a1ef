/**
 * A trailer: the last line of a core-banking export that closes it instead of holding a record —
 * `合计:1,024,356条`, `总计 …`, `共1024条`, `TRAILER|1024356`, `EOF`. It is not a rejected row; the
 * count it states, if any, is checked against the rows read.
 */
export interface Trailer {
  text: string;
  /** The count it states, or null. */
  statedRows: number | null;
  /** Line breaks after the trailer's first character, to the end of the file (its line is the file's breaks − this + 1). */
  breaksAfter: number;
  /** Its fields, split at the file's delimiter. */
  fields: string[];
}

const OPENING = /^(?:合计|總計|总计|共计|共|合計|小计|total|trailer|eof|end)(?![a-z])/i;
const COUNT = /共\s*([\d,]+)\s*(?:条|笔|行|户|筆|條)|([\d,]+)\s*(?:条|笔|行|户|筆|條)|(?:合计|总计|共计|總計|合計|total|trailer|count)[^\d]{0,12}([\d][\d,]*)/i;

function statedCount(text: string): number | null {
  const m = COUNT.exec(text);
  const digits = m ? (m[1] ?? m[2] ?? m[3]) : undefined;
  if (!digits) return null;
  const n = Number(digits.replaceAll(',', ''));
  return Number.isSafeInteger(n) ? n : null;
}

/** The trailer at the end of `tail` (the file's last bytes, decoded), or null. */
export function detectTrailer(tail: string, delimiter: string, quote: string): Trailer | null {
  const trimmedEnd = tail.replace(/[\r\n\s]+$/, '');
  const start = Math.max(trimmedEnd.lastIndexOf('\n'), trimmedEnd.lastIndexOf('\r')) + 1;
  if (start === 0 && trimmedEnd.length === tail.length) return null; // the tail holds no full line
  const line = trimmedEnd.slice(start);
  const unquoted = quote ? line.replaceAll(quote, '') : line;
  const bare = unquoted.replace(/^[\s\uFEFF]+/, '');
  if (!OPENING.test(bare)) return null;
  const rest = tail.slice(start);
  const breaksAfter = (rest.match(/\r\n|\r|\n/g) ?? []).length;
  return { text: line.trim(), statedRows: statedCount(bare), breaksAfter, fields: unquoted.split(delimiter).map((f) => f.trim()) };
}
