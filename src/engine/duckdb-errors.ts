import { AppError } from '../shared/errors';

/** Maps DuckDB's exception text to the product's error codes; the text itself goes in details. */
export function fromDuckDBError(error: unknown, sql?: string): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/INTERRUPT/i.test(message)) return new AppError('CANCELLED', 'the query was interrupted');
  if (/Could not set lock on file|Conflicting lock/i.test(message)) {
    return new AppError('WORKSPACE_LOCKED', 'the workspace file is open in another program', { duckdb: message });
  }
  const kind = /^([A-Za-z ]+) Error:/.exec(message)?.[1] ?? 'Error';
  const details: Record<string, string> = { duckdb: message, kind };
  if (sql !== undefined) details.sql = sql.length > 2000 ? `${sql.slice(0, 2000)}…` : sql;
  return new AppError('SQL_ERROR', message, details);
}
