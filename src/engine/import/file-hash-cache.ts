import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { JobContext } from '../jobs/job-context';
import { hashFile } from './file-bytes';

/**
 * sha256 of a file's bytes (what import.run records in _sw_imports), remembered per file while
 * the file stays the same: same device and inode, size, modification and change time. ctime
 * moves on every write and cannot be set back by tools, so an edited file is always hashed again.
 * Detection re-runs on every override the analyst tries, and the multi-file check re-runs when a
 * file is dropped: neither reads a big file twice. import.run hashes for itself.
 */
const MAX_ENTRIES = 4096;
const cache = new Map<string, { identity: string; sha256: string }>();

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

/** As hashFile (streamed, cancellable, onBytes with the bytes read), from memory when the file has not changed. */
export async function cachedFileHash(file: string, ctx: JobContext, onBytes?: (read: number) => void): Promise<string> {
  const key = path.resolve(file);
  const before = await statFile(key);
  const identity = identityOf(before);
  const entry = cache.get(key);
  if (entry && entry.identity === identity) {
    onBytes?.(before.size);
    return entry.sha256;
  }
  const sha256 = await hashFile(key, ctx, onBytes);
  // Written to while it was read: the hash is of no version in particular; do not remember it.
  if (identityOf(await statFile(key)) === identity) {
    cache.delete(key);
    cache.set(key, { identity, sha256 });
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  }
  return sha256;
}
