import type { EngineClient } from './engine-client';
import { AppError } from './errors';
import { UPLOAD_CHUNK_BYTES } from './upload-methods';

export interface UploadOptions {
  signal?: AbortSignal;
  /** Fraction of the bytes sent, after each chunk. */
  onProgress?: (fraction: number) => void;
}

/**
 * Sends bytes to the engine in chunks (upload.begin / chunk / end) and returns the upload id that
 * a method such as segment.fromIds takes instead of an inline value. The one way the renderer and
 * the CLI pass a large input; a failed or cancelled upload is discarded.
 */
export async function uploadBytes(client: EngineClient, bytes: Uint8Array, options: UploadOptions = {}): Promise<string> {
  const { signal, onProgress } = options;
  const { uploadId } = await client.call('upload.begin', { bytes: bytes.byteLength }, { signal });
  try {
    for (let offset = 0; offset < bytes.byteLength; offset += UPLOAD_CHUNK_BYTES) {
      if (signal?.aborted) throw new AppError('CANCELLED', 'upload cancelled');
      const data = bytes.subarray(offset, Math.min(bytes.byteLength, offset + UPLOAD_CHUNK_BYTES));
      await client.call('upload.chunk', { uploadId, offset, data }, { signal });
      onProgress?.(Math.min(1, (offset + data.byteLength) / Math.max(1, bytes.byteLength)));
    }
    await client.call('upload.end', { uploadId }, { signal });
    return uploadId;
  } catch (error) {
    await client.call('upload.discard', { uploadId }).catch(() => undefined);
    throw error;
  }
}

/** Text as UTF-8, uploaded. */
export function uploadText(client: EngineClient, text: string, options: UploadOptions = {}): Promise<string> {
  return uploadBytes(client, new TextEncoder().encode(text), options);
}

/** A picked file as the browser (File) or Node (Blob) gives it: read piece by piece, never whole. */
export interface PickedFile {
  readonly name: string;
  readonly size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/**
 * Streams a picked data file to the engine, one chunk read from the file at a time, and returns
 * where the engine wrote it: the import then reads that path like a typed one.
 */
export async function uploadFile(client: EngineClient, file: PickedFile, options: UploadOptions = {}): Promise<{ uploadId: string; path: string; bytes: number }> {
  const { signal, onProgress } = options;
  const { uploadId } = await client.call('upload.begin', { bytes: file.size, fileName: file.name }, { signal });
  try {
    for (let offset = 0; offset < file.size; offset += UPLOAD_CHUNK_BYTES) {
      if (signal?.aborted) throw new AppError('CANCELLED', 'upload cancelled');
      const data = new Uint8Array(await file.slice(offset, Math.min(file.size, offset + UPLOAD_CHUNK_BYTES)).arrayBuffer());
      await client.call('upload.chunk', { uploadId, offset, data }, { signal });
      onProgress?.(Math.min(1, (offset + data.byteLength) / Math.max(1, file.size)));
    }
    const end = await client.call('upload.end', { uploadId }, { signal });
    if (end.path === undefined) throw new AppError('INTERNAL', 'the engine kept no file for the upload');
    return { uploadId, path: end.path, bytes: end.bytes };
  } catch (error) {
    await client.call('upload.discard', { uploadId }).catch(() => undefined);
    throw error;
  }
}
