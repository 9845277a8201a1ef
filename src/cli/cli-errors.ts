import { AppError, isAppError, type ErrorDetails } from '../shared/errors';

/**
 * Details that are for programs and bug reports, never for the terminal: the SQL a failure came
 * from (often the product's own, not the user's), DuckDB's raw text and its error class.
 */
const INTERNAL_DETAILS = new Set(['sql', 'duckdb', 'kind']);

/** Anything thrown, as the product's one error type (node's argument-parser errors become INVALID_ARGUMENT). */
export function asCliError(error: unknown): AppError {
  if (isAppError(error)) return error;
  const code = error !== null && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : '';
  const message = error instanceof Error ? error.message : String(error);
  if (code.startsWith('ERR_PARSE_ARGS')) return new AppError('INVALID_ARGUMENT', parseArgsMessage(message), {}, 'error.CLI_BAD_OPTION');
  if (code === 'EISDIR') return new AppError('INVALID_ARGUMENT', 'a folder was given where a file is expected: give a file name', {}, 'error.CLI_FOLDER_NOT_FILE');
  if (code === 'ENOENT') return new AppError('NOT_FOUND', `no such file or folder${pathOf(error)}`, {}, 'error.CLI_NO_SUCH_FILE');
  if (code === 'EACCES' || code === 'EPERM') return new AppError('IO_ERROR', `permission denied${pathOf(error)}: choose a file or folder you may write to`, {}, 'error.CLI_PERMISSION');
  return new AppError('INTERNAL', message);
}

function pathOf(error: unknown): string {
  const p = error !== null && typeof error === 'object' && 'path' in error ? String((error as { path: unknown }).path) : '';
  return p ? `: ${p}` : '';
}

/** node:util parseArgs speaks of positionals; say what the user can do instead. */
function parseArgsMessage(message: string): string {
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown option ${unknown[1]} (a file whose name starts with "-" goes after "--", e.g. -- ${unknown[1]}); see --help`;
  return `${message.replace(/\. To specify a positional argument.*$/s, '')}; see --help`;
}

/** What to type next, for failures the CLI itself has the way out of. */
const NEXT_STEP: Record<string, string> = {
  'error.PROFILE_NOT_BUILT': 'build it with: segment-workbench profile build [--as-of YYYY-MM-DD]',
  'error.PROFILE_NO_CUSTOMERS': 'load customers first: segment-workbench import CUSTOMERS.csv --table customers',
};
const LOCKED_NEXT_STEP = 'close the app (or the other command) that has the workspace open, or give another --workspace';

/** Users never see a stack trace, internal SQL or null details: the message and what helps them act. */
export function describeError(error: AppError): string {
  const extra = Object.entries(usefulDetails(error.details))
    .filter(([, value]) => !error.message.includes(String(value)))
    .map(([key, value]) => `  ${key}: ${value}`);
  const next = NEXT_STEP[error.messageKey] ?? (error.code === 'WORKSPACE_LOCKED' ? LOCKED_NEXT_STEP : undefined);
  return [`error: ${error.message}`, ...extra, ...(next ? [`  ${next}`] : [])].join('\n');
}

/** The error as one JSON object for --json callers: its stable code, message key, message and details. */
export function errorJson(error: AppError): string {
  return JSON.stringify({ error: { code: error.code, messageKey: error.messageKey, message: error.message, details: usefulDetails(error.details) } }, null, 2);
}

function usefulDetails(details: ErrorDetails): ErrorDetails {
  return Object.fromEntries(Object.entries(details).filter(([key, value]) => value !== null && value !== '' && !INTERNAL_DETAILS.has(key)));
}
