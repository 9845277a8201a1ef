import { z } from 'zod';

/**
 * The one error type of the product. Every failure that crosses the protocol is an AppError:
 * a stable code for programs, a message key the UI translates (zh/en), and details the message
 * interpolates (file, line, column, expected…). Users never see a stack trace.
 */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNKNOWN_METHOD',
  'UNAUTHORIZED',
  'CANCELLED',
  'SUPERSEDED',
  'NOT_FOUND',
  'SQL_ERROR',
  'INVALID_ARGUMENT',
  'WORKSPACE_LOCKED',
  /** The workspace was written by a newer version (its schema version is above this build's). */
  'WORKSPACE_TOO_NEW',
  /** Upgrading an older workspace's schema failed; the file was left as it was. */
  'WORKSPACE_MIGRATION_FAILED',
  'IO_ERROR',
  'INTERNAL',
] as const;

export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export type ErrorDetails = Record<string, string | number | boolean | null>;

export const errorPayloadSchema = z.object({
  code: errorCodeSchema,
  messageKey: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type ErrorPayload = z.infer<typeof errorPayloadSchema>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly messageKey: string;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, messageKey = `error.${code}`) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.messageKey = messageKey;
    this.details = details;
  }

  toPayload(): ErrorPayload {
    return { code: this.code, messageKey: this.messageKey, message: this.message, details: this.details };
  }

  static fromPayload(payload: ErrorPayload): AppError {
    return new AppError(payload.code, payload.message, payload.details, payload.messageKey);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export function isCancellation(error: unknown): boolean {
  return isAppError(error) && (error.code === 'CANCELLED' || error.code === 'SUPERSEDED');
}

/** Turns anything thrown into an AppError without leaking a stack trace to the user. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('INTERNAL', message);
}
