import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { ColumnKind, CsvSettings, DetectResult } from '../../shared/import-types';
import type { JobContext } from '../jobs/job-context';
import { completeLines, splitRecords, type CsvRecord } from './csv-records';
import { detectDelimiter, detectHeaderLine, detectQuote, looksLikeHeader } from './dialect-detect';
import { decoderLabel, detectEncoding } from './encoding-detect';
import { readSample, readTail } from './file-bytes';
import { assertTextSample } from './text-file-check';
import { LineEndingScan, lineEndingKind } from './line-endings';
import { missingTokens, nearNumericColumns } from './sample-findings';
import { detectTrailer, type Trailer } from './trailer-detect';
import { centuryChoice, twoDigitYearColumns } from './two-digit-years';
import { canonicalColumn } from './canonical-model';
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
  /** The file's last line, when it is a trailer (合计:N条, EOF…): not a record. */
  trailer?: Trailer | null;
  lineEndings?: DetectResult['lineEndings'];
}

/** How far from the end of a file a trailer line is looked for. */
const TAIL_BYTES = 4096;

/** A trailer holds a keyword and a count at most: fewer filled fields than a record (a single-column file aside). */
function plausibleTrailer(trailer: Trailer | null, width: number): Trailer | null {
  if (!trailer) return null;
  const filled = trailer.fields.filter((f) => f !== '').length;
  return width <= 1 || filled <= Math.max(2, Math.floor(width / 2)) ? trailer : null;
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
  assertTextSample(file, sample, guess.encoding);
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
  const titleLines = text.split(/\r\n|\r|\n/).slice(0, headerRecord.line).filter((l) => l.trim() !== '');
  const tailText = cut ? new TextDecoder(decoderLabel(guess.encoding)).decode(await readTail(file, TAIL_BYTES)) : text;
  const trailer = plausibleTrailer(detectTrailer(tailText, delimiter, quote), width);
  // A sample that is the whole file holds the trailer as its last record.
  if (trailer && !cut && dataRecords.length > 0) dataRecords.pop();
  const endings = new LineEndingScan();
  endings.update(text);
  return {
    settings: { encoding: guess.encoding, delimiter, quote, headerLine: headerRecord.line, hasHeader },
    encodingConfidence: guess.confidence,
    titleLines,
    headers,
    rows: dataRecords.map((r) => r.fields),
    sizeBytes: size,
    trailer,
    lineEndings: lineEndingKind(endings.finish()),
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
  const sha256 = await cachedFileHash(file, ctx, (read) => ctx.progress({ fraction: Math.min(1, read / Math.max(1, layout.sizeBytes)), message: { key: 'progress.import.hash', params: { file: path.basename(file) } } }));
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
    missingTokens: missingTokens(layout.headers, layout.rows),
    nearNumeric: nearNumericColumns(layout.headers, layout.rows),
    centuries: detectCenturies(layout, suggestion.columns, suggestion.table),
    trailer: layout.trailer ? { text: layout.trailer.text, statedRows: layout.trailer.statedRows } : null,
    lineEndings: layout.lineEndings ?? 'none',
  };
}

/** Date columns with two-digit years in the sample, each with the century rule the import will apply. */
function detectCenturies(layout: FileLayout, columns: DetectResult['columns'], table: string): DetectResult['centuries'] {
  const dated = columns
    .filter((c) => {
      const kind = (c.target ? canonicalColumn(table, c.target)?.kind : undefined) ?? c.kind;
      return kind === 'date' || kind === 'timestamp' || kind === 'month';
    })
    .map((c) => c.index);
  const found = twoDigitYearColumns(layout.rows, dated);
  if (found.length === 0) return [];
  const choice = centuryChoice(layout.rows, undefined);
  return found.map((i) => ({ column: layout.headers[i]!, ...choice }));
}
