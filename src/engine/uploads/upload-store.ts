import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors';

/** All uploads held at once, together (several big lists from several tabs, not unbounded memory). */
export const MAX_UPLOADS_TOTAL_BYTES = 512 * 1024 * 1024;
/** An upload nobody touched for this long is dropped (a closed tab never sends upload.discard). */
export const UPLOAD_IDLE_MS = 10 * 60 * 1000;

interface Upload {
  bytes: Uint8Array;
  received: number;
  complete: boolean;
  touched: number;
}

/**
 * The engine's uploads in flight (upload.* methods): bytes arrive in order into a buffer of the
 * declared size, and the method that uses an upload takes it out (once). Kept in memory: an
 * upload is a list of IDs or a definition file, never a data file (those are read by path).
 */
export class UploadStore {
  private readonly uploads = new Map<string, Upload>();

  constructor(private readonly limits = { maxTotalBytes: MAX_UPLOADS_TOTAL_BYTES, idleMs: UPLOAD_IDLE_MS }, private readonly clock: () => number = Date.now) {}

  begin(size: number): string {
    this.expireIdle();
    const held = [...this.uploads.values()].reduce((sum, upload) => sum + upload.bytes.byteLength, 0);
    if (held + size > this.limits.maxTotalBytes) {
      throw new AppError('INVALID_ARGUMENT', `an upload of ${size} bytes does not fit beside the ${held} bytes already held`, { bytes: size, limit: this.limits.maxTotalBytes - held }, 'error.UPLOAD_TOO_LARGE');
    }
    const id = `u${randomBytes(16).toString('hex')}`;
    this.uploads.set(id, { bytes: new Uint8Array(size), received: 0, complete: false, touched: this.clock() });
    return id;
  }

  chunk(id: string, offset: number, data: Uint8Array): number {
    const upload = this.open(id);
    if (offset !== upload.received) {
      throw new AppError('INVALID_ARGUMENT', `upload chunk at ${offset}, expected ${upload.received}`, { offset, expected: upload.received }, 'error.UPLOAD_OUT_OF_ORDER');
    }
    if (offset + data.byteLength > upload.bytes.byteLength) {
      throw new AppError('INVALID_ARGUMENT', `upload chunk runs past the declared ${upload.bytes.byteLength} bytes`, { bytes: upload.bytes.byteLength, received: offset + data.byteLength }, 'error.UPLOAD_SIZE_MISMATCH');
    }
    upload.bytes.set(data, offset);
    upload.received += data.byteLength;
    return upload.received;
  }

  end(id: string): number {
    const upload = this.open(id);
    if (upload.received !== upload.bytes.byteLength) {
      throw new AppError('INVALID_ARGUMENT', `upload has ${upload.received} of its ${upload.bytes.byteLength} bytes`, { bytes: upload.bytes.byteLength, received: upload.received }, 'error.UPLOAD_SIZE_MISMATCH');
    }
    upload.complete = true;
    return upload.received;
  }

  /** The complete upload's bytes; it is gone from the store afterwards. */
  take(id: string): Uint8Array {
    this.expireIdle();
    const upload = this.uploads.get(id);
    if (!upload?.complete) throw new AppError('NOT_FOUND', `no complete upload ${id}`, { uploadId: id }, 'error.UPLOAD_NOT_FOUND');
    this.uploads.delete(id);
    return upload.bytes;
  }

  discard(id: string): boolean {
    return this.uploads.delete(id);
  }

  private open(id: string): Upload {
    this.expireIdle();
    const upload = this.uploads.get(id);
    if (!upload || upload.complete) throw new AppError('NOT_FOUND', `no upload ${id} in progress`, { uploadId: id }, 'error.UPLOAD_NOT_FOUND');
    upload.touched = this.clock();
    return upload;
  }

  private expireIdle(): void {
    const now = this.clock();
    for (const [id, upload] of this.uploads) if (now - upload.touched > this.limits.idleMs) this.uploads.delete(id);
  }
}
