import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { JobContext } from '../jobs/job-context';
import { digestFile, type FileDigest } from './file-bytes';

/**
 * sha256 of a file's bytes (what import.run records in _sw_imports), remembered per file while
 * the file stays the same: same device and inode, size, modification and change time. ctime
 * moves on every write and cannot be set back by tools, so an edited file is always hashed again.
 * Detection re-runs on every override the analyst tries, the multi-file check re-runs when a file
 * is dropped, and import.run follows both: none reads a big file twice. The newline count (which
 * import.run's progress estimates rows from) and which padding characters and missing-value tokens
 * occur (which the load then tests values for) are taken in the same pass.
 */
const MAX_ENTRIES = 4096;

const cache = new Map<string, { identity: string; digest: FileDigest }>();

function identityOf(stat: fs.Stats): string {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
}

async function statFile(file: string): Promise<fs.Stats> {
  try {
    return await fs.promises.stat(file);
  } catch (error) {
    throw new AppError('IO_ERROR', `cannot open ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file }, 'error.IMPORT_FILE_UNREADABLE');
  }
}

/** As digestFile (streamed, cancellable, onBytes with the bytes and lines read), from memory when the file has not changed. */
export async function cachedFileDigest(file: string, ctx: JobContext, onBytes?: (read: number, lines: number) => void): Promise<FileDigest> {
  const key = path.resolve(file);
  const before = await statFile(key);
  const identity = identityOf(before);
  const entry = cache.get(key);
  if (entry && entry.identity === identity) {
    onBytes?.(before.size, entry.digest.lines);
    return entry.digest;
  }
  const digest = await digestFile(key, ctx, onBytes);
  // Written to while it was read: the hash is of no version in particular; do not remember it.
  if (identityOf(await statFile(key)) === identity) {
    cache.delete(key);
    cache.set(key, { identity, digest });
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  }
  return digest;
}

export async function cachedFileHash(file: string, ctx: JobContext, onBytes?: (read: number) => void): Promise<string> {
  return (await cachedFileDigest(file, ctx, onBytes)).sha256;
}
