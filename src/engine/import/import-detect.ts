import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { ColumnKind, CsvSettings, DetectResult } from '../../shared/import-types';
import type { JobContext } from '../jobs/job-context';
import { completeLines, splitRecords, type CsvRecord } from './csv-records';
import { detectDelimiter, detectHeaderLine, detectQuote, looksLikeHeader } from './dialect-detect';
import { decoderLabel, detectEncoding } from './encoding-detect';
import { readSample } from './file-bytes';
import { cachedFileHash } from './file-hash-cache';
import { suggestMapping } from './mapping-suggest';

export const SAMPLE_BYTES = 512 * 1024;

export interface FileLayout {
  settings: CsvSettings;
  encodingConfidence: number;
  titleLines: string[];
  headers: string[];
  /** Data records of the sample. */
  rows: string[][];
  sizeBytes: number;
  /** Per source column, a kind the source's own cell types call for (Excel text cells of digits stay text). */
  kindHints?: Array<ColumnKind | null>;
}

/** Header names as the table will have them: trimmed, never empty, unique. */
export function cleanHeaders(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    // A BOM or NUL anywhere in a header (files joined end to end, a damaged export) is not part of a name.
    let name = h.replace(/[\uFEFF\u0000]/g, '').trim() || `column_${i + 1}`;
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    if (n > 0) name = `${name}_${n + 1}`;
    return name;
  });
}

function isBlank(r: CsvRecord): boolean {
  return r.fields.length === 1 && r.fields[0]!.trim() === '';
}

/** Encoding, dialect, header and title lines of a file from a sample, with overrides applied. */
export async function detectLayout(file: string, overrides: Partial<CsvSettings>): Promise<FileLayout> {
  const { sample, size, cut } = await readSample(file, SAMPLE_BYTES);
  if (size === 0) throw new AppError('INVALID_ARGUMENT', `${path.basename(file)} is empty`, { file }, 'error.IMPORT_EMPTY_FILE');
  const guess = overrides.encoding ? { encoding: overrides.encoding, confidence: 1 } : detectEncoding(sample);
  let text: string;
  try {
    text = new TextDecoder(decoderLabel(guess.encoding)).decode(sample, { stream: cut });
  } catch {
    throw new AppError('INVALID_ARGUMENT', `unknown encoding ${guess.encoding}`, { encoding: guess.encoding }, 'error.IMPORT_ENCODING');
  }
  text = completeLines(text.replace(/^\uFEFF/, ''), cut);

  const delimiter = overrides.delimiter ?? detectDelimiter(text);
  const quote = overrides.quote ?? detectQuote(text, delimiter);
  const records = splitRecords(text, delimiter, quote, 5_000);
  let headerIndex: number;
  if (overrides.headerLine !== undefined) {
    headerIndex = records.findIndex((r) => r.line >= overrides.headerLine!);
    if (headerIndex < 0) throw new AppError('INVALID_ARGUMENT', `the file has no line ${overrides.headerLine + 1}`, { line: overrides.headerLine + 1 }, 'error.IMPORT_HEADER_LINE');
  } else headerIndex = detectHeaderLine(records).index;
  const headerRecord = records[headerIndex] ?? { line: 0, fields: [] };
  const after = records.slice(headerIndex + 1).filter((r) => !isBlank(r));
  const hasHeader = overrides.hasHeader ?? looksLikeHeader(headerRecord.fields, after.slice(0, 20).map((r) => r.fields));
  const dataRecords = hasHeader ? after : [headerRecord, ...after];
  const width = Math.max(headerRecord.fields.length, 1);
  const headers = hasHeader ? cleanHeaders(headerRecord.fields) : Array.from({ length: width }, (_, i) => `column_${i + 1}`);
  const titleLines = text.split(/\r?\n/).slice(0, headerRecord.line).filter((l) => l.trim() !== '');
  return {
    settings: { encoding: guess.encoding, delimiter, quote, headerLine: headerRecord.line, hasHeader },
    encodingConfidence: guess.confidence,
    titleLines,
    headers,
    rows: dataRecords.map((r) => r.fields),
    sizeBytes: size,
  };
}

export type HashLookup = (sha256: string) => Promise<DetectResult['alreadyImported']>;

export async function detectFile(
  file: string,
  options: { overrides: Partial<CsvSettings>; table?: string; previewRows: number },
  ctx: JobContext,
  lookup: HashLookup,
): Promise<DetectResult> {
  const layout = await detectLayout(file, options.overrides);
  const sha256 = await cachedFileHash(file, ctx, (read) => ctx.progress({ fraction: Math.min(1, read / Math.max(1, layout.sizeBytes)), message: 'hash' }));
  return describeLayout(file, layout, sha256, options, lookup, 'csv');
}

/** The detection result for a layout (CSV file, or a sheet of a workbook). */
export async function describeLayout(
  file: string,
  layout: FileLayout,
  sha256: string,
  options: { table?: string; previewRows: number },
  lookup: HashLookup,
  format: DetectResult['format'],
): Promise<DetectResult> {
  const suggestion = suggestMapping(layout.headers, layout.rows.slice(0, 1000), options.table);
  return {
    path: file,
    format,
    sizeBytes: layout.sizeBytes,
    sha256,
    alreadyImported: await lookup(sha256),
    settings: layout.settings,
    encodingConfidence: layout.encodingConfidence,
    titleLines: layout.titleLines,
    headers: layout.headers,
    preview: layout.rows.slice(0, options.previewRows),
    suggestedTable: { table: suggestion.table, confidence: suggestion.confidence },
    tableScores: suggestion.tableScores,
    columns: suggestion.columns,
  };
}
