import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { once } from 'node:events';
import { AppError } from '../../shared/errors';
import type { ImportEncoding } from '../../shared/import-types';
import type { JobContext } from '../jobs/job-context';
import { decoderLabel } from './encoding-detect';
import { PresenceScan, type FileDigest } from './file-bytes';
import { LineEndingScan } from './line-endings';

/**
 * Streams a file in a non-UTF-8 encoding into a UTF-8 file DuckDB can read: one chunk at a time
 * (never the whole file in memory), cancellable between chunks, hashing the original bytes on the
 * way (the digest's lines and what is present are those of the UTF-8 text DuckDB will read).
 * Undecodable bytes become U+FFFD and are counted, so the summary can say so.
 */
export async function transcodeToUtf8(
  source: string,
  target: string,
  encoding: ImportEncoding,
  ctx: JobContext,
  onBytes?: (read: number, lines: number) => void,
): Promise<FileDigest & { replacements: number }> {
  const decoder = new TextDecoder(decoderLabel(encoding), { fatal: false, ignoreBOM: false });
  const hash = createHash('sha256');
  const present = new PresenceScan();
  const endings = new LineEndingScan();
  const out = fs.createWriteStream(target);
  let read = 0;
  let replacements = 0;
  let lines = 0;
  const write = async (text: string) => {
    if (text.length === 0) return;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
    for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) replacements++;
    present.update(text);
    endings.update(text);
    if (!out.write(text, 'utf8')) await once(out, 'drain');
  };
  try {
    for await (const chunk of fs.createReadStream(source, { highWaterMark: 1 << 20 })) {
      ctx.token.throwIfCancelled();
      const bytes = chunk as Buffer;
      hash.update(bytes);
      read += bytes.length;
      await write(decoder.decode(bytes, { stream: true }));
      onBytes?.(read, lines);
    }
    await write(decoder.decode());
    out.end();
    await once(out, 'finish');
  } catch (error) {
    out.destroy();
    if (ctx.token.isCancelled) throw ctx.token.cancellationError();
    throw new AppError('IO_ERROR', `cannot transcode ${source} from ${encoding}: ${(error as Error).message}`, { file: source, encoding }, 'error.IMPORT_ENCODING');
  }
  return { sha256: hash.digest('hex'), lines, present: present.found, endings: endings.finish(), replacements };
}
