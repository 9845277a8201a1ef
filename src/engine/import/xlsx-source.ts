import fs from 'node:fs';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { ColumnKind, SheetInfo } from '../../shared/import-types';
import { csvField } from '../../shared/csv-field';
import type { JobContext } from '../jobs/job-context';
import type { Present } from './column-inference';
import { PresenceScan } from './file-bytes';
import { cleanHeaders, type FileLayout } from './import-detect';
import { XlsxWorkbook, type MergeRange, type XlsxRow, type XlsxSheet } from './xlsx-reader';

/**
 * Excel sheets into the CSV path: a sheet is streamed row by row into a UTF-8 CSV temp file that
 * the CSV loader reads (so a 1,000,000-row sheet never sits in memory). The header row is the one
 * the user chose (title rows above it are skipped); an empty header cell inside a merged range takes
 * the text of the range's first cell (its left neighbour for a horizontal merge).
 */
export const XLSX_EXTENSIONS = /\.(xlsx|xlsm)$/i;
export const isXlsx = (file: string) => XLSX_EXTENSIONS.test(file);

/** Rows read before the header and the width are decided (detection reads the same rows). */
const SAMPLE_ROWS = 1000;

export interface XlsxHeaderOptions {
  /** 0-based sheet row of the header (Excel row number − 1); detected when absent. */
  headerLine?: number | undefined;
  hasHeader?: boolean | undefined;
}

export async function listSheets(file: string, previewRows: number, ctx: JobContext): Promise<SheetInfo[]> {
  const wb = await XlsxWorkbook.open(file);
  try {
    const out: SheetInfo[] = [];
    for (const sheet of wb.sheets) {
      const dim = await wb.dimension(sheet);
      const preview: SheetInfo['preview'] = [];
      await wb.streamRows(sheet, {
        token: ctx.token,
        onRow: (row) => {
          if (row.cells.length === 0) return true;
          preview.push({ row: row.number, values: rowValues(row, lastCol(row) + 1) });
          return preview.length < previewRows;
        },
      });
      const rowsEstimate = dim ? dim.r1 + 1 : await wb.estimateRows(sheet);
      out.push({ name: sheet.name, index: sheet.index, rowsEstimate, columnsEstimate: dim ? dim.c1 + 1 : null, preview });
    }
    return out;
  } finally {
    wb.close();
  }
}

function lastCol(row: XlsxRow): number {
  return row.cells.length ? row.cells[row.cells.length - 1]!.col : -1;
}

function rowValues(row: XlsxRow, width: number): string[] {
  const out = new Array<string>(width).fill('');
  for (const c of row.cells) if (c.col < width) out[c.col] = c.value;
  return out;
}

interface HeaderChoice {
  /** Index in the sampled rows of the header (or first data row without a header). */
  index: number;
  hasHeader: boolean;
}

/** The header: the first row filled across at least half the width, all text. */
function chooseHeader(rows: XlsxRow[], options: XlsxHeaderOptions, sheetName: string): HeaderChoice {
  if (rows.length === 0) throw new AppError('INVALID_ARGUMENT', `sheet "${sheetName}" is empty`, { sheet: sheetName }, 'error.IMPORT_EMPTY_FILE');
  if (options.headerLine !== undefined) {
    const index = rows.findIndex((r) => r.number >= options.headerLine! + 1);
    if (index < 0) throw new AppError('INVALID_ARGUMENT', `sheet "${sheetName}" has no row ${options.headerLine + 1}`, { sheet: sheetName, line: options.headerLine + 1 }, 'error.IMPORT_HEADER_LINE');
    // A row the user chose as the header is the header, whatever its cells hold.
    return { index, hasHeader: options.hasHeader ?? true };
  }
  const width = Math.max(...rows.map((r) => lastCol(r) + 1));
  const need = Math.max(Math.min(2, width), Math.ceil(width / 2));
  const index = rows.findIndex((r) => r.cells.length >= need);
  const chosen = index < 0 ? 0 : index;
  return { index: chosen, hasHeader: options.hasHeader ?? rows[chosen]!.cells.every((c) => c.type === 'string') };
}

function headerNames(rows: XlsxRow[], choice: HeaderChoice, width: number, merges: MergeRange[]): string[] {
  if (!choice.hasHeader) return Array.from({ length: width }, (_, i) => `column_${i + 1}`);
  const header = rows[choice.index]!;
  const r = header.number - 1;
  const values = rowValues(header, width);
  const valueAt = (row: number, col: number): string => {
    const found = rows.find((x) => x.number - 1 === row);
    return found?.cells.find((c) => c.col === col)?.value ?? '';
  };
  for (let c = 0; c < width; c++) {
    if (values[c]!.trim() !== '') continue;
    const range = merges.find((m) => m.r0 <= r && r <= m.r1 && m.c0 <= c && c <= m.c1);
    if (range) values[c] = range.r0 === r ? values[range.c0] ?? '' : valueAt(range.r0, range.c0);
  }
  return cleanHeaders(values.map((v) => v.replace(/\s*[\r\n]+\s*/g, ' ')));
}

function layoutOf(rows: XlsxRow[], choice: HeaderChoice, merges: MergeRange[], sizeBytes: number): { layout: FileLayout; width: number } {
  const dataRows = rows.slice(choice.hasHeader ? choice.index + 1 : choice.index);
  const width = Math.max(1, lastCol(rows[choice.index]!) + 1, ...dataRows.map((r) => lastCol(r) + 1));
  const headers = headerNames(rows, choice, width, merges);
  const titleLines = rows.slice(0, choice.index).map((r) => r.cells.map((c) => c.value).join(' ').trim()).filter((t) => t !== '');
  return {
    width,
    layout: {
      settings: { encoding: 'utf-8', delimiter: ',', quote: '"', headerLine: rows[choice.index]!.number - 1, hasHeader: choice.hasHeader },
      encodingConfidence: 1,
      titleLines,
      headers,
      rows: dataRows.map((r) => rowValues(r, width)),
      sizeBytes,
    },
  };
}

/** Detection for one sheet: the first rows, and the merged ranges (the rest is scanned, not parsed). */
export async function detectXlsx(file: string, sheetName: string | undefined, options: XlsxHeaderOptions, ctx: JobContext): Promise<{ layout: FileLayout; sheet: string; sheets: XlsxSheet[] }> {
  const wb = await XlsxWorkbook.open(file);
  try {
    const sheet = sheetName ? wb.sheet(sheetName) : wb.sheets[0];
    if (!sheet) throw new AppError('INVALID_ARGUMENT', `${file} has no sheets`, { file }, 'error.IMPORT_EMPTY_FILE');
    const rows: XlsxRow[] = [];
    const { merges } = await wb.streamRows(sheet, {
      token: ctx.token,
      mergesAfterStop: true,
      onRow: (row) => {
        if (row.cells.length) rows.push(row);
        return rows.length < SAMPLE_ROWS;
      },
    });
    const choice = chooseHeader(rows, options, sheet.name);
    return { layout: layoutOf(rows, choice, merges, fs.statSync(file).size).layout, sheet: sheet.name, sheets: wb.sheets };
  } finally {
    wb.close();
  }
}

/** The content hash of one sheet of a workbook: the file's hash and the sheet's name. */
export function sheetHash(fileSha256: string, sheet: string): string {
  return createHash('sha256').update(`${fileSha256}\0xlsx-sheet\0${sheet}`).digest('hex');
}

export interface ConvertedSheet {
  sheet: string;
  layout: FileLayout;
  csvFile: string;
  dataRows: number;
  /** Per source column: a kind the cells' own types call for (digit strings typed as text stay text). */
  kindHints: Array<ColumnKind | null>;
  /** CSV physical line (1-based) → sheet row: from each listed line on, add delta. */
  lineMap: Array<{ fromLine: number; delta: number }>;
  /** The padding characters and missing-value tokens the CSV contains (see cleanSql). */
  present: Present;
}

/** A number typed as text, spaces around it allowed (\s is what trim() removes; no copy per cell). */
const DIGIT_STRING = /^\s*[+-]?\d+(\.\d+)?\s*$/;

/** Streams one sheet into a UTF-8 CSV (title rows, header, data rows padded to the header's width). */
export async function convertSheet(
  wb: XlsxWorkbook,
  sheetName: string,
  csvFile: string,
  options: XlsxHeaderOptions,
  ctx: JobContext,
  onProgress: (fraction: number, rows: number) => void,
): Promise<ConvertedSheet> {
  const sheet = wb.sheet(sheetName);
  const out = fs.createWriteStream(csvFile, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const outClosed = new Promise<void>((resolve, reject) => {
    out.once('close', resolve);
    out.once('error', reject);
  });
  const sample: XlsxRow[] = [];
  let decided: { choice: HeaderChoice; width: number; headerRow: number } | null = null;
  let buffer: string[] = [];
  let physicalLine = 1;
  let dataRows = 0;
  const lineMap: ConvertedSheet['lineMap'] = [];
  let lastDelta = 0;
  const stats: Array<{ strings: number; digitStrings: number; others: number }> = [];
  const present = new PresenceScan();

  const writeRow = (row: XlsxRow) => {
    const delta = row.number - physicalLine;
    if (delta !== lastDelta || lineMap.length === 0) {
      lineMap.push({ fromLine: physicalLine, delta });
      lastDelta = delta;
    }
    const d = decided!;
    let line: string;
    if (row.number < d.headerRow || (row.number === d.headerRow && d.choice.hasHeader)) {
      // Title rows and the header are skipped by the loader: one physical line each.
      line = row.cells.map((c) => csvField(c.value.replace(/[\r\n]+/g, ' '))).join(',');
    } else {
      const width = Math.max(d.width, lastCol(row) + 1);
      const values = rowValues(row, width);
      for (const c of row.cells) {
        const s = (stats[c.col] ??= { strings: 0, digitStrings: 0, others: 0 });
        if (c.type === 'string') {
          s.strings++;
          if (DIGIT_STRING.test(c.value)) s.digitStrings++;
        } else s.others++;
      }
      line = values.map(csvField).join(',');
      dataRows++;
    }
    physicalLine += 1 + (line.match(/\n/g)?.length ?? 0);
    buffer.push(line);
  };
  const decide = () => {
    const choice = chooseHeader(sample, options, sheet.name);
    const { width } = layoutOf(sample, choice, [], 0);
    decided = { choice, width, headerRow: sample[choice.index]!.number };
    for (const r of sample) writeRow(r);
  };
  const flush = async () => {
    if (buffer.length === 0) return;
    const text = buffer.join('\n') + '\n';
    present.update(text);
    const ok = out.write(text);
    buffer = [];
    if (!ok) await once(out, 'drain');
  };

  let rowsSeen = 0;
  let merges: MergeRange[] = [];
  try {
    ({ merges } = await wb.streamRows(sheet, {
      token: ctx.token,
      onRow: (row) => {
        if (row.cells.length === 0) return;
        rowsSeen++;
        if (decided) writeRow(row);
        else {
          sample.push(row);
          if (sample.length >= SAMPLE_ROWS) decide();
        }
      },
      onBytes: (read, total) => onProgress(total ? read / total : 0, rowsSeen),
      afterChunk: flush,
    }));
    if (!decided) decide();
    await flush();
    ctx.token.throwIfCancelled();
  } finally {
    out.end();
    await outClosed;
  }
  const d = decided!;
  const { layout } = layoutOf(sample, d.choice, merges, fs.statSync(wb.file).size);
  // In the CSV, the header (or first data row) follows the title rows, one physical line each.
  layout.settings = { ...layout.settings, headerLine: d.choice.index };
  const kindHints = layout.headers.map((_, i) => {
    const s = stats[i];
    return s && s.strings > 0 && s.others === 0 && s.digitStrings === s.strings ? ('text' as const) : null;
  });
  return { sheet: sheet.name, layout, csvFile, dataRows, kindHints, lineMap, present: present.found };
}
