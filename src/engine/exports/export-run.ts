import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { ExportFormat, ExportedFile } from '../../shared/campaign-types';
import type { JobContext } from '../jobs/job-context';
import { quoteIdent } from '../sql/identifiers';
import type { Session, SqlParams } from '../workspace';
import { exportSelect, uniqueHeaders, type ExportColumn } from './export-columns';
import { ExportDestination, exportWriteError, sha256OfFile, splitFileName } from './export-destination';
import { MultiByteEncoder } from '../encoding/gbk-encoder';
import { XlsxWriter, type XlsxValue } from './xlsx-writer';

/**
 * One export: a query's rows into CSV (UTF-8 with BOM, or GBK), XLSX or Parquet, as one file or
 * one file per value of a column (per RM, branch or arm). CSV and Parquet are written by DuckDB
 * itself (`COPY … TO`, parallel, the floor the benchmark compares with) into the workspace's temp
 * folder — the only place the locked-down engine may write — and moved into place by Node, which
 * adds the BOM or transcodes to GBK and hashes on the way. XLSX is written by Node from a stream of
 * DuckDB chunks. Nothing is held whole in memory; the destination sees complete files or none.
 */
export interface ExportRequest {
  /** A SELECT over the workspace (user values as bound params). */
  sourceSql: string;
  params?: SqlParams;
  columns: readonly ExportColumn[];
  format: ExportFormat;
  /** A column of the source whose values split the list into files; null: one file. */
  splitBy: string | null;
  /** The file (no split) or the folder (split). */
  outPath: string;
  /** Personal columns masked (the default) or in clear (the caller has recorded the reason). */
  masked: boolean;
  /** XLSX only: the data sheets' name and the summary sheet (parameters, the waterfall). */
  sheetName?: string;
  summary?: { name: string; rows: XlsxValue[][] } | null;
  /** XLSX rows per sheet, the header included (Excel's limit unless a test asks for less). */
  rowsPerSheet?: number;
}

export interface ExportOutcome {
  files: ExportedFile[];
  rows: number;
  /** Characters GBK could not encode (written as '?'). */
  gbkReplaced: number;
  /** XLSX cells cut at Excel's 32,767 characters. */
  truncatedCells: number;
}

const EXTENSION: Record<ExportFormat, string> = { csv: 'csv', 'csv-gbk': 'csv', xlsx: 'xlsx', parquet: 'parquet' };
const SPLIT = '__sw_split';
const HIVE_NULL = '__HIVE_DEFAULT_PARTITION__';

export async function runExport(session: Session, ctx: JobContext, request: ExportRequest): Promise<ExportOutcome> {
  const columns = uniqueHeaders(request.columns);
  const destination = request.splitBy === null ? ExportDestination.forFile(request.outPath) : ExportDestination.forFolder(request.outPath);
  const staging = session.files.scratchDirectory('export');
  try {
    ctx.progress({ fraction: 0, message: { key: 'progress.export.counting' } });
    // One file written by COPY learns its row count from COPY itself: no counting scan.
    const groups = request.splitBy === null && request.format !== 'xlsx' ? null : await groupCounts(session, request);
    const outcome =
      request.format === 'xlsx' ? await writeXlsx(session, ctx, request, columns, groups!, destination) : await writeWithCopy(session, ctx, request, columns, groups, destination, staging);
    ctx.token.throwIfCancelled();
    destination.commit();
    return outcome;
  } catch (error) {
    destination.rollback();
    throw error;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

interface Group {
  value: string | null;
  rows: number;
}

async function groupCounts(session: Session, request: ExportRequest): Promise<Group[]> {
  if (request.splitBy === null) {
    const [row] = await session.rows<{ n: bigint | number }>(`SELECT count(*) AS n FROM (${request.sourceSql}) AS export_source`, request.params);
    return [{ value: null, rows: Number(row?.n ?? 0) }];
  }
  const split = quoteIdent(request.splitBy);
  const rows = await session.rows<{ v: string | null; n: bigint | number }>(
    `SELECT CAST(${split} AS VARCHAR) AS v, count(*) AS n FROM (${request.sourceSql}) AS export_source GROUP BY 1 ORDER BY 1 NULLS LAST`,
    request.params,
  );
  return rows.map((r) => ({ value: r.v, rows: Number(r.n) }));
}

function fileNameFor(request: ExportRequest, group: Group): string {
  if (request.splitBy === null) return path.basename(path.resolve(request.outPath));
  return splitFileName(request.splitBy, group.value, EXTENSION[request.format]);
}

// ---------------------------------------------------------------------------------------------
// CSV and Parquet: DuckDB writes, Node moves (BOM / GBK / as is) and hashes
// ---------------------------------------------------------------------------------------------

async function writeWithCopy(
  session: Session,
  ctx: JobContext,
  request: ExportRequest,
  columns: readonly ExportColumn[],
  splitGroups: readonly Group[] | null,
  destination: ExportDestination,
  staging: string,
): Promise<ExportOutcome> {
  // Excel needs the BOM to read UTF-8: DuckDB writes it as the first character of the header row.
  const headed = request.format === 'csv' ? columns.map((c, i) => (i === 0 ? { ...c, header: `\uFEFF${c.header}` } : c)) : columns;
  const split = request.splitBy === null ? [] : [`CAST(${quoteIdent(request.splitBy)} AS VARCHAR) AS ${quoteIdent(SPLIT)}`];
  const select = exportSelect(request.sourceSql, headed, { masked: request.masked, as: 'header', extra: split });
  const target = request.splitBy === null ? path.join(staging, `data.${EXTENSION[request.format]}`) : path.join(staging, 'parts');
  const format = request.format === 'parquet' ? "FORMAT parquet, COMPRESSION zstd" : "FORMAT csv, HEADER true, NEW_LINE '\\r\\n'";
  const partition = request.splitBy === null ? '' : `, PARTITION_BY (${quoteIdent(SPLIT)}), OVERWRITE_OR_IGNORE true`;
  const expectedRows = splitGroups?.reduce((sum, g) => sum + g.rows, 0) ?? 0;
  const reader = await session.read(`COPY (${select}) TO '${target.replaceAll("'", "''")}' (${format}${partition})`, request.params, {
    from: 0.02,
    to: 0.8,
    message: { key: 'progress.export.writing', params: { rows: expectedRows } },
  });
  const copied = Number((reader.getRows()[0]?.[0] as bigint | number | undefined) ?? 0);
  const groups = splitGroups ?? [{ value: null, rows: copied }];
  // Characters GBK lacks become '?' (counted, reported in the export's warnings).
  const encoder = request.format === 'csv-gbk' ? new MultiByteEncoder('gbk', { replacement: '?' }) : null;
  const files: ExportedFile[] = [];
  for (const [i, group] of groups.entries()) {
    ctx.token.throwIfCancelled();
    ctx.progress({ fraction: 0.8 + (0.2 * i) / Math.max(1, groups.length), message: { key: 'progress.export.moving', params: { file: i + 1, files: groups.length } } });
    const parts = request.splitBy === null ? [target] : partFiles(path.join(target, `${SPLIT}=${group.value === null ? HIVE_NULL : encodeURIComponent(group.value)}`));
    const { temp, final } = destination.reserve(fileNameFor(request, group));
    const { bytes, sha256 } = parts.length === 1 && encoder === null ? await moveWhole(parts[0]!, temp) : await concatenateParts(parts, temp, request.format, encoder);
    files.push({ path: final, rows: group.rows, bytes, sha256 });
  }
  return { files, rows: copied, gbkReplaced: encoder?.replaced ?? 0, truncatedCells: 0 };
}

/** DuckDB's one file as it is: renamed into place where the temp folder shares the disk, else copied. */
async function moveWhole(part: string, temp: string): Promise<{ bytes: number; sha256: string }> {
  try {
    fs.renameSync(part, temp);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw exportWriteError(error, temp);
    try {
      await pipeline(fs.createReadStream(part), fs.createWriteStream(temp, { flags: 'wx' }));
    } catch (copyError) {
      throw exportWriteError(copyError, temp);
    }
  }
  return { bytes: fs.statSync(temp).size, sha256: await sha256OfFile(temp) };
}

/** DuckDB's files of one partition (one, unless it chose to write several). */
function partFiles(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((f) => !f.startsWith('.'))
    .sort()
    .map((f) => path.join(folder, f));
}

/**
 * Concatenates DuckDB's part files into `temp`, each chunk transcoded for GBK; for CSV, the header
 * of every part after the first is dropped. Hashes what it writes.
 */
async function concatenateParts(parts: readonly string[], temp: string, format: ExportFormat, encoder: MultiByteEncoder | null): Promise<{ bytes: number; sha256: string }> {
  if (format === 'parquet' && parts.length > 1) throw new Error('DuckDB wrote several Parquet files for one partition');
  const hash = createHash('sha256');
  let bytes = 0;
  const out = fs.createWriteStream(temp, { flags: 'wx' });
  const emit = (chunk: Buffer, push: (b: Buffer) => void) => {
    hash.update(chunk);
    bytes += chunk.length;
    push(chunk);
  };
  try {
    for (const [i, part] of parts.entries()) {
      const skipHeader = format !== 'parquet' && i > 0;
      const source = fs.createReadStream(part, encoder === null ? undefined : { encoding: 'utf8' });
      let headerDropped = !skipHeader;
      const transform = new Transform({
        decodeStrings: false,
        transform(chunk: Buffer | string, _enc, done) {
          let data: Buffer | string = chunk;
          if (!headerDropped) {
            const text = typeof data === 'string' ? data : data.toString('latin1');
            const nl = text.indexOf('\n');
            if (nl < 0) return done();
            headerDropped = true;
            data = typeof data === 'string' ? data.slice(nl + 1) : data.subarray(nl + 1);
          }
          const bytesOut = typeof data === 'string' ? encoder!.encode(data, { stream: true }) : data;
          emit(bytesOut, (b) => this.push(b));
          done();
        },
      });
      await pipeline(source, transform, out, { end: false });
    }
    await new Promise<void>((resolve, reject) => {
      out.once('error', reject);
      out.end(() => resolve());
    });
  } catch (error) {
    out.destroy();
    throw exportWriteError(error, temp);
  }
  return { bytes, sha256: hash.digest('hex') };
}

// ---------------------------------------------------------------------------------------------
// XLSX: Node writes from a stream of chunks, sorted by the split column
// ---------------------------------------------------------------------------------------------

async function writeXlsx(session: Session, ctx: JobContext, request: ExportRequest, columns: readonly ExportColumn[], groups: readonly Group[], destination: ExportDestination): Promise<ExportOutcome> {
  const split = request.splitBy === null ? [] : [`CAST(${quoteIdent(request.splitBy)} AS VARCHAR) AS ${quoteIdent(SPLIT)}`];
  let select = exportSelect(request.sourceSql, columns, { masked: request.masked, as: 'position', extra: split });
  // One writer at a time: the rows of each file together, in the list's own order within it.
  if (request.splitBy !== null) select = `SELECT * FROM (SELECT *, row_number() OVER () AS __sw_order FROM (${select})) ORDER BY ${quoteIdent(SPLIT)} NULLS LAST, __sw_order`;
  const total = groups.reduce((sum, g) => sum + g.rows, 0);
  const sheetColumns = columns.map((c) => ({ header: c.header, kind: c.kind }));
  const files: ExportedFile[] = [];
  let written = 0;
  let truncated = 0;
  let groupIndex = -1;
  const open: { writer: XlsxWriter | null; temp: string; final: string; rows: number } = { writer: null, temp: '', final: '', rows: 0 };
  const finishFile = async () => {
    if (open.writer === null) return;
    truncated += open.writer.truncatedCells;
    await open.writer.close(request.summary ?? null);
    open.writer = null;
    files.push({ path: open.final, rows: open.rows, bytes: fs.statSync(open.temp).size, sha256: await sha256OfFile(open.temp) });
  };
  const startFile = (group: Group) => {
    const reserved = destination.reserve(fileNameFor(request, group));
    Object.assign(open, reserved, { rows: 0 });
    open.writer = new XlsxWriter(reserved.temp, sheetColumns, { sheetName: request.sheetName ?? 'List', ...(request.rowsPerSheet === undefined ? {} : { rowsPerSheet: request.rowsPerSheet }) });
  };
  try {
    if (request.splitBy === null) startFile(groups[0]!);
    for await (const rows of session.stream(select, request.params)) {
      let start = 0;
      while (start < rows.length) {
        if (request.splitBy !== null && (groupIndex < 0 || open.rows >= groups[groupIndex]!.rows)) {
          await finishFile();
          groupIndex++;
          startFile(groups[groupIndex]!);
        }
        const room = request.splitBy === null ? rows.length - start : Math.min(rows.length - start, groups[groupIndex]!.rows - open.rows);
        const slice = rows.slice(start, start + room).map((r) => r.slice(0, columns.length) as XlsxValue[]);
        await open.writer!.writeRows(slice);
        open.rows += room;
        start += room;
      }
      written += rows.length;
      ctx.progress({ fraction: 0.02 + (0.96 * written) / Math.max(1, total), rows: written, message: { key: 'progress.export.writing', params: { rows: total } } });
    }
    await finishFile();
  } catch (error) {
    if (open.writer !== null) await open.writer.abandon();
    throw exportWriteError(error, open.temp === '' ? request.outPath : open.temp);
  }
  return { files, rows: written, gbkReplaced: 0, truncatedCells: truncated };
}
