import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { isDataFileName, type FileEntry, type ListDirectoryResult } from '../../shared/file-methods';

/** stat() calls in flight at once: enough to be quick on a network share, few enough not to flood it. */
const STAT_CONCURRENCY = 32;

/**
 * Lists one directory for the import wizard's file browser: subdirectories and data files only,
 * hidden entries (dot files) left out, directories first, then by name. An entry that cannot be
 * stat'ed (a broken link, a file removed meanwhile) is skipped rather than failing the listing.
 */
export async function listDirectory(dir: string | undefined): Promise<ListDirectoryResult> {
  const target = path.resolve(dir === undefined || dir.trim() === '' ? os.homedir() : expandHome(dir.trim()));
  let dirents: fs.Dirent[];
  try {
    dirents = await fs.promises.readdir(target, { withFileTypes: true });
  } catch (error) {
    throw listingError(error, target);
  }
  const candidates = dirents.filter((d) => !d.name.startsWith('.'));
  const entries: FileEntry[] = [];
  for (let i = 0; i < candidates.length; i += STAT_CONCURRENCY) {
    const batch = await Promise.all(candidates.slice(i, i + STAT_CONCURRENCY).map((d) => toEntry(target, d.name)));
    for (const entry of batch) if (entry) entries.push(entry);
  }
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1));
  const parent = path.dirname(target);
  return { dir: target, parent: parent === target ? null : parent, entries };
}

async function toEntry(dir: string, name: string): Promise<FileEntry | null> {
  const full = path.join(dir, name);
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(full); // follows links: a linked folder browses like a folder
  } catch {
    return null;
  }
  if (stat.isDirectory()) return { name, path: full, kind: 'dir', sizeBytes: 0, modifiedMs: stat.mtimeMs };
  if (stat.isFile() && isDataFileName(name)) return { name, path: full, kind: 'file', sizeBytes: stat.size, modifiedMs: stat.mtimeMs };
  return null;
}

/** `~` and `~/x` as a shell would read them (analysts paste such paths from notes). */
export function expandHome(dir: string): string {
  if (dir === '~') return os.homedir();
  if (dir.startsWith('~/') || dir.startsWith('~\\')) return path.join(os.homedir(), dir.slice(2));
  return dir;
}

export function listingError(error: unknown, dir: string): AppError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return new AppError('NOT_FOUND', `no such directory: ${dir}`, { path: dir }, 'error.FILES_NOT_FOUND');
  if (code === 'ENOTDIR') return new AppError('INVALID_ARGUMENT', `not a directory: ${dir}`, { path: dir }, 'error.FILES_NOT_A_DIRECTORY');
  if (code === 'EACCES' || code === 'EPERM') return new AppError('IO_ERROR', `permission denied: ${dir}`, { path: dir }, 'error.FILES_ACCESS_DENIED');
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('IO_ERROR', `cannot list ${dir}: ${message}`, { path: dir, message }, 'error.FILES_UNREADABLE');
}
