import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { detectEncoding, utf8Evidence } from '../../src/engine/import/encoding-detect';
import { encodeMultiByte } from '../../src/engine/encoding/gbk-encoder';
import { badByteUtf8 } from '../fixtures/exports/bad-byte-utf8';
import { importApi, query } from '../support/import-harness';
import { openTempEngine } from '../support/temp-workspace';

/**
 * Issue 11's silent corruptions, each beside the corpus (import-corpus.test.ts): the cases that
 * need a big file, an option of import.run, an existing table or the preview's findings.
 */
let engine: Engine;
let dispose: () => void;
let api: ReturnType<typeof importApi>;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-real-exports-'));
const write = (name: string, data: string | Buffer) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, data);
  return file;
};

beforeAll(async () => {
  ({ engine, dispose } = await openTempEngine());
  api = importApi(engine);
});
afterAll(() => {
  dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('1. one invalid byte in a UTF-8 file', () => {
  it('weighs the whole sample: a mostly-valid UTF-8 sample stays UTF-8; GBK text is still GBK', () => {
    const sample = badByteUtf8(400, 101);
    expect(utf8Evidence(sample).invalid).toBe(1);
    expect(detectEncoding(sample).encoding).toBe('utf-8');
    const gbk = encodeMultiByte('客户号,客户姓名\n000101,张伟\n000102,王芳\n000103,李娜\n'.repeat(20), 'gbk');
    expect(detectEncoding(gbk).encoding).toBe('gb18030');
  });

  it.each([101, 150_002])('200,000 rows, 0xFF on line %i: one rejected row with its byte, every Chinese value intact', async (badLine) => {
    const file = write(`bad-byte-${badLine}.csv`, badByteUtf8(200_000, badLine));
    const detected = await api.detect({ path: file, table: 'customers' });
    expect(detected.settings.encoding).toBe('utf-8');
    const result = await api.run({ files: [file], table: 'customers', allowReimport: true });
    expect([result.rowsRead, result.rowsLoaded, result.rowsRejected]).toEqual([200_000, 199_999, 1]);
    expect(result.rejects).toHaveLength(1);
    expect(result.rejects[0]!.line).toBe(badLine);
    // "0000100," then the bad byte: the 9th byte of its line.
    expect(result.rejects[0]!.reason).toMatch(/^not valid UTF-8: invalid byte at byte 9 of the line \(file offset \d+\)$/);
    const [counts] = await query<{ garbled: bigint; chinese: bigint }>(
      engine,
      `SELECT count(*) FILTER (WHERE NOT regexp_full_match(name, '[\\x{4e00}-\\x{9fff}]{2}')) AS garbled, count(*) FILTER (WHERE city = '上海') AS chinese FROM customers`,
    );
    expect([Number(counts!.garbled), Number(counts!.chinese)]).toEqual([0, 199_999]);
  });

  it('the byte offset is the file\'s, in a CRLF file too', async () => {
    const head = '客户号,客户姓名\r\nC1,张伟\r\n';
    const file = write('crlf-bad-byte.csv', Buffer.concat([Buffer.from(`${head}C2,王`), Buffer.from([0xfe]), Buffer.from('芳\r\nC3,李娜\r\n')]));
    const result = await api.run({ files: [file], table: 'customers', allowReimport: true });
    const offset = Buffer.byteLength(`${head}C2,王`);
    expect(result.rejects.map((r) => [r.line, r.reason])).toEqual([[3, `not valid UTF-8: invalid byte at byte ${Buffer.byteLength('C2,王') + 1} of the line (file offset ${offset})`]]);
  });
});

describe('2. a few values that are no numbers', () => {
  const lines = ['编号,账户余额,评分'];
  for (let i = 1; i <= 2000; i++) lines.push(`${i},${i === 1207 - 1 ? '待补录' : (i * 1.5).toFixed(2)},${i % 400 === 0 ? '?' : i % 90}`);
  const file = () => write('near-numeric.csv', lines.join('\n') + '\n');

  it('the preview offers ? as a missing-value token and names the near-numeric column', async () => {
    const detected = await api.detect({ path: file() });
    expect(detected.missingTokens).toEqual([{ token: '?', count: 5, columns: ['评分'] }]);
    // ? is offered as missing, not counted against 评分.
    expect(detected.nearNumeric.map((c) => [c.column, c.others, c.examples])).toEqual([['账户余额', 1, ['待补录']]]);
  });

  it('keeps the column numeric at >= 99.9 %, rejects the row and names it in the summary', async () => {
    const result = await api.run({ files: [file()], table: 'near', nullTokens: ['?'], allowReimport: true });
    expect([result.rowsLoaded, result.rowsRejected]).toEqual([1999, 1]);
    const types = Object.fromEntries(result.columns.map((c) => [c.name, c.type]));
    expect(types).toMatchObject({ 账户余额: 'DECIMAL(18,2)', 评分: 'BIGINT' });
    expect(result.valueRejects.map((v) => ({ column: v.column, kind: v.kind, count: v.count, lines: v.examples.map((e) => e.line) }))).toEqual([
      { column: '账户余额', kind: 'decimal', count: 1, lines: [1207] },
    ]);
    const [sum] = await query<{ s: string }>(engine, `SELECT CAST(sum(账户余额) AS VARCHAR) AS s FROM near`);
    expect(sum!.s).toBe(String((2001000 * 1.5 - 1206 * 1.5).toFixed(2)));
  });

  it('the threshold is the analyst\'s: at 100 % one odd value keeps the column text (as before)', async () => {
    const result = await api.run({ files: [file()], table: 'near', nullTokens: ['?'], numericThreshold: 1, allowReimport: true });
    expect(Object.fromEntries(result.columns.map((c) => [c.name, c.type]))).toMatchObject({ 账户余额: 'VARCHAR', 评分: 'BIGINT' });
  });

  it('or the value is loaded as NULL, still recorded, and the check says so', async () => {
    const result = await api.run({ files: [file()], table: 'near', invalidValues: 'set-null', numericThreshold: 0.99, allowReimport: true });
    // Without accepting ?, its 5 values (0.25 %, under the 1 % allowed here) are invalid too: loaded as NULL.
    expect([result.rowsLoaded, result.rowsRejected]).toEqual([2000, 0]);
    // By the line of each column's first invalid value: ? first on line 401.
    expect(result.valueRejects.map((v) => [v.column, v.count, v.examples[0]!.line])).toEqual([
      ['评分', 5, 401],
      ['账户余额', 1, 1207],
    ]);
    expect(result.failedChecks).toContain('invalid_values_nulled');
    expect(result.rejects.some((r) => r.line === 1207 && r.reason.endsWith('(loaded as NULL)'))).toBe(true);
    const [row] = await query<{ n: bigint }>(engine, `SELECT count(*) AS n FROM near WHERE 账户余额 IS NULL`);
    expect(Number(row!.n)).toBe(1);
  });
});

describe('3. decimals are never rounded', () => {
  it('appending a file with more decimals widens the existing column', async () => {
    await api.run({ files: [write('acc-2dp.csv', '账号,客户号,账户余额\nA1,C1,10.50\n')], table: 'accounts', allowReimport: true });
    const result = await api.run({ files: [write('acc-3dp.csv', '账号,客户号,账户余额\nA2,C2,1.125\nA3,C3,2.0049\n')], table: 'accounts', mode: 'append', allowReimport: true });
    expect(result.rowsLoaded).toBe(2);
    expect(result.columns.find((c) => c.name === 'balance')!.type).toBe('DECIMAL(20,4)');
    const rows = await query<{ b: string }>(engine, `SELECT CAST(balance AS VARCHAR) AS b FROM accounts ORDER BY account_id`);
    expect(rows.map((r) => r.b)).toEqual(['10.5000', '1.1250', '2.0049']);
  });
});

describe('4. two-digit years', () => {
  const file = () => write('yy.csv', '客户号,出生日期,开户日期\nC1,450204,2015-03-01\nC2,150302,2024-05-31\n');

  it('the preview shows the century chosen from the data', async () => {
    const detected = await api.detect({ path: file(), table: 'customers' });
    expect(detected.centuries).toEqual([{ column: '出生日期', reference: '2024-05-31', source: 'data' }]);
  });

  it('the analyst can set the pivot instead (then nothing is left undecided)', async () => {
    const result = await api.run({ files: [file()], table: 'customers', centuryPivot: 50, allowReimport: true });
    const rows = await query<{ b: string }>(engine, `SELECT CAST(birth_date AS VARCHAR) AS b FROM customers ORDER BY customer_id`);
    expect(rows.map((r) => r.b)).toEqual(['2045-02-04', '2015-03-02']);
    expect(result.centuries).toEqual([expect.objectContaining({ column: 'birth_date', reference: '2050-12-31', source: 'user', undecided: 0 })]);
  });

  it('without a pivot, the undecided birth dates are flagged with their lines', async () => {
    const result = await api.run({ files: [file()], table: 'customers', allowReimport: true });
    expect(result.centuries).toEqual([expect.objectContaining({ column: 'birth_date', reference: '2024-05-31', source: 'data', undecided: 1, undecidedLines: [3] })]);
    expect(result.failedChecks).toContain('undecided_centuries');
  });
});

describe('6. trailers with as many fields as a record', () => {
  it('合计,… with the data\'s field count is a trailer, checked, not a row', async () => {
    const file = write('trailer-wide.csv', '客户号,客户姓名,城市\nC1,张伟,北京\nC2,王芳,上海\n合计,2,\n');
    const result = await api.run({ files: [file], table: 'customers', allowReimport: true });
    expect([result.rowsRead, result.rowsLoaded, result.rowsRejected]).toEqual([2, 2, 0]);
    expect(result.trailers).toEqual([expect.objectContaining({ line: 4, text: '合计,2,', statedRows: 2, rowsRead: 2, matches: true })]);
  });

  it('a GBK file: the trailer count is checked on the transcoded rows', async () => {
    const file = write('trailer-gbk.csv', encodeMultiByte('客户号|客户姓名\r\nC1|张伟\r\nC2|王芳\r\nC3|李娜\r\n共3条\r\n', 'gbk'));
    const result = await api.run({ files: [file], table: 'customers', allowReimport: true });
    expect([result.rowsRead, result.rowsLoaded, result.rowsRejected]).toEqual([3, 3, 0]);
    expect(result.trailers).toEqual([expect.objectContaining({ line: 5, statedRows: 3, matches: true })]);
  });

  it('a last row that merely starts like a keyword but fills every field is data', async () => {
    const file = write('not-a-trailer.csv', 'id,name,city\n1,Alice,Paris\n2,Total Care,Lyon\n');
    const result = await api.run({ files: [file], table: 'people', allowReimport: true });
    expect([result.rowsRead, result.rowsLoaded]).toEqual([2, 2]);
    expect(result.trailers).toEqual([]);
  });
});

describe('7. a file name is a file name (Parquet too)', () => {
  it('p*.parquet loads that one file', async () => {
    const target = path.join(dir, 'p*.parquet');
    // COPY … TO writes the name as it is (no glob). A plain DuckDB writes the files: the engine is locked to its workspace.
    const writer = await DuckDBInstance.create(':memory:');
    const connection = await writer.connect();
    await connection.run(`COPY (SELECT 1 AS id UNION ALL SELECT 2) TO '${target}' (FORMAT parquet)`);
    await connection.run(`COPY (SELECT range AS id FROM range(10)) TO '${path.join(dir, 'pa.parquet')}' (FORMAT parquet)`);
    connection.closeSync();
    writer.closeSync();
    expect(fs.existsSync(target)).toBe(true);
    const result = await api.run({ files: [target], table: 'glob_parquet', allowReimport: true });
    expect(result.rowsLoaded).toBe(2);
  });
});

describe('9. duplicate keys', () => {
  it('appending: within-file duplicates follow the policy, keys already in the table are skipped, all counted', async () => {
    await api.run({ files: [write('c1.csv', '客户号,城市\nK1,北京\n')], table: 'customers', allowReimport: true });
    const result = await api.run({ files: [write('c2.csv', '客户号,城市\nK2,上海\nK1,广州\nK2,深圳\nK3,杭州\n')], table: 'customers', mode: 'append', duplicates: 'keep-last', allowReimport: true });
    expect([result.rowsRead, result.rowsLoaded, result.rowsDuplicate]).toEqual([4, 2, 2]);
    expect(result.duplicates.map((d) => [d.key, d.lines, d.kept])).toEqual([['K2', [2, 4], 4]]);
    const rows = await query<{ customer_id: string; city: string }>(engine, `SELECT customer_id, city FROM customers ORDER BY customer_id`);
    expect(rows).toEqual([
      { customer_id: 'K1', city: '北京' },
      { customer_id: 'K2', city: '深圳' },
      { customer_id: 'K3', city: '杭州' },
    ]);
  });
});

describe('9. duplicate keys across the files of one import', () => {
  it('replacing with two files: a key of the second file that the first had is a duplicate, not a second row', async () => {
    const a = write('m1.csv', '客户号,城市\nM1,北京\nM2,上海\n');
    const b = write('m2.csv', '客户号,城市\nM2,广州\nM3,杭州\n');
    const result = await api.run({ files: [a, b], table: 'customers', allowReimport: true });
    expect([result.rowsRead, result.rowsLoaded, result.rowsDuplicate]).toEqual([4, 3, 1]);
    const rows = await query<{ customer_id: string; city: string }>(engine, `SELECT customer_id, city FROM customers ORDER BY customer_id`);
    expect(rows.map((r) => `${r.customer_id}:${r.city}`)).toEqual(['M1:北京', 'M2:上海', 'M3:杭州']);
  });
});

describe('3. decimals past the widest scale', () => {
  it('a value with more decimals than DECIMAL can hold is rejected with its value, never rounded', async () => {
    const file = write('acc-20dp.csv', '账号,客户号,账户余额\nB1,C1,1.5\nB2,C2,0.12345678901234567891\n');
    const result = await api.run({ files: [file], table: 'accounts', allowReimport: true });
    expect([result.rowsLoaded, result.rowsRejected]).toEqual([1, 1]);
    expect(result.columns.find((c) => c.name === 'balance')!.type).toBe('DECIMAL(34,18)');
    expect(result.rejects.map((r) => [r.line, r.reason])).toEqual([[3, 'cannot read "0.12345678901234567891" as decimal']]);
  });
});
