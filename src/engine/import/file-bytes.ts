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

/** sha256 of a file, streamed, cancellable; reports the fraction read through onBytes. */
export async function hashFile(file: string, ctx: JobContext, onBytes?: (read: number) => void): Promise<string> {
  const hash = createHash('sha256');
  let read = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    ctx.token.throwIfCancelled();
    hash.update(chunk as Buffer);
    read += (chunk as Buffer).length;
    onBytes?.(read);
  }
  return hash.digest('hex');
}
