import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { columnLetters, excelSerial, XlsxWriter } from '../../src/engine/exports/xlsx-writer';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-xlsx-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the streaming XLSX writer', () => {
  it('starts a new sheet when a sheet is full (header counted), keeps IDs as text and types numbers, dates and booleans', async () => {
    const file = path.join(dir, 'split.xlsx');
    const writer = new XlsxWriter(file, [{ header: '证件号码', kind: 'id' }, { header: '资产', kind: 'money' }, { header: '开户日期', kind: 'date' }, { header: '代发', kind: 'boolean' }], { sheetName: '名单', rowsPerSheet: 3 });
    const rows = Array.from({ length: 5 }, (_, i) => [`11010119900101${String(i).padStart(4, '0')}`, 1000.5 * i, `2026-01-0${i + 1}`, i % 2 === 0]);
    await writer.writeRows(rows);
    expect(await writer.close({ name: '摘要', rows: [['参数', '值'], ['人数', 5]] })).toEqual({ sheets: 3 });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((s) => s.name)).toEqual(['名单', '名单 (2)', '名单 (3)', '摘要']);
    const read = book.worksheets.slice(0, 3).flatMap((s) => {
      const out: unknown[][] = [];
      s.eachRow((row, n) => n > 1 && out.push((row.values as unknown[]).slice(1)));
      return out;
    });
    expect(read.map((r) => r[0])).toEqual(rows.map((r) => r[0]));
    expect(read.every((r) => typeof r[0] === 'string' && (r[0] as string).length === 18)).toBe(true);
    expect(read.map((r) => r[1])).toEqual(rows.map((r) => r[1]));
    expect((read[2]![2] as Date).toISOString().slice(0, 10)).toBe('2026-01-03');
    expect(read.map((r) => r[3])).toEqual([true, false, true, false, true]);
  });

  it('escapes XML and replaces characters XML forbids', async () => {
    const file = path.join(dir, 'escape.xlsx');
    const writer = new XlsxWriter(file, [{ header: 'a<b>&"c"', kind: 'text' }], { sheetName: 'x' });
    await writer.writeRows([['<tag> & "quoted" \u0001 bell'], ['  spaces  ']]);
    await writer.close(null);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('a<b>&"c"');
    expect(sheet.getCell('A2').value).toBe('<tag> & "quoted" \uFFFD bell');
    expect(sheet.getCell('A3').value).toBe('  spaces  ');
  });

  it('names columns past Z and counts days as Excel does (1900 system)', () => {
    expect([0, 25, 26, 701, 702].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']);
    expect(excelSerial('1900-03-01')).toBe(61);
    expect(excelSerial('2026-12-03')).toBe(46359);
    expect(excelSerial('2026-12-03 12:00:00')).toBe(46359.5);
    expect(excelSerial('not a date')).toBeNull();
  });
});
