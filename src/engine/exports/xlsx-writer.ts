import type { ExportColumnKind } from './export-columns';
import { ZipWriter, type ZipEntryWriter } from './zip-writer';

/**
 * A streaming XLSX writer: rows go into the current sheet's XML as they come, and a new sheet is
 * started every `rowsPerSheet` rows (Excel's grid ends at 1,048,576 rows, the header included).
 * Strings are inline (no shared-strings table, which would have to be held in memory to the end).
 * The header row is bold and frozen; `id` and `text` cells are text (an 18-digit ID number or a
 * leading-zero account number is not a number to Excel); numbers, money (#,##0.00) and dates
 * (yyyy-mm-dd, a serial number) are typed so the analyst can sum and filter them.
 */
export const EXCEL_MAX_ROWS = 1_048_576;
/** Excel refuses a cell of more characters. */
const EXCEL_MAX_CELL_CHARS = 32_767;

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Style indexes of styles.xml's cellXfs. */
const STYLE = { header: 1, date: 2, timestamp: 3, money: 4, text: 5 } as const;

export type XlsxValue = string | number | bigint | boolean | null;

// Characters XML 1.0 does not allow (a control byte in a bank's free text) become U+FFFD.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text.replace(INVALID_XML, '\uFFFD').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

export function columnLetters(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

const DAY_MS = 86_400_000;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** 'YYYY-MM-DD[ HH:MM:SS]' → Excel's serial day number (1900 date system). */
export function excelSerial(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?/.exec(iso);
  if (m === null) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  return (ms - EXCEL_EPOCH_MS) / DAY_MS;
}

function textCell(ref: string, text: string, style: number): { xml: string; truncated: boolean } {
  const truncated = text.length > EXCEL_MAX_CELL_CHARS;
  const value = truncated ? text.slice(0, EXCEL_MAX_CELL_CHARS) : text;
  const space = value !== value.trim() ? ' xml:space="preserve"' : '';
  return { xml: `<c r="${ref}" s="${style}" t="inlineStr"><is><t${space}>${escapeXml(value)}</t></is></c>`, truncated };
}

export interface XlsxSheetColumn {
  header: string;
  kind: ExportColumnKind;
}

export class XlsxWriter {
  private readonly zip: ZipWriter;
  private readonly sheets: string[] = [];
  private sheet: ZipEntryWriter | null = null;
  private rowInSheet = 0;
  private buffer: string[] = [];
  private bufferedChars = 0;
  private readonly letters: string[];
  /** Cells cut at Excel's 32,767 characters. */
  truncatedCells = 0;

  constructor(
    file: string,
    private readonly columns: readonly XlsxSheetColumn[],
    private readonly options: { sheetName: string; rowsPerSheet?: number },
  ) {
    this.zip = new ZipWriter(file);
    this.letters = columns.map((_, i) => columnLetters(i));
  }

  private get rowsPerSheet(): number {
    return this.options.rowsPerSheet ?? EXCEL_MAX_ROWS;
  }

  private async startSheet(): Promise<void> {
    const index = this.sheets.length + 1;
    this.sheets.push(index === 1 ? this.options.sheetName : `${this.options.sheetName} (${index})`);
    this.sheet = await this.zip.entry(`xl/worksheets/sheet${index}.xml`);
    const widths = this.columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${Math.min(40, Math.max(10, c.header.length * 2 + 2))}" customWidth="1"/>`).join('');
    await this.sheet.write(
      `${XML_HEADER}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
        `${widths === '' ? '' : `<cols>${widths}</cols>`}<sheetData>`,
    );
    this.rowInSheet = 0;
    this.rawRow(this.columns.map((c, i) => textCell(`${this.letters[i]}1`, c.header, STYLE.header).xml).join(''));
  }

  private rawRow(cells: string): void {
    this.rowInSheet++;
    const xml = `<row r="${this.rowInSheet}">${cells}</row>`;
    this.buffer.push(xml);
    this.bufferedChars += xml.length;
  }

  private async flush(): Promise<void> {
    if (this.sheet === null || this.buffer.length === 0) return;
    const text = this.buffer.join('');
    this.buffer = [];
    this.bufferedChars = 0;
    await this.sheet.write(text);
  }

  private async endSheet(): Promise<void> {
    if (this.sheet === null) return;
    await this.flush();
    await this.sheet.write('</sheetData></worksheet>');
    await this.sheet.close();
    this.sheet = null;
  }

  private cell(i: number, row: number, value: XlsxValue): string {
    if (value === null) return '';
    const ref = `${this.letters[i]}${row}`;
    const column = this.columns[i]!;
    switch (column.kind) {
      case 'id':
      case 'text': {
        const cell = textCell(ref, String(value), STYLE.text);
        if (cell.truncated) this.truncatedCells++;
        return cell.xml;
      }
      case 'integer':
      case 'number':
      case 'money': {
        const n = typeof value === 'number' ? value : Number(value);
        if (!Number.isFinite(n)) return textCell(ref, String(value), STYLE.text).xml;
        return column.kind === 'money' ? `<c r="${ref}" s="${STYLE.money}"><v>${n}</v></c>` : `<c r="${ref}"><v>${n}</v></c>`;
      }
      case 'date':
      case 'timestamp': {
        const serial = excelSerial(String(value));
        if (serial === null) return textCell(ref, String(value), STYLE.text).xml;
        return `<c r="${ref}" s="${column.kind === 'date' ? STYLE.date : STYLE.timestamp}"><v>${serial}</v></c>`;
      }
      case 'boolean':
        return `<c r="${ref}" t="b"><v>${value === true || value === 'true' ? 1 : 0}</v></c>`;
    }
  }

  async writeRows(rows: readonly (readonly XlsxValue[])[]): Promise<void> {
    for (const values of rows) {
      if (this.sheet === null || this.rowInSheet >= this.rowsPerSheet) {
        await this.endSheet();
        await this.startSheet();
      }
      const row = this.rowInSheet + 1;
      let cells = '';
      for (let i = 0; i < values.length; i++) cells += this.cell(i, row, values[i] ?? null);
      this.rawRow(cells);
      if (this.bufferedChars > 1 << 20) await this.flush();
    }
  }

  /** Ends the data sheets, adds a summary sheet (label, value… rows; may be empty) and closes the file. */
  async close(summary: { name: string; rows: readonly (readonly XlsxValue[])[] } | null): Promise<{ sheets: number }> {
    if (this.sheet === null && this.sheets.length === 0) await this.startSheet();
    await this.endSheet();
    const names = [...this.sheets];
    if (summary !== null) {
      names.push(summary.name);
      const entry = await this.zip.entry(`xl/worksheets/sheet${names.length}.xml`);
      const rows = summary.rows
        .map((values, r) => `<row r="${r + 1}">${values.map((v, c) => (v === null ? '' : typeof v === 'number' ? `<c r="${columnLetters(c)}${r + 1}"><v>${v}</v></c>` : textCell(`${columnLetters(c)}${r + 1}`, String(v), r === 0 ? STYLE.header : 0).xml)).join('')}</row>`)
        .join('');
      await entry.write(`${XML_HEADER}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><cols><col min="1" max="1" width="32" customWidth="1"/><col min="2" max="8" width="18" customWidth="1"/></cols><sheetData>${rows}</sheetData></worksheet>`);
      await entry.close();
    }
    await this.writePackageParts(names);
    await this.zip.close();
    return { sheets: this.sheets.length };
  }

  async abandon(): Promise<void> {
    this.zip.abandon();
  }

  private async part(name: string, xml: string): Promise<void> {
    const entry = await this.zip.entry(name);
    await entry.write(XML_HEADER + xml);
    await entry.close();
  }

  private async writePackageParts(sheetNames: readonly string[]): Promise<void> {
    const sheetOverrides = sheetNames.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('');
    await this.part(
      '[Content_Types].xml',
      `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
        `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${sheetOverrides}</Types>`,
    );
    await this.part('_rels/.rels', `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`);
    const sheets = sheetNames.map((name, i) => `<sheet name="${escapeXml(sheetTitle(name))}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
    await this.part('xl/workbook.xml', `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheets>${sheets}</sheets></workbook>`);
    const rels = sheetNames.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('');
    await this.part(
      'xl/_rels/workbook.xml.rels',
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}<Relationship Id="rId${sheetNames.length + 1}" Type="${NS_REL}/styles" Target="styles.xml"/></Relationships>`,
    );
    await this.part(
      'xl/styles.xml',
      `<styleSheet xmlns="${NS_MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>` +
        `<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
        `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
        `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
        `<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
        `<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
        `<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`,
    );
  }
}

/** Excel's sheet names: at most 31 characters, none of : \ / ? * [ ]. */
export function sheetTitle(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, '_').slice(0, 31) || 'Sheet';
}
