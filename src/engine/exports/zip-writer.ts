import fs from 'node:fs';
import zlib from 'node:zlib';
import { once } from 'node:events';

/**
 * A streaming ZIP writer (what an XLSX file is): each entry's bytes pass through one raw-deflate
 * stream into the file as they come, with the CRC and sizes written after the data (a data
 * descriptor, flag bit 3), so a sheet of a million rows is never held in memory. Names are UTF-8
 * (flag bit 11). ZIP64 is not written: an entry or file over 4 GiB is refused with a clear error
 * rather than written corrupt (a 1,048,576-row sheet of 20 columns is a few hundred MB).
 */
const LIMIT_32 = 0xffffffff;

interface CentralEntry {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

export class ZipTooLargeError extends Error {}

export class ZipWriter {
  private readonly out: fs.WriteStream;
  private offset = 0;
  private readonly entries: CentralEntry[] = [];
  private failure: Error | null = null;
  private readonly dosTime: number;
  private readonly dosDate: number;

  constructor(file: string) {
    this.out = fs.createWriteStream(file, { flags: 'wx' });
    this.out.on('error', (error) => {
      this.failure ??= error;
    });
    const now = new Date();
    this.dosTime = (now.getHours() << 11) | (now.getMinutes() << 5) | Math.floor(now.getSeconds() / 2);
    this.dosDate = ((now.getFullYear() - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate();
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }

  private async raw(bytes: Buffer): Promise<void> {
    this.throwIfFailed();
    this.offset += bytes.length;
    if (!this.out.write(bytes)) await this.drained();
  }

  private drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onDrain = () => {
        this.out.off('error', onError);
        resolve();
      };
      const onError = (error: Error) => {
        this.out.off('drain', onDrain);
        reject(error);
      };
      this.out.once('drain', onDrain);
      this.out.once('error', onError);
    });
  }

  /** Starts an entry; write its content with the returned writer, then `close()` it. */
  async entry(name: string): Promise<ZipEntryWriter> {
    const nameBytes = Buffer.from(name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0808, 6);
    header.writeUInt16LE(8, 8);
    header.writeUInt16LE(this.dosTime, 10);
    header.writeUInt16LE(this.dosDate, 12);
    header.writeUInt16LE(nameBytes.length, 26);
    const offset = this.offset;
    await this.raw(Buffer.concat([header, nameBytes]));
    return new ZipEntryWriter(this, nameBytes, offset);
  }

  /** Called by an entry writer: compressed bytes in order. */
  async compressed(bytes: Buffer): Promise<void> {
    await this.raw(bytes);
  }

  async finishEntry(entry: CentralEntry): Promise<void> {
    if (entry.compressed > LIMIT_32 || entry.size > LIMIT_32 || entry.offset > LIMIT_32) throw new ZipTooLargeError('an entry over 4 GiB needs ZIP64, which this writer does not produce');
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(entry.crc >>> 0, 4);
    descriptor.writeUInt32LE(entry.compressed, 8);
    descriptor.writeUInt32LE(entry.size, 12);
    await this.raw(descriptor);
    this.entries.push(entry);
  }

  /** Writes the central directory and closes the file. */
  async close(): Promise<void> {
    const start = this.offset;
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4);
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(0x0808, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(this.dosTime, 12);
      h.writeUInt16LE(this.dosDate, 14);
      h.writeUInt32LE(e.crc >>> 0, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE(e.offset, 42);
      await this.raw(Buffer.concat([h, e.name]));
    }
    const size = this.offset - start;
    if (this.offset > LIMIT_32) throw new ZipTooLargeError('a file over 4 GiB needs ZIP64, which this writer does not produce');
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(size, 12);
    end.writeUInt32LE(start, 16);
    await this.raw(end);
    await this.end();
  }

  /** Closes the file handle (after close(), or to abandon a failed file before it is deleted). */
  async end(): Promise<void> {
    if (this.out.closed) return;
    const finished = once(this.out, 'close');
    this.out.end();
    await finished.catch(() => {});
    this.throwIfFailed();
  }

  abandon(): void {
    this.out.destroy();
  }
}

/** The content of one entry: bytes are deflated as they are written. */
export class ZipEntryWriter {
  private readonly deflate = zlib.createDeflateRaw({ level: zlib.constants.Z_BEST_SPEED });
  private crc = 0;
  private size = 0;
  private compressedSize = 0;
  private pending: Promise<void> = Promise.resolve();
  private failure: Error | null = null;

  constructor(
    private readonly zip: ZipWriter,
    private readonly name: Buffer,
    private readonly offset: number,
  ) {
    this.deflate.on('data', (chunk: Buffer) => {
      this.compressedSize += chunk.length;
      this.deflate.pause();
      this.pending = this.pending
        .then(() => this.zip.compressed(chunk))
        .catch((error: unknown) => {
          this.failure ??= error as Error;
        })
        .finally(() => this.deflate.resume());
    });
    this.deflate.on('error', (error) => {
      this.failure ??= error;
    });
  }

  async write(text: string | Buffer): Promise<void> {
    if (this.failure !== null) throw this.failure;
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    if (bytes.length === 0) return;
    this.crc = zlib.crc32(bytes, this.crc);
    this.size += bytes.length;
    if (!this.deflate.write(bytes)) await once(this.deflate, 'drain');
  }

  async close(): Promise<void> {
    const ended = once(this.deflate, 'end');
    this.deflate.end();
    await ended;
    await this.pending;
    if (this.failure !== null) throw this.failure;
    await this.zip.finishEntry({ name: this.name, crc: this.crc, compressed: this.compressedSize, size: this.size, offset: this.offset });
  }
}
