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

/**
 * What a progress event says, as a message key and its parameters (like an AppError): the UI
 * translates it; the engine never sends prose. Keys live under `progress.` (zh/en in the renderer's
 * message files; a unit test scans the engine for them).
 */
export const progressTextSchema = z.object({
  key: z.string().regex(/^progress\.[A-Za-z0-9_.]+$/),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ProgressText = z.infer<typeof progressTextSchema>;

export const progressSchema = z.object({
  fraction: z.number().min(0).max(1).nullable(),
  rows: z.number().nonnegative().nullable(),
  message: progressTextSchema.nullable(),
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

/**
 * What a committed write changed. The engine pushes one notify per topic to every connected client
 * after the write commits; a UI re-runs the queries a topic invalidates. Closed on purpose: a new
 * capability adds its topics here (campaigns, funnels and models will).
 */
export const CHANGE_TOPICS = [
  /** A table of the workspace was created, replaced, appended to or dropped (imports, demo, SQL console). */
  'tables.changed',
  /** customer_profile was rebuilt (profile.build, or the rebuild after an import). */
  'profile.rebuilt',
  /** A rule got a new version (and the profile's rule columns were re-applied). */
  'rules.changed',
  /** A user tag was saved or deleted. */
  'tags.changed',
  /** A segment was saved, reverted, snapshotted, imported or deleted. */
  'segments.changed',
  /** The import history changed (a new import log). */
  'imports.changed',
  /** A funnel was saved (a new version). */
  'funnels.changed',
  /** A churn definition got a new version. */
  'churn.changed',
  /** A model was trained (a new version) or scored the profile (its score_<name> column). */
  'models.changed',
  /** A campaign was saved, deleted or finalised (issue 14). */
  'campaigns.changed',
] as const;
export const changeTopicSchema = z.enum(CHANGE_TOPICS);
export type ChangeTopic = z.infer<typeof changeTopicSchema>;

/** Pushed by the engine, not an answer to a request: `dataVersion` is the engine's counter after the write. */
export const notifyMessageSchema = z.object({
  type: z.literal('notify'),
  topic: changeTopicSchema,
  dataVersion: z.number().int().nonnegative(),
});

export const clientMessageSchema = z.discriminatedUnion('type', [requestMessageSchema, cancelMessageSchema]);
export const serverMessageSchema = z.union([responseMessageSchema, progressMessageSchema, notifyMessageSchema]);

export type RequestMessage = z.infer<typeof requestMessageSchema>;
export type CancelMessage = z.infer<typeof cancelMessageSchema>;
export type ProgressMessage = z.infer<typeof progressMessageSchema>;
export type NotifyMessage = z.infer<typeof notifyMessageSchema>;
/** What a client's notify listener receives. */
export type ChangeNotice = Omit<NotifyMessage, 'type'>;
export type ResponseMessage = z.infer<typeof responseMessageSchema>;
export type ClientMessage = z.infer<typeof clientMessageSchema>;
export type ServerMessage = z.infer<typeof serverMessageSchema>;
