import { z } from 'zod';
import { errorPayloadSchema } from './errors';

/**
 * The envelope every message between a UI and the engine travels in, whatever the transport
 * (Electron MessagePort, WebSocket in browser mode, in-process calls in the CLI and tests).
 * A request's id is also its job id: progress events and cancel refer to it.
 */
/**
 * The largest request frame the engine reads (16 MiB). Larger inputs (a list of millions of
 * customer IDs) travel in chunks through upload.* and are referred to by their upload id.
 */
export const MAX_REQUEST_FRAME_BYTES = 16 * 1024 * 1024;

/** Requests one client may have waiting or running at once; more are refused (error.TOO_MANY_REQUESTS). */
export const MAX_PENDING_REQUESTS = 10_000;

export const requestMessageSchema = z.object({
  type: z.literal('request'),
  id: z.string().min(1).max(64),
  method: z.string().min(1).max(100),
  params: z.unknown(),
  /** Requests that share this key supersede each other: a newer one cancels the older. */
  supersede: z.string().min(1).max(200).optional(),
});

export const cancelMessageSchema = z.object({
  type: z.literal('cancel'),
  id: z.string().min(1).max(64),
});

export const progressSchema = z.object({
  fraction: z.number().min(0).max(1).nullable(),
  rows: z.number().nonnegative().nullable(),
  message: z.string().nullable(),
});
export type Progress = z.infer<typeof progressSchema>;

export const progressMessageSchema = progressSchema.extend({
  type: z.literal('progress'),
  id: z.string(),
});

export const responseMessageSchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('response'), id: z.string(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('response'), id: z.string(), ok: z.literal(false), error: errorPayloadSchema }),
]);

export const clientMessageSchema = z.discriminatedUnion('type', [requestMessageSchema, cancelMessageSchema]);
export const serverMessageSchema = z.union([responseMessageSchema, progressMessageSchema]);

export type RequestMessage = z.infer<typeof requestMessageSchema>;
export type CancelMessage = z.infer<typeof cancelMessageSchema>;
export type ProgressMessage = z.infer<typeof progressMessageSchema>;
export type ResponseMessage = z.infer<typeof responseMessageSchema>;
export type ClientMessage = z.infer<typeof clientMessageSchema>;
export type ServerMessage = z.infer<typeof serverMessageSchema>;
