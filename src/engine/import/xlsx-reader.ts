import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';
import yauzl from 'yauzl';
import { AppError } from '../../shared/errors';
import type { CancellationToken } from '../jobs/cancellation';

/**
 * A streaming .xlsx reader: the zip's central directory gives random access to each part, and a
 * SAX parser walks a sheet's XML row by row, so a sheet never sits in memory (only the shared
 * strings table does, as in every xlsx reader). Cells keep their type: numbers as written
 * (rounded to Excel's 15 significant digits, never scientific notation), date-formatted numbers
 * as ISO dates, text as text.
 */
export type XlsxCellType = 'string' | 'number' | 'date' | 'boolean' | 'error';

export interface XlsxCell {
  /** 0-based column. */
  col: number;
  value: string;
  type: XlsxCellType;
}

export interface XlsxRow {
  /** 1-based sheet row number. */
  number: number;
  /** Non-empty cells, in column order. */
  cells: XlsxCell[];
}

/** A merged range, 0-based and inclusive. */
export interface MergeRange {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export interface XlsxSheet {
  name: string;
  /** 0-based position in the workbook. */
  index: number;
  /** Zip entry of the sheet's XML. */
  part: string;
}

/** 0 = not a date format, 1 = date, 2 = date and time, 3 = time of day. */
type DateStyle = 0 | 1 | 2 | 3;

const BUILTIN_DATE_FORMATS: Record<number, DateStyle> = {
  14: 1, 15: 1, 16: 1, 17: 1, 18: 3, 19: 3, 20: 3, 21: 3, 22: 2, 45: 3, 46: 3, 47: 3,
  // East-Asian built-ins (年月日 forms) in Chinese, Japanese and Korean locales.
  27: 1, 28: 1, 29: 1, 30: 1, 31: 1, 32: 3, 33: 3, 34: 3, 35: 3, 36: 1, 50: 1, 51: 1, 52: 1, 53: 1, 54: 1, 55: 3, 56: 3, 57: 1, 58: 1,
};

export function dateStyleOfFormat(code: string): DateStyle {
  const stripped = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .toLowerCase();
  if (/general/.test(stripped)) return 0;
  const dated = /[yd]/.test(stripped);
  const timed = /[hs]/.test(stripped);
  if (dated && timed) return 2;
  if (dated) return 1;
  if (timed) return 3;
  return /m/.test(stripped) ? 1 : 0;
}

/** "AB12" → { col: 27, row: 11 } (0-based). */
export function parseCellRef(ref: string): { col: number; row: number } | null {
  // A character loop, not a regular expression: this runs for every cell of a sheet (20 M for a
  // 1 M-row export), where the regex, toUpperCase and string iteration took ~6 s of a 65 s import.
  let i = ref.charCodeAt(0) === 36 ? 1 : 0; // $
  let col = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) & ~32; // upper case for letters
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  if (col === 0) return null;
  if (ref.charCodeAt(i) === 36) i++;
  let row = 0;
  const digitsFrom = i;
  for (; i < ref.length; i++) {
    const d = ref.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    row = row * 10 + d;
  }
  return i > digitsFrom ? { col: col - 1, row: row - 1 } : null;
}

export function parseRangeRef(ref: string): MergeRange | null {
  const [a, b] = ref.split(':');
  const from = a ? parseCellRef(a) : null;
  const to = b ? parseCellRef(b) : from;
  return from && to ? { r0: from.row, c0: from.col, r1: to.row, c1: to.col } : null;
}

/** OOXML escapes characters XML cannot hold as _xHHHH_. */
function unescapeOoxml(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s;
}

/** A number's digits without exponent notation. */
export function plainNumber(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  const [mant, expText] = s.toLowerCase().split('e') as [string, string];
  const exp = Number(expText);
  const negative = mant.startsWith('-');
  const digitsWithDot = negative ? mant.slice(1) : mant;
  const dot = digitsWithDot.indexOf('.');
  const digits = digitsWithDot.replace('.', '');
  const point = (dot < 0 ? digitsWithDot.length : dot) + exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (negative ? '-' : '') + out;
}

/** A stored number as Excel shows it: integers as written, others to 15 significant digits. */
export function numberText(v: string): string {
  const t = v.trim();
  if (/^-?\d+$/.test(t)) return t.replace(/^(-?)0+(?=\d)/, '$1');
  const n = Number(t);
  if (!Number.isFinite(n)) return t;
  return plainNumber(Number(n.toPrecision(15)));
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** An Excel serial day number as ISO text (date, date and time, or time of day). */
export function serialToIso(serial: number, date1904: boolean, style: DateStyle): string {
  let days = Math.floor(serial);
  let ms = Math.round((serial - days) * 86_400_000);
  if (ms >= 86_400_000) {
    days += 1;
    ms -= 86_400_000;
  }
  const time = `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${ms % 1000 ? `.${pad(ms % 1000, 3)}` : ''}`;
  if (style === 3 && days === 0) return time;
  // 1900 system: serial 1 is 1900-01-01 and Excel counts a 29 February 1900 that never was.
  if (!date1904 && days < 60) days += 1;
  const base = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const d = new Date(base + days * 86_400_000);
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return style === 1 && ms === 0 ? date : `${date} ${time}`;
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (error, zip) => {
      if (error || !zip) reject(new AppError('INVALID_ARGUMENT', `${file} is not a readable .xlsx workbook: ${error?.message ?? 'no zip'}`, { file }, 'error.IMPORT_XLSX_UNREADABLE'));
      else resolve(zip);
    });
  });
}

function listEntries(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, yauzl.Entry>();
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.set(entry.fileName.replace(/^\/+/, ''), entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

type OpenTag = { name: string; attributes: Record<string, string> };

export interface StreamRowsOptions {
  token: CancellationToken;
  /** Return false to stop reading the sheet's rows. */
  onRow: (row: XlsxRow) => boolean | void;
  /** Decompressed bytes read so far and the part's size. */
  onBytes?: (read: number, total: number) => void;
  /** After onRow stops, go on scanning the rest of the XML (cheaply) for merged ranges. */
  mergesAfterStop?: boolean;
  /** Called between chunks (a place to wait for a slow writer). */
  afterChunk?: () => Promise<void> | void;
}

export class XlsxWorkbook {
  private sharedStrings: string[] | null = null;
  private dateStyles: DateStyle[] = [];
  private date1904 = false;

  private constructor(
    readonly file: string,
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, yauzl.Entry>,
    readonly sheets: XlsxSheet[],
  ) {}

  static async open(file: string): Promise<XlsxWorkbook> {
    const zip = await openZip(file);
    try {
      const entries = await listEntries(zip);
      const wbPart = entries.has('xl/workbook.xml') ? 'xl/workbook.xml' : [...entries.keys()].find((k) => /(^|\/)workbook\.xml$/.test(k));
      if (!wbPart) throw new AppError('INVALID_ARGUMENT', `${file} has no workbook part (not an .xlsx workbook)`, { file }, 'error.IMPORT_XLSX_UNREADABLE');
      const dir = wbPart.slice(0, wbPart.lastIndexOf('/') + 1);
      const relsPart = `${dir}_rels/workbook.xml.rels`;
      const targets = new Map<string, string>();
      const placeholder = new XlsxWorkbook(file, zip, entries, []);
      if (entries.has(relsPart)) {
        await placeholder.parsePart(relsPart, (tag) => {
          if (tag.name === 'Relationship' && tag.attributes.Id && tag.attributes.Target) targets.set(tag.attributes.Id, tag.attributes.Target);
        });
      }
      const sheets: XlsxSheet[] = [];
      let date1904 = false;
      await placeholder.parsePart(wbPart, (tag) => {
        if (tag.name === 'workbookPr') date1904 = tag.attributes.date1904 === '1' || tag.attributes.date1904 === 'true';
        if (tag.name === 'sheet') {
          const rid = tag.attributes['r:id'] ?? Object.entries(tag.attributes).find(([k]) => k.endsWith(':id'))?.[1];
          const target = rid ? targets.get(rid) : undefined;
          const part = target ? (target.startsWith('/') ? target.slice(1) : `${dir}${target}`) : `${dir}worksheets/sheet${sheets.length + 1}.xml`;
          sheets.push({ name: tag.attributes.name ?? `Sheet${sheets.length + 1}`, index: sheets.length, part: part.replace(/\/\.\//g, '/') });
        }
      });
      const workbook = new XlsxWorkbook(file, zip, entries, sheets);
      workbook.date1904 = date1904;
      await workbook.readStyles(`${dir}styles.xml`);
      return workbook;
    } catch (error) {
      zip.close();
      throw error;
    }
  }

  close(): void {
    this.zip.close();
  }

  sheet(name: string): XlsxSheet {
    const s = this.sheets.find((x) => x.name === name);
    if (!s) {
      throw new AppError('INVALID_ARGUMENT', `the workbook has no sheet named "${name}" (sheets: ${this.sheets.map((x) => x.name).join(', ')})`, { sheet: name }, 'error.IMPORT_XLSX_NO_SHEET');
    }
    return s;
  }

  private async open(part: string): Promise<{ stream: Readable; size: number }> {
    const entry = this.entries.get(part);
    if (!entry) throw new AppError('INVALID_ARGUMENT', `${this.file}: missing part ${part}`, { file: this.file, part }, 'error.IMPORT_XLSX_UNREADABLE');
    const stream = await new Promise<Readable>((resolve, reject) =>
      this.zip.openReadStream(entry, (error, s) => (error || !s ? reject(error ?? new Error('no stream')) : resolve(s))),
    );
    return { stream, size: entry.uncompressedSize };
  }

  /** SAX over a whole (small) part. */
  private async parsePart(part: string, onOpen: (tag: OpenTag) => void, onText?: (text: string) => void, onClose?: (name: string) => void): Promise<void> {
    const { stream } = await this.open(part);
    const parser = new SaxesParser({ position: false });
    parser.on('opentag', (t) => onOpen(t as unknown as OpenTag));
    if (onText) parser.on('text', onText);
    if (onClose) parser.on('closetag', (t) => onClose(t.name));
    const decoder = new StringDecoder('utf8');
    for await (const chunk of stream) parser.write(decoder.write(chunk as Buffer));
    parser.write(decoder.end());
    parser.close();
  }

  private async readStyles(part: string): Promise<void> {
    if (!this.entries.has(part)) return;
    const custom = new Map<number, DateStyle>();
    const xfs: number[] = [];
    let inCellXfs = false;
    await this.parsePart(
      part,
      (tag) => {
        if (tag.name === 'numFmt') custom.set(Number(tag.attributes.numFmtId), dateStyleOfFormat(tag.attributes.formatCode ?? ''));
        else if (tag.name === 'cellXfs') inCellXfs = true;
        else if (tag.name === 'xf' && inCellXfs) xfs.push(Number(tag.attributes.numFmtId ?? 0));
      },
      undefined,
      (name) => {
        if (name === 'cellXfs') inCellXfs = false;
      },
    );
    this.dateStyles = xfs.map((id) => custom.get(id) ?? BUILTIN_DATE_FORMATS[id] ?? 0);
  }

  private async loadSharedStrings(): Promise<string[]> {
    if (this.sharedStrings) return this.sharedStrings;
    const part = [...this.entries.keys()].find((k) => /(^|\/)sharedStrings\.xml$/i.test(k));
    const strings: string[] = [];
    if (part) {
      let current = '';
      let inT = false;
      let inPhonetic = false;
      await this.parsePart(
        part,
        (tag) => {
          if (tag.name === 'si') current = '';
          else if (tag.name === 't' && !inPhonetic) inT = true;
          else if (tag.name === 'rPh') inPhonetic = true;
        },
        (text) => {
          if (inT) current += text;
        },
        (name) => {
          if (name === 't') inT = false;
          else if (name === 'rPh') inPhonetic = false;
          else if (name === 'si') strings.push(unescapeOoxml(current));
        },
      );
    }
    this.sharedStrings = strings;
    return strings;
  }

  /** The sheet's declared extent (<dimension ref>), read from the first bytes of its XML. */
  async dimension(sheet: XlsxSheet): Promise<MergeRange | null> {
    const { stream } = await this.open(sheet.part);
    let text = '';
    try {
      for await (const chunk of stream) {
        text += (chunk as Buffer).toString('utf8');
        const m = /<(?:\w+:)?dimension\s+ref="([^"]+)"/.exec(text);
        if (m) return parseRangeRef(m[1]!);
        if (/<(?:\w+:)?sheetData/.test(text) || text.length > 256 * 1024) return null;
      }
      return null;
    } finally {
      stream.destroy();
    }
  }

  /**
   * Rows of a sheet that declares no extent (streaming writers often do not): counted in the first
   * 256 KiB of its XML and scaled by the part's size — exact for a small sheet, an estimate otherwise.
   */
  async estimateRows(sheet: XlsxSheet): Promise<number | null> {
    const { stream, size } = await this.open(sheet.part);
    let text = '';
    let read = 0;
    let complete = true;
    try {
      for await (const chunk of stream) {
        text += (chunk as Buffer).toString('latin1');
        read += (chunk as Buffer).length;
        if (read >= 256 * 1024) {
          complete = read >= size;
          break;
        }
      }
    } finally {
      stream.destroy();
    }
    const start = text.search(/<(?:\w+:)?sheetData/);
    if (start < 0) return null;
    const rows = text.slice(start).match(/<(?:\w+:)?row[\s>]/g)?.length ?? 0;
    if (complete) return rows;
    const body = read - start;
    return body > 0 ? Math.round((rows * (size - start)) / body) : null;
  }

  /** Streams the sheet's rows (non-empty cells only); returns the merged ranges seen. */
  async streamRows(sheet: XlsxSheet, options: StreamRowsOptions): Promise<{ merges: MergeRange[]; stopped: boolean }> {
    const strings = await this.loadSharedStrings();
    const { stream, size } = await this.open(sheet.part);
    const merges: MergeRange[] = [];
    let stopped = false;
    let rowNumber = 0;
    let cells: XlsxCell[] = [];
    let nextCol = 0;
    let cellCol = 0;
    let cellType = 'n';
    let cellStyle = 0;
    let value = '';
    let capture = false;
    let inPhonetic = false;
    const parser = new SaxesParser({ position: false });
    parser.on('opentag', (tag) => {
      if (stopped) return;
      const a = tag.attributes as Record<string, string>;
      switch (tag.name) {
        case 'row':
          rowNumber = a.r ? Number(a.r) : rowNumber + 1;
          cells = [];
          nextCol = 0;
          break;
        case 'c': {
          const ref = a.r ? parseCellRef(a.r) : null;
          cellCol = ref ? ref.col : nextCol;
          cellType = a.t ?? 'n';
          cellStyle = a.s ? Number(a.s) : 0;
          value = '';
          break;
        }
        case 'v':
          capture = true;
          break;
        case 't':
          if (!inPhonetic) capture = true;
          break;
        case 'rPh':
          inPhonetic = true;
          break;
        case 'mergeCell': {
          const range = a.ref ? parseRangeRef(a.ref) : null;
          if (range) merges.push(range);
          break;
        }
      }
    });
    parser.on('text', (text) => {
      if (capture) value += text;
    });
    parser.on('closetag', (tag) => {
      if (stopped) return;
      switch (tag.name) {
        case 'v':
        case 't':
          capture = false;
          break;
        case 'rPh':
          inPhonetic = false;
          break;
        case 'c': {
          const cell = this.cellValue(cellCol, cellType, cellStyle, value, strings);
          if (cell && cell.value !== '') cells.push(cell);
          nextCol = cellCol + 1;
          break;
        }
        case 'row':
          if (options.onRow({ number: rowNumber, cells }) === false) stopped = true;
          break;
      }
    });
    const decoder = new StringDecoder('utf8');
    let read = 0;
    let carry = '';
    const mergeSeen = new Set<string>();
    try {
      for await (const chunk of stream) {
        options.token.throwIfCancelled();
        const buffer = chunk as Buffer;
        read += buffer.length;
        const text = decoder.write(buffer);
        if (!stopped) parser.write(text);
        else if (options.mergesAfterStop) {
          // The rest is only scanned for <mergeCell ref="…"/> (it follows the sheet data).
          const scan = carry + text;
          for (const m of scan.matchAll(/<(?:\w+:)?mergeCell\s[^>]*ref="([^"]+)"/g)) {
            if (mergeSeen.has(m[1]!)) continue;
            mergeSeen.add(m[1]!);
            const range = parseRangeRef(m[1]!);
            if (range) merges.push(range);
          }
          carry = scan.slice(-256);
        } else break;
        options.onBytes?.(read, size);
        await options.afterChunk?.();
      }
      if (!stopped) {
        parser.write(decoder.end());
        parser.close();
      }
    } finally {
      stream.destroy();
    }
    return { merges, stopped };
  }

  private cellValue(col: number, type: string, style: number, raw: string, strings: string[]): XlsxCell | null {
    switch (type) {
      case 's': {
        const s = strings[Number(raw)];
        return s === undefined ? null : { col, value: s, type: 'string' };
      }
      case 'inlineStr':
      case 'str':
        return { col, value: unescapeOoxml(raw), type: 'string' };
      case 'b':
        return raw === '' ? null : { col, value: raw === '1' || raw === 'true' ? 'true' : 'false', type: 'boolean' };
      case 'e':
        return { col, value: raw, type: 'error' };
      case 'd':
        return raw === '' ? null : { col, value: raw.replace('T', ' ').replace(/Z$/, '').replace(/ 00:00:00(\.0+)?$/, ''), type: 'date' };
      default: {
        if (raw.trim() === '') return null;
        const dateStyle = this.dateStyles[style] ?? 0;
        const n = Number(raw);
        if (dateStyle && Number.isFinite(n)) return { col, value: serialToIso(n, this.date1904, dateStyle), type: 'date' };
        return { col, value: numberText(raw), type: 'number' };
      }
    }
  }
}
