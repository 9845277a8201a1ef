/** Where in the analyst's SQL an error points: 1-based line and column. */
export interface SqlErrorPosition {
  line: number;
  column: number;
}

/**
 * Reads DuckDB's "LINE n: <excerpt>" and the caret line under it. DuckDB shows a window of the
 * line (cut with "..." at either end when long), so the column is found by locating the excerpt
 * in the SQL's own line; without the SQL the caret's offset in the excerpt is the best guess.
 */
export function sqlErrorPosition(message: string, sql?: string): SqlErrorPosition | null {
  const match = /(?:^|\n)(LINE (\d+): )([^\n]*)\n([ \t]*)\^/.exec(message);
  if (!match) return null;
  const [, prefix = '', lineText = '1', excerpt = '', caretPad = ''] = match;
  const line = Number(lineText);
  const caretInExcerpt = caretPad.length - prefix.length;
  if (!Number.isInteger(line) || line < 1 || caretInExcerpt < 0) return null;
  const cutFront = excerpt.startsWith('...') ? 3 : 0;
  const shown = excerpt.slice(cutFront).replace(/\.\.\.$/, '');
  const sqlLine = sql?.split(/\r?\n/)[line - 1];
  const at = sqlLine === undefined || shown === '' ? -1 : sqlLine.indexOf(shown);
  const column = at >= 0 ? at + caretInExcerpt - cutFront + 1 : caretInExcerpt + 1;
  return { line, column: Math.max(1, column) };
}
