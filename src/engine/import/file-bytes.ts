import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../../shared/errors';
import type { JobContext } from '../jobs/job-context';

/** The first bytes of a file (detection reads a sample, never the whole file). */
export async function readSample(file: string, bytes: number): Promise<{ sample: Uint8Array; size: number; cut: boolean }> {
  const handle = await fs.promises.open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new AppError('IO_ERROR', `cannot open ${file}: ${error.code ?? error.message}`, { file }, 'error.IMPORT_FILE_UNREADABLE');
  });
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(bytes, size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return { sample: buffer.subarray(0, bytesRead), size, cut: bytesRead < size };
  } finally {
    await handle.close();
  }
}

/** sha256 of a file, streamed, cancellable; reports the bytes read (and the lines seen) through onBytes. */
export async function hashFile(file: string, ctx: JobContext, onBytes?: (read: number, lines: number) => void): Promise<string> {
  const hash = createHash('sha256');
  let read = 0;
  let lines = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    ctx.token.throwIfCancelled();
    const bytes = chunk as Buffer;
    hash.update(bytes);
    read += bytes.length;
    if (onBytes) {
      for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) lines++;
      onBytes(read, lines);
    }
  }
  return hash.digest('hex');
}
