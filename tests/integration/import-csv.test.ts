import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { fixture, importApi, query } from '../support/import-harness';
import { openTempEngine } from '../support/temp-workspace';

let engine: Engine;
let dispose: () => void;
let dir: string;
let api: ReturnType<typeof importApi>;

beforeAll(async () => {
  ({ engine, dispose, dir } = await openTempEngine());
  api = importApi(engine);
});
afterAll(() => dispose());

const EXPECTED_NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊'];

describe('the preview follows the mask switch', () => {
  it('masks the name, ID number and phone columns of a customers file unless unmasked', async () => {
    const clear = await api.detect({ path: fixture('customers-utf8.csv'), unmasked: true });
    const masked = await api.detect({ path: fixture('customers-utf8.csv') });
    const shown = masked.preview.flat().join('|');
    for (const row of clear.preview) {
      for (const i of [1, 2, 3]) expect(shown).not.toContain(row[i]!);
    }
    expect(masked.preview[0]![1]).toBe(`${[...clear.preview[0]![1]!][0]}*`);
    // Columns that are not personal are shown as they are (the customer number, the gender).
    expect(masked.preview.map((r) => [r[0], r[4]])).toEqual(clear.preview.map((r) => [r[0], r[4]]));
  });
});

describe('encodings: detected, decoded, loaded', () => {
  const cases: Array<[string, string, string[]]> = [
    ['customers-utf8.csv', 'utf-8', EXPECTED_NAMES],
    ['customers-utf8-bom.csv', 'utf-8-bom', EXPECTED_NAMES],
    ['customers-utf16le.csv', 'utf-16le', EXPECTED_NAMES],
    // GB18030 is a superset of GBK: a GBK file is read (correctly) as GB18030.
    ['customers-gbk.csv', 'gb18030', EXPECTED_NAMES],
    ['customers-gb18030.csv', 'gb18030', ['𠮷祥', ...EXPECTED_NAMES.slice(1)]],
    ['customers-big5.csv', 'big5', ['陳大文', '林美玲', '黃志強', '張家豪', '李淑芬', '王建國']],
  ];
  it.each(cases)('%s', async (file, encoding, names) => {
    // In clear (as while the user has unmasked): the decoded names prove the encoding.
    const detected = await api.detect({ path: fixture(file), unmasked: true });
    expect(detected.settings.encoding).toBe(encoding);
    expect(detected.suggestedTable.table).toBe('customers');
    expect(detected.preview.map((r) => r[1])).toEqual(names);
    const mapped = Object.fromEntries(detected.columns.map((c) => [c.index, c.target]));
    expect(mapped).toMatchObject({ 0: 'customer_id', 1: 'name', 2: 'id_number', 3: 'phone', 4: 'gender', 5: 'birth_date', 6: 'risk_level', 7: null });

    const result = await api.run({ files: [fixture(file)], table: 'customers', allowReimport: true });
    expect([result.rowsRead, result.rowsLoaded, result.rowsRejected]).toEqual([6, 6, 0]);
    const rows = await query<{ customer_id: string; name: string; id_number: string; phone: string; birth_date: string }>(
      engine,
      `SELECT customer_id, name, id_number, phone, CAST(birth_date AS VARCHAR) AS birth_date FROM customers ORDER BY customer_id`,
    );
    expect(rows.map((r) => r.name)).toEqual(names);
    // Leading zeros and IDs ending in X stay text, exactly as written.
    expect(rows[0]).toMatchObject({ customer_id: '000101', id_number: '11010519491231002X', phone: '13800138000', birth_date: '1949-12-31' });
    const types = Object.fromEntries(result.columns.map((c) => [c.name, c.type]));
    expect(types).toMatchObject({ customer_id: 'VARCHAR', id_number: 'VARCHAR', phone: 'VARCHAR', birth_date: 'DATE' });
    // The unmapped column is kept under its own name.
    expect(result.columns.find((c) => c.source === (encoding === 'big5' ? '備註' : '备注'))).toBeTruthy();
  });

  it('shows title lines above the header (GBK bank export)', async () => {
    const detected = await api.detect({ path: fixture('customers-gbk.csv') });
    expect(detected.settings.headerLine).toBe(2);
    expect(detected.titleLines).toEqual(['某某银行客户信息导出', '导出日期：2024-02-01']);
  });

  it('Latin-1, ;-separated, English headers', async () => {
    const detected = await api.detect({ path: fixture('customers-latin1.csv') });
    expect(detected.settings).toMatchObject({ encoding: 'latin1', delimiter: ';', hasHeader: true });
    const result = await api.run({ files: [fixture('customers-latin1.csv')], table: 'customers', allowReimport: true });
    expect(result.rowsLoaded).toBe(3);
    const rows = await query<{ name: string; city: string }>(engine, 'SELECT name, city FROM customers ORDER BY customer_id');
    expect(rows).toEqual([
      { name: 'José Müller', city: 'Zürich' },
      { name: 'Françoise Dupré', city: 'Genève' },
      { name: 'Søren Ærø', city: 'Århus' },
    ]);
  });

  it('an encoding override wins over detection (and the preview shows the mojibake)', async () => {
    const detected = await api.detect({ path: fixture('customers-gbk.csv'), overrides: { encoding: 'latin1' } });
    expect(detected.settings.encoding).toBe('latin1');
    expect(detected.preview.flat().join('')).not.toContain('张伟');
  });
});

describe('delimiters, with title lines', () => {
  it.each([
    ['transactions-comma.csv', ','],
    ['transactions-semicolon.csv', ';'],
    ['transactions-pipe.csv', '|'],
    ['transactions-tab.csv', '\t'],
  ])('%s', async (file, delimiter) => {
    const detected = await api.detect({ path: fixture(file) });
    expect(detected.settings).toMatchObject({ delimiter, headerLine: 2, hasHeader: true });
    expect(detected.titleLines[0]).toBe('某某银行 交易明细');
    expect(detected.suggestedTable.table).toBe('transactions');
    const result = await api.run({ files: [fixture(file)], table: 'transactions', allowReimport: true });
    expect([result.rowsRead, result.rowsLoaded, result.rowsRejected]).toEqual([4, 4, 0]);
    const rows = await query<{ txn_id: string; account_id: string; ts: string; amount: string; direction: string; txn_type: string }>(
      engine,
      `SELECT txn_id, account_id, CAST(ts AS VARCHAR) AS ts, CAST(amount AS VARCHAR) AS amount, direction, txn_type FROM transactions ORDER BY txn_id`,
    );
    expect(rows[0]).toEqual({ txn_id: 'T0001', account_id: '6222000000000001', ts: '2024-01-05 00:00:00', amount: '1234.50', direction: 'credit', txn_type: '工资' });
    expect(rows[1]).toMatchObject({ direction: 'debit', txn_type: '消费; 超市' });
    expect(rows[3]).toMatchObject({ amount: '88000.00', txn_type: '转账|入' });
  });
});

describe('date and amount forms', () => {
  it.each(['ymd-dash', 'ymd-slash', 'ymd-compact', 'yymmdd', 'dmy-dot', 'excel-serial'])('dates as %s', async (form) => {
    const file = fixture(`dates-${form}.csv`);
    const detected = await api.detect({ path: file });
    expect(detected.columns.map((c) => c.target)).toEqual(['txn_id', 'account_id', 'ts', 'amount', 'direction']);
    const result = await api.run({ files: [file], table: 'transactions', allowReimport: true });
    expect([result.rowsLoaded, result.rowsRejected]).toEqual([3, 0]);
    const rows = await query<{ d: string; direction: string }>(engine, `SELECT CAST(CAST(ts AS DATE) AS VARCHAR) AS d, direction FROM transactions ORDER BY txn_id`);
    expect(rows.map((r) => r.d)).toEqual(['2024-01-31', '2024-02-01', '2023-12-05']);
    expect(rows.every((r) => r.direction === 'debit')).toBe(true);
  });

  it('amounts: thousands separators, currency signs, parentheses and trailing minus', async () => {
    const result = await api.run({ files: [fixture('amounts.csv')], table: 'transactions', allowReimport: true });
    expect([result.rowsLoaded, result.rowsRejected]).toEqual([7, 0]);
    expect(result.columns.find((c) => c.name === 'amount')?.type).toBe('DECIMAL(18,2)');
    const rows = await query<{ a: string }>(engine, `SELECT CAST(amount AS VARCHAR) AS a FROM transactions ORDER BY txn_id`);
    expect(rows.map((r) => r.a)).toEqual(['1234.50', '1234.50', '-1234.50', '-1234.50', '-1234.50', '88.00', '0.01']);
  });
});

describe('direction codes', () => {
  it('1 and 2 mean what the bank says (1 = debit by default, 1 = credit when chosen); letters and characters are not affected', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-direction-'));
    const file = path.join(dir, 'flows.csv');
    fs.writeFileSync(file, '流水号,账号,交易时间,交易金额,借贷标志\nT1,A1,2024-01-02,10.00,1\nT2,A1,2024-01-03,20.00,2\nT3,A1,2024-01-04,30.00,D\nT4,A1,2024-01-05,40.00,贷\n');
    const directions = async () => (await query<{ direction: string }>(engine, 'SELECT direction FROM transactions ORDER BY txn_id')).map((r) => r.direction);
    try {
      expect((await api.run({ files: [file], table: 'transactions', allowReimport: true })).rowsLoaded).toBe(4);
      expect(await directions()).toEqual(['debit', 'credit', 'debit', 'credit']);
      expect((await api.run({ files: [file], table: 'transactions', allowReimport: true, numericDirection: '1_credit' })).rowsLoaded).toBe(4);
      expect(await directions()).toEqual(['credit', 'debit', 'debit', 'credit']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('broken rows are rejected with line numbers, never dropped', () => {
  it('loads the good rows and keeps every bad one in _sw_import_rejects', async () => {
    const result = await api.run({ files: [fixture('broken.csv')], table: 'transactions', allowReimport: true });
    // 10 records: 5 loaded; line 4 too many fields, line 6 impossible date, line 8 too few fields,
    // line 10 an unterminated quote (its record runs to the end of the file, taking line 11 with it).
    expect(result).toMatchObject({ rowsRead: 9, rowsLoaded: 5, rowsRejected: 4 });
    expect(result.failedChecks).toContain('rejected_rows');
    expect(result.rejects.map((r) => [r.line, r.column])).toEqual([
      [4, null],
      [6, '交易日期'],
      [8, '交易金额'],
      [10, '账号'],
    ]);
    expect(result.rejects[1]!.reason).toContain('2024-02-30');
    expect(result.rejects[1]!.raw).toBe('B05,6222000000000001,2024-02-30,50.00');
    expect(result.rejects[3]!.raw).toContain('B10');
    const stored = await query<{ n: bigint }>(engine, `SELECT count(*) AS n FROM _sw_import_rejects WHERE import_id = '${result.importId}'`);
    expect(Number(stored[0]!.n)).toBe(4);
    const loaded = await query<{ txn_id: string }>(engine, 'SELECT txn_id FROM transactions ORDER BY txn_id');
    expect(loaded.map((r) => r.txn_id)).toEqual(['B01', 'B02', 'B04', 'B06', 'B08']);
  });
});

describe('a public data set: UCI bank marketing', () => {
  // The whole public file, kept in the repository gzipped (4.6 MB → 0.5 MB; citation in
  // bank-names.txt beside it), unpacked to the test's temp folder so the importer reads the real CSV.
  let BANK_FULL = '';
  beforeAll(() => {
    BANK_FULL = path.join(dir, 'bank-full.csv');
    fs.writeFileSync(BANK_FULL, zlib.gunzipSync(fs.readFileSync(path.resolve(__dirname, '../fixtures/uci-bank-marketing/bank-full.csv.gz'))));
  });
  it('imports bank-full.csv with the counts its documentation gives', async () => {
    const detected = await api.detect({ path: BANK_FULL });
    expect(detected.settings).toMatchObject({ encoding: 'utf-8', delimiter: ';', quote: '"', headerLine: 0, hasHeader: true });
    expect(detected.headers).toHaveLength(17);
    const result = await api.run({ files: [BANK_FULL], table: 'bank_marketing' });
    expect([result.rowsRead, result.rowsLoaded, result.rowsRejected]).toEqual([45_211, 45_211, 0]);
    expect(result.columns).toHaveLength(17);
    const types = Object.fromEntries(result.columns.map((c) => [c.name, c.type]));
    expect(types).toMatchObject({ age: 'BIGINT', balance: 'BIGINT', job: 'VARCHAR', y: 'VARCHAR' });
    const [yes] = await query<{ n: bigint }>(engine, `SELECT count(*) AS n FROM bank_marketing WHERE y = 'yes'`);
    expect(Number(yes!.n)).toBe(5_289);
  });
});
