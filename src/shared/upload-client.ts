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
