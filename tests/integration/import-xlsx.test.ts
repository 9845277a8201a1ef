import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { CancellationToken } from '../../src/engine/jobs/cancellation';
import type { AppError } from '../../src/shared/errors';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { qualityParamsSchema, sheetsParamsSchema } from '../../src/shared/import-types';
import { writeBigWorkbook } from '../fixtures/import/make-xlsx';
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

const BOOK = fixture('accounts-two-sheets.xlsx');
const sheets = (p: string) => api.handlers['import.sheets'](sheetsParamsSchema.parse({ path: p, previewRows: 4 }), detachedContext());

describe('Excel workbooks', () => {
  it('lists every sheet with a row estimate and its first rows', async () => {
    const result = await sheets(BOOK);
    expect(result.sheets.map((s) => [s.name, s.index, s.rowsEstimate, s.columnsEstimate])).toEqual([
      ['说明', 0, 2, 1],
      ['账户明细', 1, 9, 9],
    ]);
    expect(result.sheets[1]!.preview.map((r) => r.row)).toEqual([1, 2, 3, 4]);
    expect(result.sheets[1]!.preview[2]!.values).toEqual(['账号', '客户号', '产品类型', '开户日期', '余额', '币种', '', '机构号', '积分']);
  });

  it('detects the title rows, the header row and fills a merged header cell from its left neighbour', async () => {
    const d = await api.detect({ path: BOOK, sheets: ['账户明细'] });
    expect(d.format).toBe('xlsx');
    expect(d.sheet).toBe('账户明细');
    expect(d.sheets).toEqual([{ name: '说明', index: 0 }, { name: '账户明细', index: 1 }]);
    expect(d.settings.headerLine).toBe(2);
    expect(d.titleLines).toEqual(['某某银行账户余额导出', '导出日期：2024-07-01']);
    expect(d.headers).toEqual(['账号', '客户号', '产品类型', '开户日期', '余额', '币种', '币种_2', '机构号', '积分']);
    expect(d.suggestedTable.table).toBe('accounts');
    // Cell types kept: dates as ISO, text with leading zeros as written, 0.1 + 0.2 as Excel shows it.
    expect(d.preview[0]).toEqual(['000123456', '000101', '活期', '2023-01-15', '1234.56', 'CNY', '人民币', '1001', '100']);
    expect(d.preview[4]![4]).toBe('0.3');
  });

  it('a header row chosen by the user wins (rows above it become title rows)', async () => {
    const d = await api.detect({ path: BOOK, sheets: ['账户明细'], headerLine: 3 });
    expect(d.settings.headerLine).toBe(3);
    expect(d.titleLines).toHaveLength(3);
    expect(d.headers[0]).toBe('000123456');
  });

  it('imports the chosen sheet with exact counts, types and the rejected row by its sheet row', async () => {
    const result = await api.run({ files: [BOOK], sheets: ['账户明细'], table: 'accounts' });
    expect([result.rowsRead, result.rowsLoaded, result.rowsRejected]).toEqual([5, 4, 1]);
    expect(result.rejects).toEqual([
      expect.objectContaining({ file: `${BOOK}#账户明细`, line: 8, column: '开户日期', reason: 'cannot read "2024-13-45" as date' }),
    ]);
    const types = Object.fromEntries(result.columns.map((c) => [c.name, c.type]));
    expect(types).toMatchObject({ account_id: 'VARCHAR', customer_id: 'VARCHAR', open_date: 'DATE', balance: 'DECIMAL(18,2)', 币种_2: 'VARCHAR', 机构号: 'VARCHAR', 积分: 'BIGINT' });
    const rows = await query<{ account_id: string; open_date: string; balance: string; 机构号: string; 积分: bigint }>(
      engine,
      `SELECT account_id, CAST(open_date AS VARCHAR) AS open_date, CAST(balance AS VARCHAR) AS balance, 机构号, 积分 FROM accounts ORDER BY account_id`,
    );
    expect(rows).toEqual([
      { account_id: '000123456', open_date: '2023-01-15', balance: '1234.56', 机构号: '1001', 积分: 100n },
      { account_id: '000123457', open_date: '2022-06-30', balance: '50000.00', 机构号: '1002', 积分: 250n },
      { account_id: '000123458', open_date: '2021-03-01', balance: '-20000.50', 机构号: '1001', 积分: 0n },
      { account_id: '000123460', open_date: '2024-02-29', balance: '0.30', 机构号: '1002', 积分: 12n },
    ]);
    // The data-quality checks run on the imported sheet (accounts only: keys, dates, balances).
    const quality = await api.handlers['data.quality'](qualityParamsSchema.parse({ examples: 1 }), detachedContext());
    expect(quality.checks.filter((c) => c.table === 'accounts').map((c) => c.id)).toEqual(expect.arrayContaining(['duplicate_key', 'negative_balance']));
    // The one negative balance is a loan (贷款), which may be negative.
    expect(quality.checks.find((c) => c.id === 'negative_balance')).toMatchObject({ table: 'accounts', count: 0 });
    // Importing the same sheet again is detected; another sheet of the same file is not.
    const again = await api.detect({ path: BOOK, sheets: ['账户明细'] });
    expect(again.alreadyImported?.table).toBe('accounts');
    expect((await api.detect({ path: BOOK, sheets: ['说明'] })).alreadyImported).toBeNull();
  });

  it('refuses an unknown sheet name, naming the sheets there are', async () => {
    await expect(api.run({ files: [BOOK], sheets: ['Sheet9'], table: 'accounts', allowReimport: true })).rejects.toThrow(/no sheet named "Sheet9" \(sheets: 说明, 账户明细\)/);
  });

  it('a cancelled sheet import leaves the workspace unchanged', async () => {
    const before = await query<{ n: bigint }>(engine, 'SELECT count(*) AS n FROM accounts');
    const token = new CancellationToken();
    token.fire('CANCELLED', 'test');
    await expect(api.run({ files: [BOOK], sheets: ['账户明细'], table: 'accounts', mode: 'append', allowReimport: true }, { token, progress: () => {} })).rejects.toThrow();
    expect(await query<{ n: bigint }>(engine, 'SELECT count(*) AS n FROM accounts')).toEqual(before);
  });

  it('streams a 200,000-row sheet (peak RSS printed)', { timeout: 600_000 }, async () => {
    const big = path.join(dir, 'big.xlsx');
    const rows = 200_000;
    let t = performance.now();
    await writeBigWorkbook(big, rows);
    const writeMs = performance.now() - t;
    const listed = await sheets(big);
    // exceljs's streaming writer declares no extent: the estimate is scaled from the first rows.
    expect(Math.abs(listed.sheets[0]!.rowsEstimate! - (rows + 2)) / rows).toBeLessThan(0.1);
    let peak = process.memoryUsage().rss;
    const before = peak;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    t = performance.now();
    const result = await api.run({ files: [big], table: 'transactions' }).finally(() => clearInterval(timer));
    const importMs = performance.now() - t;
    console.log(
      `[xlsx ${rows} rows, ${(fs.statSync(big).size / 1e6).toFixed(1)} MB] written in ${(writeMs / 1000).toFixed(1)} s; imported in ${(importMs / 1000).toFixed(1)} s; ` +
        `RSS before ${(before / 2 ** 20).toFixed(0)} MiB, peak during import ${(peak / 2 ** 20).toFixed(0)} MiB (${os.cpus().length} cores)`,
    );
    expect([result.rowsRead, result.rowsLoaded, result.rowsRejected]).toEqual([rows, rows, 0]);
    const types = Object.fromEntries(result.columns.map((c) => [c.name, c.type]));
    expect(types).toMatchObject({ txn_id: 'VARCHAR', account_id: 'VARCHAR', ts: 'TIMESTAMP', amount: 'DECIMAL(18,2)', direction: 'VARCHAR' });
    const sample = await query<{ txn_id: string; account_id: string; ts: string; amount: string; direction: string }>(
      engine,
      `SELECT txn_id, account_id, CAST(ts AS VARCHAR) AS ts, CAST(amount AS VARCHAR) AS amount, direction FROM transactions WHERE txn_id IN ('T000000000', 'T000199999') ORDER BY txn_id`,
    );
    expect(sample).toEqual([
      { txn_id: 'T000000000', account_id: '6222000000000000', ts: '2024-01-01 00:00:00', amount: '0.01', direction: 'credit' },
      { txn_id: 'T000199999', account_id: '6222000000004999', ts: new Date(Date.UTC(2024, 0, 1) + 199_999 * 60_000).toISOString().replace('T', ' ').slice(0, 19), amount: `${(Math.round(((199_999 * 7919) % 1_000_000) + 1) / 100).toFixed(2)}`, direction: 'debit' },
    ]);

    // Cancelled while the sheet streams: CANCELLED within a second or so, nothing changed.
    const token = new CancellationToken();
    const started = Date.now();
    const job = api.run({ files: [big], table: 'transactions', mode: 'append', allowReimport: true }, { token, progress: () => {} });
    setTimeout(() => token.fire('CANCELLED', 'test'), 500);
    const error = await job.catch((e: unknown) => e);
    expect((error as AppError).code).toBe('CANCELLED');
    console.log(`xlsx import cancelled after ${Date.now() - started} ms (cancel fired at 500 ms)`);
    expect(await query<{ n: bigint }>(engine, 'SELECT count(*) AS n FROM transactions')).toEqual([{ n: BigInt(rows) }]);
  });
});
