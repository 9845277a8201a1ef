import fs from 'node:fs';
import path from 'node:path';
import { AppError, isCancellation, toAppError } from '../../shared/errors';
import type { CheckFilesParams, CheckFilesResult, ColumnMapping, CsvSettings, FileCheck, FileIssue, ImportEncoding } from '../../shared/import-types';
import type { JobContext } from '../jobs/job-context';
import type { Session } from '../workspace';
import { detectEncoding } from './encoding-detect';
import { readSample } from './file-bytes';
import { cachedFileHash } from './file-hash-cache';
import { detectLayout, SAMPLE_BYTES, type FileLayout, type HashLookup } from './import-detect';
import { suggestMapping } from './mapping-suggest';
import { isParquet, parquetLayout } from './parquet-source';
import { detectXlsx, isXlsx, sheetHash } from './xlsx-source';
import type { ProgressText } from '../../shared/protocol';

/**
 * import.checkFiles: every file of a multi-file import read the way import.run will read it — the
 * same detection (detectLayout, detectXlsx, parquetLayout) with the same overrides — and compared
 * with the first readable file and with the planned mapping. import.run maps columns by header
 * name, file by file, so what matters is whether each file's header holds the mapped columns;
 * encoding, delimiter, quote and title lines are detected per file at run time and only noted.
 *
 * With `hash`, every readable file is hashed as import.run hashes it (sha256 of its bytes; a sheet:
 * sheetHash) to say whether it was imported before — the same look-up import.detect makes.
 */

/** Progress units of reading one file's sample (hashing counts its bytes). */
const READ_UNITS = SAMPLE_BYTES;

interface ReadFile {
  path: string;
  format: FileCheck['format'];
  sizeBytes: number | null;
  layout: FileLayout | null;
  /** Excel: the sheet read. */
  sheet?: string;
  /** CSV with an encoding override: what the file's bytes look like on their own. */
  ownEncoding?: ImportEncoding;
  /** Why it could not be read. */
  issue?: FileIssue;
}

export async function checkFiles(session: Session, params: CheckFilesParams, ctx: JobContext, lookup: HashLookup): Promise<CheckFilesResult> {
  const files = params.files.map((f) => path.resolve(f));
  const sizes = await Promise.all(files.map((f) => fs.promises.stat(f).then((s) => (s.isFile() ? s.size : 0), () => 0)));
  const readUnits = (i: number) => Math.min(sizes[i]!, READ_UNITS) + 1;
  const total = files.reduce((sum, _f, i) => sum + readUnits(i) + (params.hash ? sizes[i]! : 0), 0);
  let done = 0;
  const report = (message?: ProgressText) => ctx.progress({ fraction: Math.min(0.999, done / Math.max(1, total)), ...(message !== undefined ? { message } : {}) });

  // 1. Every file as the import reads it.
  const read: ReadFile[] = [];
  for (const [i, file] of files.entries()) {
    ctx.token.throwIfCancelled();
    report({ key: 'progress.import.check', params: { file: path.basename(file) } });
    read.push(await readFile(session, file, params, ctx));
    done += readUnits(i);
  }

  // 2. The plan: the mapping the wizard shows (or the first file's suggestion), and the file it was made from.
  const reference = read.find((r) => r.layout !== null) ?? null;
  const mapping: ColumnMapping = params.mapping ?? (reference?.layout ? suggestedMapping(reference.layout, params.table) : {});

  const checks: FileCheck[] = read.map((r) => {
    const issues: FileIssue[] = r.issue ? [r.issue] : reference && r.layout ? compare(r, reference, mapping, params) : [];
    if (r.layout && r.layout.rows.length === 0 && !issues.some((x) => x.severity === 'error')) issues.push({ code: 'no-rows', severity: 'warning', details: {} });
    return {
      path: r.path,
      format: r.format,
      sizeBytes: r.sizeBytes,
      settings: r.layout ? r.layout.settings : null,
      ...(r.sheet !== undefined ? { sheet: r.sheet } : {}),
      headers: r.layout ? r.layout.headers : [],
      sha256: null,
      alreadyImported: null,
      status: 'ok',
      issues,
    };
  });

  // 3. Content hashes: imported before, and the same content twice in the selection.
  if (params.hash) {
    const firstWith = new Map<string, string>();
    for (const [i, check] of checks.entries()) {
      const r = read[i]!;
      if (!r.layout) {
        done += sizes[i]!;
        continue;
      }
      ctx.token.throwIfCancelled();
      const start = done;
      report({ key: 'progress.import.hash', params: { file: path.basename(r.path) } });
      let sha256: string;
      try {
        sha256 = await cachedFileHash(r.path, ctx, (bytes) => {
          done = start + Math.min(bytes, sizes[i]!);
          report();
        });
      } catch (error) {
        if (ctx.token.isCancelled || isCancellation(error)) throw ctx.token.cancellationError() ?? error;
        check.issues.unshift(unreadable(r.path, error));
        done = start + sizes[i]!;
        continue;
      }
      done = start + sizes[i]!;
      check.sha256 = sha256;
      // What import.run records: a file's hash, or per sheet of a workbook the sheet's hash.
      const recorded = r.format === 'xlsx' ? (params.sheets ?? (r.sheet !== undefined ? [r.sheet] : [])).map((s) => sheetHash(sha256, s)) : [sha256];
      for (const sha of recorded) {
        check.alreadyImported = await lookup(sha);
        if (check.alreadyImported) break;
      }
      if (check.alreadyImported) {
        check.issues.push({ code: 'already-imported', severity: 'warning', details: { table: check.alreadyImported.table, at: check.alreadyImported.at } });
      }
      const twin = firstWith.get(sha256);
      if (twin !== undefined) check.issues.push({ code: 'same-content', severity: 'warning', details: { file: twin } });
      else firstWith.set(sha256, r.path);
    }
  }

  for (const check of checks) {
    check.issues.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
    const worst = check.issues[0]?.severity;
    check.status = worst === 'error' ? 'error' : worst === 'warning' ? 'warning' : 'ok';
  }
  ctx.progress({ fraction: 1, message: { key: 'progress.import.checked' } });
  return { reference: reference?.path ?? null, hashed: params.hash, files: checks };
}

const SEVERITY_RANK = { info: 0, warning: 1, error: 2 } as const;

/** A file read with the detection import.run uses for it, or the reason it cannot be. */
async function readFile(session: Session, file: string, params: CheckFilesParams, ctx: JobContext): Promise<ReadFile> {
  const format: FileCheck['format'] = isXlsx(file) ? 'xlsx' : isParquet(file) ? 'parquet' : 'csv';
  let sizeBytes: number | null = null;
  try {
    const stat = await fs.promises.stat(file).catch((error: NodeJS.ErrnoException) => {
      throw new AppError('IO_ERROR', `cannot open ${file}: ${error.code ?? error.message}`, { file }, 'error.IMPORT_FILE_UNREADABLE');
    });
    if (!stat.isFile()) throw new AppError('IO_ERROR', `cannot open ${file}: not a file`, { file }, 'error.IMPORT_FILE_UNREADABLE');
    sizeBytes = stat.size;
    if (format === 'xlsx') {
      const headerLine = params.headerLine ?? params.overrides.headerLine;
      const { layout, sheet } = await detectXlsx(file, params.sheets?.[0], { headerLine, hasHeader: params.overrides.hasHeader }, ctx);
      return { path: file, format, sizeBytes, layout, sheet };
    }
    if (format === 'parquet') return { path: file, format, sizeBytes, layout: await parquetLayout(session, file, stat.size) };
    // As import.run: the Excel header row stands for a CSV header line when none is set (and fits one).
    const overrides: Partial<CsvSettings> =
      params.headerLine !== undefined && params.overrides.headerLine === undefined && params.headerLine <= 1000 ? { ...params.overrides, headerLine: params.headerLine } : params.overrides;
    const layout = await detectLayout(file, overrides);
    // With an encoding set by the analyst every file is read in it: say when a file's bytes say otherwise.
    const ownEncoding = overrides.encoding ? detectEncoding((await readSample(file, SAMPLE_BYTES)).sample).encoding : undefined;
    return { path: file, format, sizeBytes, layout, ...(ownEncoding ? { ownEncoding } : {}) };
  } catch (error) {
    if (ctx.token.isCancelled || isCancellation(error)) throw ctx.token.cancellationError() ?? error;
    return { path: file, format, sizeBytes, layout: null, issue: unreadable(file, error) };
  }
}

function unreadable(file: string, error: unknown): FileIssue {
  const appError = toAppError(error);
  const payload = { ...appError.toPayload(), details: { file, ...appError.details } };
  if (appError.messageKey === 'error.IMPORT_EMPTY_FILE') return { code: 'empty', severity: 'error', details: {}, error: payload };
  if (appError.messageKey === 'error.IMPORT_XLSX_NO_SHEET') return { code: 'sheet-missing', severity: 'error', details: { sheet: appError.details.sheet ?? null }, error: payload };
  return { code: 'unreadable', severity: 'error', details: {}, error: payload };
}

function suggestedMapping(layout: FileLayout, table: string | undefined): ColumnMapping {
  const suggestion = suggestMapping(layout.headers, layout.rows.slice(0, 1000), table);
  return Object.fromEntries(suggestion.columns.map((c) => [c.source, c.target]));
}

/** How a readable file differs from the reference file, and what of the plan it cannot follow. */
function compare(file: ReadFile, reference: ReadFile, mapping: ColumnMapping, params: CheckFilesParams): FileIssue[] {
  const issues: FileIssue[] = [];
  const mine = file.layout!;
  const theirs = reference.layout!;
  const differs = (code: FileIssue['code'], value: string | number, expected: string | number) => {
    if (value !== expected) issues.push({ code, severity: 'info', details: { value, expected } });
  };
  differs('format', file.format ?? '', reference.format ?? '');
  if (file.format === 'csv' && reference.format === 'csv') {
    differs('encoding', mine.settings.encoding, theirs.settings.encoding);
    if (params.overrides.encoding && file.ownEncoding && reference.ownEncoding && file.ownEncoding !== reference.ownEncoding) {
      issues.push({ code: 'encoding-override', severity: 'warning', details: { value: params.overrides.encoding, detected: file.ownEncoding, expected: reference.ownEncoding } });
    }
    differs('delimiter', mine.settings.delimiter, theirs.settings.delimiter);
    differs('quote', mine.settings.quote, theirs.settings.quote);
  }
  if (mine.settings.hasHeader === theirs.settings.hasHeader) differs('header-line', mine.settings.headerLine + 1, theirs.settings.headerLine + 1);

  // Columns are matched by header name: without a header (or with one where the plan has none) nothing matches.
  if (theirs.settings.hasHeader && !mine.settings.hasHeader) {
    issues.push({ code: 'no-header', severity: 'error', details: { line: mine.settings.headerLine + 1, expected: theirs.settings.headerLine + 1 } });
    return issues;
  }
  if (!theirs.settings.hasHeader && mine.settings.hasHeader) {
    issues.push({ code: 'unexpected-header', severity: 'error', details: { line: mine.settings.headerLine + 1 } });
    return issues;
  }
  const headers = new Set(mine.headers);
  const referenceHeaders = new Set(theirs.headers);
  const mapped = Object.entries(mapping).filter((e): e is [string, string] => e[1] !== null);
  const missingMapped = mapped.filter(([source]) => !headers.has(source));
  if (missingMapped.length > 0) {
    issues.push({ code: 'missing-mapped', severity: 'error', columns: missingMapped.map(([s]) => s), targets: missingMapped.map(([, t]) => t), details: { count: missingMapped.length } });
  }
  const missingKept = theirs.headers.filter((h) => !headers.has(h) && (mapping[h] ?? null) === null);
  if (missingKept.length > 0) issues.push({ code: 'missing-columns', severity: 'warning', columns: missingKept, details: { count: missingKept.length } });
  const extra = mine.headers.filter((h) => !referenceHeaders.has(h) && !Object.prototype.hasOwnProperty.call(mapping, h));
  if (extra.length > 0) issues.push({ code: 'extra-columns', severity: 'warning', columns: extra, details: { count: extra.length } });
  const shared = mine.headers.filter((h) => referenceHeaders.has(h));
  const referenceOrder = theirs.headers.filter((h) => headers.has(h));
  if (shared.some((h, i) => h !== referenceOrder[i])) issues.push({ code: 'column-order', severity: 'info', details: {} });
  return issues;
}
