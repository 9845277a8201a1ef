import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { UPLOAD_IDLE_MS } from './upload-store';

/** Finished file uploads kept on disk (the wizard reads one file several times: detect, preview, import). */
export const FILE_UPLOADS_KEPT = 8;

interface FileUpload {
  path: string;
  fd: number | null;
  size: number;
  received: number;
  touched: number;
}

/**
 * Data files picked in the browser (the file dialog or a drop on the import wizard): each chunk is
 * written to a file in the temp folder's uploads/ as it arrives, so a 2 GB export never sits in memory. The
 * directory lies in the workspace temp folder, which DuckDB may read after the lockdown; the
 * import then reads the file by its path like a file typed in. Ids share the upload.* methods
 * (and their id format) with the in-memory UploadStore.
 */
export class FileUploadStore {
  private readonly uploads = new Map<string, FileUpload>();
  private readonly finished: string[] = [];

  constructor(
    /** The workspace temp folder (DuckDB may read it); files go to its uploads/ folder. */
    private readonly tempDirectory: () => string,
    private readonly idleMs = UPLOAD_IDLE_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  has(id: string): boolean {
    return this.uploads.has(id);
  }

  begin(size: number, fileName: string): string {
    this.expireIdle();
    const id = `u${randomBytes(16).toString('hex')}`;
    const folder = path.join(this.tempDirectory(), 'uploads', id);
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, safeFileName(fileName));
    this.uploads.set(id, { path: file, fd: fs.openSync(file, 'w'), size, received: 0, touched: this.clock() });
    return id;
  }

  chunk(id: string, offset: number, data: Uint8Array): number {
    const upload = this.open(id);
    if (offset !== upload.received) {
      throw new AppError('INVALID_ARGUMENT', `upload chunk at ${offset}, expected ${upload.received}`, { offset, expected: upload.received }, 'error.UPLOAD_OUT_OF_ORDER');
    }
    if (offset + data.byteLength > upload.size) {
      throw new AppError('INVALID_ARGUMENT', `upload chunk runs past the declared ${upload.size} bytes`, { bytes: upload.size, received: offset + data.byteLength }, 'error.UPLOAD_SIZE_MISMATCH');
    }
    let written = 0;
    while (written < data.byteLength) written += fs.writeSync(upload.fd!, data, written, data.byteLength - written, offset + written);
    upload.received += data.byteLength;
    return upload.received;
  }

  /** Closes the complete file and gives its path; the oldest finished uploads beyond FILE_UPLOADS_KEPT are deleted. */
  end(id: string): { bytes: number; path: string } {
    const upload = this.open(id);
    if (upload.received !== upload.size) {
      throw new AppError('INVALID_ARGUMENT', `upload has ${upload.received} of its ${upload.size} bytes`, { bytes: upload.size, received: upload.received }, 'error.UPLOAD_SIZE_MISMATCH');
    }
    fs.closeSync(upload.fd!);
    upload.fd = null;
    this.finished.push(id);
    while (this.finished.length > FILE_UPLOADS_KEPT) this.remove(this.finished.shift()!);
    return { bytes: upload.received, path: upload.path };
  }

  discard(id: string): boolean {
    if (!this.uploads.has(id)) return false;
    this.remove(id);
    return true;
  }

  private remove(id: string): void {
    const upload = this.uploads.get(id);
    if (!upload) return;
    this.uploads.delete(id);
    if (upload.fd !== null) fs.closeSync(upload.fd);
    fs.rmSync(path.dirname(upload.path), { recursive: true, force: true });
  }

  /** An upload still receiving chunks (its file is open). */
  private open(id: string): FileUpload {
    this.expireIdle();
    const upload = this.uploads.get(id);
    if (!upload || upload.fd === null) throw new AppError('NOT_FOUND', `no upload ${id} in progress`, { uploadId: id }, 'error.UPLOAD_NOT_FOUND');
    upload.touched = this.clock();
    return upload;
  }

  /** An unfinished upload nobody touched for idleMs (a closed tab) is deleted; finished files stay until pushed out. */
  private expireIdle(): void {
    const now = this.clock();
    for (const [id, upload] of this.uploads) if (upload.fd !== null && now - upload.touched > this.idleMs) this.remove(id);
  }
}

/** The picked file's own name, without anything that would leave the upload's folder. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f<>:"|?*]/g, '_').replace(/^\.+/, '').trim();
  return cleaned === '' ? 'upload' : cleaned.slice(0, 200);
}
