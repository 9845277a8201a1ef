import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../../shared/errors';
import type { JobContext } from '../jobs/job-context';
import { PADDING, type Present } from './column-inference';
import { LineEndingScan, type LineEndings } from './line-endings';
import { folderGivenAsFile } from './text-file-check';
import { NULL_TOKENS } from './value-patterns';

/** The first bytes of a file (detection reads a sample, never the whole file). */
export async function readSample(file: string, bytes: number): Promise<{ sample: Uint8Array; size: number; cut: boolean }> {
  const handle = await fs.promises.open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new AppError('IO_ERROR', `cannot open ${file}: ${error.code ?? error.message}`, { file }, 'error.IMPORT_FILE_UNREADABLE');
  });
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw folderGivenAsFile(file);
    const { size } = stat;
    const buffer = Buffer.alloc(Math.min(bytes, size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return { sample: buffer.subarray(0, bytesRead), size, cut: bytesRead < size };
  } finally {
    await handle.close();
  }
}

/** What one pass over a file's bytes learns: what import.run records and what the load needs to know. */
export interface FileDigest {
  sha256: string;
  /** Newline bytes in the file. */
  lines: number;
  /** The padding characters and missing-value tokens that occur in the file at all (see cleanSql). */
  present: Present;
  /** Line endings of each kind (a file that mixes them is normalised before the load). */
  endings: LineEndings;
}

/** Every padding character and missing-value token but the empty one, which every empty field is. */
const SCANNED = [...PADDING, ...NULL_TOKENS.filter((t) => t !== '')];

/**
 * Which padding characters and missing-value tokens occur in a stream of UTF-8 bytes or decoded
 * text. Buffer.indexOf over a chunk that was just read runs at memory speed, and a string found
 * is not looked for again, so this costs next to nothing beside the hash. A string may straddle
 * two chunks: the previous chunk's last bytes are searched together with the next one's first.
 */
export class PresenceScan {
  private readonly missing = new Map(SCANNED.map((s) => [s, Buffer.from(s, 'utf8')]));
  /** The last bytes seen, one fewer than the longest string: the start of one the next chunk ends. */
  private tail: Buffer = Buffer.alloc(0);
  private readonly carry = Math.max(...SCANNED.map((s) => Buffer.byteLength(s))) - 1;

  update(chunk: Buffer | string): void {
    if (this.missing.size === 0) return;
    if (typeof chunk === 'string') {
      for (const s of this.missing.keys()) if (chunk.includes(s)) this.missing.delete(s);
      return;
    }
    const seam = Buffer.concat([this.tail, chunk.subarray(0, this.carry)]);
    for (const [s, bytes] of this.missing) {
      if (chunk.includes(bytes) || seam.includes(bytes)) this.missing.delete(s);
    }
    this.tail = Buffer.from((chunk.length >= this.carry ? chunk : Buffer.concat([this.tail, chunk])).subarray(-this.carry));
  }

  get found(): Present {
    return { pads: PADDING.filter((p) => !this.missing.has(p)), nullTokens: NULL_TOKENS.filter((t) => t === '' || !this.missing.has(t)) };
  }
}

/** A file's digest, streamed, cancellable; reports the bytes read and the lines seen through onBytes. */
export async function digestFile(file: string, ctx: JobContext, onBytes?: (read: number, lines: number) => void): Promise<FileDigest> {
  const hash = createHash('sha256');
  const present = new PresenceScan();
  const endings = new LineEndingScan();
  let read = 0;
  let lines = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    ctx.token.throwIfCancelled();
    const bytes = chunk as Buffer;
    hash.update(bytes);
    present.update(bytes);
    endings.update(bytes);
    read += bytes.length;
    for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) lines++;
    onBytes?.(read, lines);
  }
  return { sha256: hash.digest('hex'), lines, present: present.found, endings: endings.finish() };
}

/** The last bytes of a file (a trailer line is looked for there). */
export async function readTail(file: string, bytes: number): Promise<Uint8Array> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.min(bytes, size);
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, size - length);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
