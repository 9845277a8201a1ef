import path from 'node:path';
import { AppError } from '../shared/errors';

/**
 * Maps DuckDB's exception text to the product's error codes. The message users read is DuckDB's
 * first lines without what only DuckDB's developers can act on: the CSV reader's option dump and
 * "possible fixes" naming DuckDB settings, and a "LINE n:" excerpt of SQL the product wrote (the
 * user's own SQL keeps its excerpt). The raw text stays in details.duckdb for bug reports.
 */
export function fromDuckDBError(error: unknown, sql?: string): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/INTERRUPT/i.test(message)) return new AppError('CANCELLED', 'the query was interrupted');
  if (/Could not set lock on file|Conflicting lock/i.test(message)) {
    return new AppError('WORKSPACE_LOCKED', 'the workspace file is open in another program', { duckdb: message });
  }
  const unreadable = csvUnreadable(message);
  if (unreadable) return unreadable;
  const kind = /^([A-Za-z ]+) Error:/.exec(message)?.[1] ?? 'Error';
  const details: Record<string, string> = { duckdb: message, kind };
  if (sql !== undefined) details.sql = sql.length > 2000 ? `${sql.slice(0, 2000)}…` : sql;
  return new AppError('SQL_ERROR', readableMessage(message), details);
}

/** Names the product gives its own tables and temporaries: an excerpt showing them is the product's SQL. */
const INTERNAL_SQL = /_sw_|_p_[a-z]+\b|"scratch"\."main"|\btemp\.main\.|read_csv\(|CREATE (OR REPLACE )?(TEMP )?TABLE "/;

export function readableMessage(message: string): string {
  let text = message.replace(/^Failed to extract statements: /, '');
  for (const marker of ['\nPossible fixes:', '\n\n  file = ', '\nParser options:', '\nThe search space used was:']) {
    const at = text.indexOf(marker);
    if (at >= 0) text = text.slice(0, at);
  }
  const excerpt = /\n+LINE \d+:[^\n]*(\n[ \t]*\^)?/.exec(text);
  if (excerpt && INTERNAL_SQL.test(excerpt[0])) text = text.slice(0, excerpt.index) + text.slice(excerpt.index + excerpt[0].length);
  return text.trim();
}

/**
 * The CSV reader gave up on the file as a whole (its state machine reached an invalid state, or
 * sniffing failed): in the user's terms, with what to try.
 */
function csvUnreadable(message: string): AppError | null {
  if (!/CSV Parser state machine reached an invalid state|Error when sniffing file|CSV options could not be auto-detected/i.test(message)) return null;
  const file = /^\s*file = (.+)$/m.exec(message)?.[1]?.trim() ?? /file "([^"]+)"/.exec(message)?.[1] ?? '';
  const name = file ? path.basename(file) : 'the file';
  return new AppError(
    'INVALID_ARGUMENT',
    `${name} could not be read as delimited text: its quotes or line breaks do not follow one pattern (for example a quote that is never closed). ` +
      'Check the delimiter, quote character and header line in the import preview, or export the file again from its source system',
    { file: name, duckdb: message },
    'error.IMPORT_CSV_UNREADABLE',
  );
}
