import { z } from 'zod';

/**
 * Uploads: an input too large for one request (a list of millions of customer IDs, a static
 * segment's definition file) is sent in chunks and then referred to by its upload id. The frame
 * limit (MAX_REQUEST_FRAME_BYTES) stays small, so no legitimate call comes near it.
 *
 * upload.begin declares the size; upload.chunk sends the bytes in order (each chunk's offset is
 * the number of bytes sent so far); upload.end checks that all arrived. The method that takes
 * the upload consumes it; an upload left idle expires.
 */
export const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024;
/** The largest single upload (5,000,000 IDs with a description column fit several times over). */
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

export const uploadIdSchema = z.string().regex(/^u[0-9a-f]{32}$/, 'expected an upload id');

const uploadBytesSchema = z.custom<Uint8Array>((value) => value instanceof Uint8Array && value.byteLength <= 2 * UPLOAD_CHUNK_BYTES, 'expected a chunk of at most 8 MiB of bytes');

export const uploadMethods = {
  'upload.begin': {
    params: z.object({ bytes: z.number().int().min(0).max(MAX_UPLOAD_BYTES) }),
    result: z.object({ uploadId: uploadIdSchema }),
  },
  'upload.chunk': {
    params: z.object({ uploadId: uploadIdSchema, offset: z.number().int().min(0).max(MAX_UPLOAD_BYTES), data: uploadBytesSchema }),
    result: z.object({ received: z.number().int().nonnegative() }),
  },
  'upload.end': {
    params: z.object({ uploadId: uploadIdSchema }),
    result: z.object({ uploadId: uploadIdSchema, bytes: z.number().int().nonnegative() }),
  },
  /** Drops an upload that will not be used (a cancelled dialog); false if there was none. */
  'upload.discard': {
    params: z.object({ uploadId: uploadIdSchema }),
    result: z.object({ discarded: z.boolean() }),
  },
} as const;
