import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { compareNaturalPaths, isDataFileName, type DataFilesResult, type FileEntry } from '../../shared/file-methods';
import type { JobContext } from '../jobs/job-context';
import { expandHome, listingError } from './list-directory';

/** stat() calls in flight at once (as files.list). */
const STAT_CONCURRENCY = 32;
/** A folder pick walks at most this deep and this many folders (a home folder ticked by mistake stops here). */
export const MAX_DEPTH = 32;
export const MAX_FOLDERS = 10_000;

/**
 * Skipped names: hidden entries (dot files and folders) and Office lock files (`~$book.xlsx`, present
 * while a workbook is open in Excel: a few bytes of owner name, never data).
 */
function isSkippedName(name: string): boolean {
  return name.startsWith('.') || name.startsWith('~$');
}

/**
 * The data files of a folder for an import: its own and, with `recursive`, those of its sub-folders
 * at any depth, in natural order of their path below the folder (2024/2.csv before 2024/10.csv).
 * Linked folders are followed once (a link back up the tree is not walked again). More than `limit`
 * data files is an error naming the folder, never a silently shortened list; a sub-folder that
 * cannot be read is skipped and reported. Cancellable between folders.
 */
export async function listDataFiles(dir: string, options: { recursive: boolean; limit: number }, ctx: JobContext): Promise<DataFilesResult> {
  const root = path.resolve(expandHome(dir.trim()));
  const files: FileEntry[] = [];
  const skipped: string[] = [];
  const visited = new Set<string>();
  const queue: Array<{ abs: string; rel: string; depth: number }> = [{ abs: root, rel: '', depth: 0 }];
  let folders = 0;
  while (queue.length > 0) {
    ctx.token.throwIfCancelled();
    const current = queue.shift()!;
    let dirents: fs.Dirent[];
    try {
      const real = await fs.promises.realpath(current.abs);
      if (visited.has(real)) continue;
      visited.add(real);
      dirents = await fs.promises.readdir(current.abs, { withFileTypes: true });
    } catch (error) {
      if (current.depth === 0) throw listingError(error, root);
      skipped.push(current.rel);
      continue;
    }
    if (++folders > MAX_FOLDERS) throw tooMany(root, options.limit, 'folders');
    ctx.progress({ message: { key: 'progress.files.scan', params: { folder: current.rel || root } } });
    const candidates = dirents.filter((d) => !isSkippedName(d.name));
    for (let i = 0; i < candidates.length; i += STAT_CONCURRENCY) {
      const batch = await Promise.all(candidates.slice(i, i + STAT_CONCURRENCY).map((d) => statEntry(current.abs, d.name)));
      for (const entry of batch) {
        if (!entry) continue;
        const rel = current.rel === '' ? entry.name : path.join(current.rel, entry.name);
        if (entry.stat.isDirectory()) {
          if (options.recursive && current.depth + 1 <= MAX_DEPTH) queue.push({ abs: entry.full, rel, depth: current.depth + 1 });
        } else if (entry.stat.isFile() && isDataFileName(entry.name)) {
          files.push({ name: rel, path: entry.full, kind: 'file', sizeBytes: entry.stat.size, modifiedMs: entry.stat.mtimeMs });
          if (files.length > options.limit) throw tooMany(root, options.limit, 'files');
        }
      }
    }
  }
  files.sort((a, b) => compareNaturalPaths(a.name, b.name));
  skipped.sort(compareNaturalPaths);
  return { dir: root, files, skipped };
}

async function statEntry(dir: string, name: string): Promise<{ name: string; full: string; stat: fs.Stats } | null> {
  const full = path.join(dir, name);
  try {
    return { name, full, stat: await fs.promises.stat(full) }; // follows links, as files.list does
  } catch {
    return null; // a broken link, or removed meanwhile
  }
}

function tooMany(dir: string, limit: number, what: 'files' | 'folders'): AppError {
  return what === 'files'
    ? new AppError('INVALID_ARGUMENT', `${dir} holds more than ${limit} data files`, { path: dir, limit }, 'error.FILES_TOO_MANY')
    : new AppError('INVALID_ARGUMENT', `${dir} holds more than ${MAX_FOLDERS} folders`, { path: dir, limit: MAX_FOLDERS }, 'error.FILES_TOO_MANY_FOLDERS');
}
