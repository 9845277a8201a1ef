import type { Handlers } from '../rpc/handlers';
import type { FileUploadStore } from './file-upload-store';
import type { UploadStore } from './upload-store';

type UploadHandlerNames = Extract<keyof Handlers, `upload.${string}`>;

/**
 * upload.begin / chunk / end / discard: large inputs in chunks (see src/shared/upload-methods.ts).
 * An upload begun with a file name is a data file, written to disk (FileUploadStore); the others
 * are held in memory for the method that takes them (UploadStore).
 */
export function createUploadHandlers(uploads: UploadStore, files?: FileUploadStore): Pick<Handlers, UploadHandlerNames> {
  return {
    'upload.begin': async (params) => ({ uploadId: params.fileName !== undefined && files ? files.begin(params.bytes, params.fileName) : uploads.begin(params.bytes) }),
    'upload.chunk': async (params) => ({ received: files?.has(params.uploadId) ? files.chunk(params.uploadId, params.offset, params.data) : uploads.chunk(params.uploadId, params.offset, params.data) }),
    'upload.end': async (params) => {
      if (files?.has(params.uploadId)) return { uploadId: params.uploadId, ...files.end(params.uploadId) };
      return { uploadId: params.uploadId, bytes: uploads.end(params.uploadId) };
    },
    'upload.discard': async (params) => ({ discarded: files?.discard(params.uploadId) || uploads.discard(params.uploadId) }),
  };
}
