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

/**
 * The largest data file picked in the browser (`fileName` in upload.begin): written to disk in the
 * engine as it arrives, so its size is bounded by the disk, not by memory.
 */
export const MAX_FILE_UPLOAD_BYTES = 64 * 1024 * 1024 * 1024;

export const uploadIdSchema = z.string().regex(/^u[0-9a-f]{32}$/, 'expected an upload id');

const uploadBytesSchema = z.custom<Uint8Array>((value) => value instanceof Uint8Array && value.byteLength <= 2 * UPLOAD_CHUNK_BYTES, 'expected a chunk of at most 8 MiB of bytes');

export const uploadMethods = {
  'upload.begin': {
    /** With `fileName`: a data file for the import, written to the engine's temp folder (upload.end gives its path). */
    params: z
      .object({ bytes: z.number().int().min(0).max(MAX_FILE_UPLOAD_BYTES), fileName: z.string().min(1).max(255).optional() })
      .refine((p) => p.fileName !== undefined || p.bytes <= MAX_UPLOAD_BYTES, { message: `an upload without fileName holds at most ${MAX_UPLOAD_BYTES} bytes`, path: ['bytes'] }),
    result: z.object({ uploadId: uploadIdSchema }),
  },
  'upload.chunk': {
    params: z.object({ uploadId: uploadIdSchema, offset: z.number().int().min(0).max(MAX_FILE_UPLOAD_BYTES), data: uploadBytesSchema }),
    result: z.object({ received: z.number().int().nonnegative() }),
  },
  'upload.end': {
    params: z.object({ uploadId: uploadIdSchema }),
    /** `path`: where a file upload (begin with fileName) lies in the engine, to be read like a typed path. */
    result: z.object({ uploadId: uploadIdSchema, bytes: z.number().int().nonnegative(), path: z.string().optional() }),
  },
  /** Drops an upload that will not be used (a cancelled dialog); false if there was none. */
  'upload.discard': {
    params: z.object({ uploadId: uploadIdSchema }),
    result: z.object({ discarded: z.boolean() }),
  },
} as const;
