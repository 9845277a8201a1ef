import fs from 'node:fs';
import path from 'node:path';
import { defaultWorkspacePath } from '../engine/workspace-location';
import { AppError } from '../shared/errors';

export function workspaceOption(value: string | undefined): string {
  if (!value) return defaultWorkspacePath();
  const file = path.resolve(value);
  if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) {
    throw new AppError('INVALID_ARGUMENT', `--workspace ${value} is a folder: a workspace is one file, e.g. --workspace ${path.join(value, 'bank.duckdb')}`, { option: 'workspace', value }, 'error.CLI_USAGE');
  }
  return file;
}

export function intOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value.replaceAll('_', '').replaceAll(',', ''));
  if (!Number.isInteger(parsed) || parsed < 0) {
    throw new AppError('INVALID_ARGUMENT', `--${name} expects a whole number, got "${value}"`, { option: name, value });
  }
  return parsed;
}

/** A JSON file the user names (a rule, a segment, a preset): its content, or an error that says which and why. */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EISDIR' ? 'it is a folder, not a file' : code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' ? 'permission denied' : String(code ?? error);
    throw new AppError('INVALID_ARGUMENT', `cannot read ${what} ${file}: ${reason}`, { file }, 'error.CLI_BAD_FILE');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = text.trim() === '' ? 'the file is empty' : (error as Error).message;
    throw new AppError('INVALID_ARGUMENT', `${file} is not JSON (${detail}); ${what} is a JSON file`, { file }, 'error.CLI_BAD_FILE');
  }
}

/**
 * A file the command writes (--out): opened now, so a folder, a missing parent folder or a
 * read-only place is said in words before any work is done (a write stream would report it later
 * as an unhandled error event).
 */
export function openOutputFile(file: string): fs.WriteStream {
  let fd: number;
  try {
    if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error('folder'), { code: 'EISDIR' });
    fd = fs.openSync(file, 'w');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EISDIR' ? 'it is a folder: give a file name, e.g. --out members.csv'
      : code === 'ENOENT' ? `the folder ${path.dirname(path.resolve(file))} does not exist`
      : code === 'EACCES' || code === 'EPERM' ? 'permission denied: choose a folder you may write to'
      : String(code ?? error);
    throw new AppError('INVALID_ARGUMENT', `cannot write ${file}: ${reason}`, { file }, 'error.CLI_BAD_OUTPUT');
  }
  return fs.createWriteStream(file, { fd });
}
