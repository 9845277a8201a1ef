import { z } from 'zod';

/**
 * Why a row of an imported file was not loaded, as a code the UI translates (zh/en, message key
 * `reject.<code>`) with its parameters, instead of DuckDB's English text. The text DuckDB gave is
 * kept beside it (`reason`) as a detail for experts.
 */
export const REJECT_CODES = [
  /** A value is not a valid `expected` (a kind: date, decimal…, or DuckDB's type name): params value, expected. */
  'cannotConvert',
  /** The line has more fields than the header: params expected, found. */
  'tooManyColumns',
  /** The line has fewer fields than the header: params expected, found. */
  'missingColumns',
  /** A quote opens a field that never closes. */
  'unquotedValue',
  /** The line is longer than the reader accepts. */
  'lineTooLong',
  /** Bytes that are not valid in the file's encoding. */
  'invalidEncoding',
  /** Anything else the reader refused (see the reason). */
  'other',
] as const;
export const rejectCodeSchema = z.enum(REJECT_CODES);
export type RejectCode = z.infer<typeof rejectCodeSchema>;

export const rejectParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]));
export type RejectParams = z.infer<typeof rejectParamsSchema>;
