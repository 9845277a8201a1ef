import { describe, expect, it } from 'vitest';
import { splitRecords } from '../../src/engine/import/csv-records';
import { detectDialect } from '../../src/engine/import/dialect-detect';
import { detectEncoding } from '../../src/engine/import/encoding-detect';
import { lookupHeader } from '../../src/engine/import/header-synonyms';
import { suggestMapping } from '../../src/engine/import/mapping-suggest';
import { matches } from '../../src/engine/import/value-patterns';
import { importPresetSchema } from '../../src/shared/import-types';

describe('encoding detection', () => {
  it('reads BOMs and UTF-16 without BOM', () => {
    expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])).encoding).toBe('utf-8-bom');
    expect(detectEncoding(new Uint8Array([0xff, 0xfe, 0x61, 0]))).toEqual({ encoding: 'utf-16le', confidence: 1 });
    expect(detectEncoding(new Uint8Array([0xfe, 0xff, 0, 0x61])).encoding).toBe('utf-16be');
    expect(detectEncoding(Buffer.from('id,name\n1,abc\n2,def\n', 'utf16le')).encoding).toBe('utf-16le');
  });
  it('tells UTF-8, GB18030, Big5 and Latin-1 apart', () => {
    expect(detectEncoding(Buffer.from('客户号,姓名\n1,张三\n')).encoding).toBe('utf-8');
    // 客户号,账户余额 in GBK and 客戶號,帳戶餘額 in Big5
    expect(detectEncoding(Buffer.from('bfcdbba7bac52cd5cbbba7d3e0b6ee0a', 'hex')).encoding).toBe('gb18030');
    expect(detectEncoding(Buffer.from('ab c8 a4 e1 b8 b9 2c b1 62 a4 e1 be 6c c3 42 0a'.replaceAll(' ', ''), 'hex')).encoding).toBe('big5');
    expect(detectEncoding(Buffer.from('name;city\nJosé Müller;Zürich\nFrançoise;Genève\n', 'latin1')).encoding).toBe('latin1');
  });
  it('reads UTF-8 cut inside every Chinese character as damaged UTF-8, not Latin-1', () => {
    // 成都 (e6 88 90 e9 83 bd) with quotes spliced into both characters: no whole sequence is left.
    const spliced = Buffer.concat([Buffer.from("id,name,city\nC1,\"O'Brien\",", 'utf8'), Buffer.from([0xe6, 0x27, 0x88, 0x90, 0xe9, 0x83, 0x27, 0xbd]), Buffer.from(',1\n')]);
    expect(detectEncoding(spliced).encoding).toBe('utf-8');
    expect(detectEncoding(Buffer.from('name\nCafé au lait;Zoë\n', 'latin1')).encoding).toBe('latin1');
  });
});

describe('dialect', () => {
  it('finds the delimiter, the header and the title lines above it', () => {
    const text = 'XX银行 账户余额报表\n报表日期: 2024-01-31\n\n账号|户名|余额\n001|张三|1,000.00\n002|李四|2,000.00\n003|王五|3.00\n';
    expect(detectDialect(text)).toMatchObject({ delimiter: '|', headerLine: 3, hasHeader: true, fieldCount: 3 });
  });
  it('sees no header when the first row is data', () => {
    expect(detectDialect('001,张三,2024-01-01\n002,李四,2024-01-02\n')).toMatchObject({ delimiter: ',', headerLine: 0, hasHeader: false });
  });
  it('splits quoted fields with delimiters, doubled quotes and newlines', () => {
    expect(splitRecords('a,"b,c","d""e"\n"x\ny",z,\n', ',', '"')).toEqual([
      { line: 0, fields: ['a', 'b,c', 'd"e'] },
      { line: 1, fields: ['x\ny', 'z', ''] },
    ]);
  });
});

describe('mapping suggestions', () => {
  it('knows Chinese, English and cryptic headers', () => {
    expect(lookupHeader('客户号').get('customers')).toBe('customer_id');
    expect(lookupHeader('CUST_NO').get('accounts')).toBe('customer_id');
    expect(lookupHeader('KHH').get('transactions')).toBe('customer_id');
    expect(lookupHeader('ZHYE').get('accounts')).toBe('balance');
    expect(lookupHeader('JYRQ').get('transactions')).toBe('ts');
    expect(lookupHeader('交易日期').get('transactions')).toBe('ts');
  });
  it('uses value shapes where the header says nothing', () => {
    const s = suggestMapping(['KHH', 'F1', 'F2', 'F3'], [
      ['001', '11010519491231002X', '13800138000', 'x'],
      ['002', '310101198001010011', '13912345678', 'y'],
    ]);
    expect(s.table).toBe('customers');
    expect(s.columns.map((c) => [c.target, c.reason])).toEqual([
      ['customer_id', 'synonym'],
      ['id_number', 'shape:idNumber'],
      ['phone', 'shape:mobile'],
      [null, null],
    ]);
    const t = suggestMapping(['JYLSH', 'ZH', 'JYRQ', 'JYJE', 'FLAG'], [['1', '6222', '20240101', '1.00', 'D'], ['2', '6222', '20240102', '2.00', 'C']]);
    expect(t.table).toBe('transactions');
    expect(t.columns.map((c) => c.target)).toEqual(['txn_id', 'account_id', 'ts', 'amount', 'direction']);
  });
  it('value shapes', () => {
    expect(matches('idNumber', '11010519491231002X')).toBe(true);
    expect(matches('mobile', '13800138000')).toBe(true);
    expect(['1,234.50', '¥1,234.50', '(1,234.50)', '1234.50-'].every((v) => matches('amount', v))).toBe(true);
    expect(matches('integer', '00123')).toBe(false);
  });
  it('validates presets', () => {
    expect(importPresetSchema.safeParse({ version: 1, name: 'x', table: 'transactions', mapping: { 交易日期: 'ts' } }).success).toBe(true);
    expect(importPresetSchema.safeParse({ version: 1, name: 'x', table: '_sw_imports', mapping: {} }).success).toBe(false);
  });
});
