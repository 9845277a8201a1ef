import type { Handlers } from '../rpc/handlers';
import type { UploadStore } from './upload-store';

type UploadHandlerNames = Extract<keyof Handlers, `upload.${string}`>;

/** upload.begin / chunk / end / discard: large inputs in chunks (see src/shared/upload-methods.ts). */
export function createUploadHandlers(uploads: UploadStore): Pick<Handlers, UploadHandlerNames> {
  return {
    'upload.begin': async (params) => ({ uploadId: uploads.begin(params.bytes) }),
    'upload.chunk': async (params) => ({ received: uploads.chunk(params.uploadId, params.offset, params.data) }),
    'upload.end': async (params) => ({ uploadId: params.uploadId, bytes: uploads.end(params.uploadId) }),
    'upload.discard': async (params) => ({ discarded: uploads.discard(params.uploadId) }),
  };
}
