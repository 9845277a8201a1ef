import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { historyParamsSchema, historyResultSchema, profileParamsSchema, qualityParamsSchema, type RunResult } from '../../src/shared/import-types';
import type { z } from 'zod';
import { fixture, importApi } from '../support/import-harness';
import { openTempEngine } from '../support/temp-workspace';

/**
 * import.history against real DuckDB: imports with bad rows are listed newest first with the counts
 * of their files, and their rejected rows with file, line, column and reason, read back from the
 * workspace's bookkeeping tables; personal data in the rejected rows (and in the profile and the
 * quality examples) leaves the engine masked unless the call says `unmasked`.
 */
let engine: Engine;
let dispose: () => void;
let dir: string;
let api: ReturnType<typeof importApi>;

/** tests/integration/import-csv.test.ts asserts these for broken.csv. */
const BROKEN = { read: 9, loaded: 5, rejected: 4, lines: [4, 6, 8, 10] };

/** A customers export with personal data: rows on lines 4 and 8 hold dates that do not exist. */
const CUSTOMERS_CSV = [
  '客户号,客户姓名,证件号码,手机号码,出生日期',
  '000201,张伟,11010519491231002X,13800138000,1949-12-31',
  '000202,王芳,310101198001010011,13912345678,1980-01-01',
  '000203,李娜,44030119900315123X,15012345678,1980-02-30',
  '000204,刘洋,510104198512120034,18612345678,1985-12-12',
  ',陈静,320102197707070045,13700001111,1977-07-07',
  '000206,杨磊,420106199209090056,13600002222,1992-09-09',
  '000207,欧阳娜娜,510104198512120099,18612340000,1985-13-12',
  '000208,赵敏,110101199001010018,13511112222,1990-01-01',
];
let customersFile: string;

const history = (params: z.input<typeof historyParamsSchema> = {}) =>
  api.handlers['import.history'](historyParamsSchema.parse(params), detachedContext()).then((r) => historyResultSchema.parse(r));

let broken: RunResult;
let twoFiles: RunResult;
let customers: RunResult;

beforeAll(async () => {
  ({ engine, dispose, dir } = await openTempEngine());
  api = importApi(engine);
  customersFile = path.join(dir, 'customers-with-bad-dates.csv');
  fs.writeFileSync(customersFile, CUSTOMERS_CSV.join('\n') + '\n', 'utf8');
  broken = await api.run({ files: [fixture('broken.csv')], table: 'transactions' });
  twoFiles = await api.run({ files: [fixture('transactions-comma.csv'), fixture('transactions-pipe.csv')], table: 'txn_months' });
  customers = await api.run({ files: [customersFile], table: 'customers' });
});
afterAll(() => dispose());

describe('import.history', () => {
  it('lists every import newest first with its table, mode, time and row counts', async () => {
    expect(broken).toMatchObject({ rowsRead: BROKEN.read, rowsLoaded: BROKEN.loaded, rowsRejected: BROKEN.rejected });
    const result = await history();
    expect(result.total).toBe(3);
    expect(result.masked).toBe(true);
    expect(result.imports.map((i) => i.importId)).toEqual([customers.importId, twoFiles.importId, broken.importId]);

    const entry = result.imports[2]!;
    expect(entry).toMatchObject({ table: 'transactions', mode: 'replace', rowsRead: BROKEN.read, rowsLoaded: BROKEN.loaded, rowsRejected: BROKEN.rejected, rowsDuplicate: 0 });
    expect(entry.at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(entry.files).toEqual([
      expect.objectContaining({ file: path.resolve(fixture('broken.csv')), encoding: 'utf-8', rowsRead: BROKEN.read, rowsLoaded: BROKEN.loaded, rowsRejected: BROKEN.rejected }),
    ]);
    expect(entry.files[0]!.sha256).toBe(broken.files[0]!.sha256);
    expect(entry.files[0]!.sizeBytes).toBe(fs.statSync(fixture('broken.csv')).size);
    // Without `rejects`, only the counts.
    expect(result.imports.every((i) => i.rejects.length === 0)).toBe(true);
  });

  it('sums the files of one import and keeps them in the order they were loaded', async () => {
    const [entry] = (await history({ importId: twoFiles.importId })).imports;
    expect(entry!.files.map((f) => path.basename(f.file))).toEqual(['transactions-comma.csv', 'transactions-pipe.csv']);
    expect(entry!.files.map((f) => [f.rowsRead, f.rowsLoaded, f.rowsRejected, f.rowsDuplicate])).toEqual(
      twoFiles.files.map((f) => [f.rowsRead, f.rowsLoaded, f.rowsRejected, f.rowsDuplicate]),
    );
    expect([entry!.rowsRead, entry!.rowsLoaded, entry!.rowsRejected, entry!.rowsDuplicate]).toEqual([twoFiles.rowsRead, twoFiles.rowsLoaded, twoFiles.rowsRejected, twoFiles.rowsDuplicate]);
  });

  it('gives the rejected rows of an import with file, line, column and reason', async () => {
    const result = await history({ importId: broken.importId, rejects: 100 });
    expect(result.total).toBe(3);
    expect(result.imports).toHaveLength(1);
    const rejects = result.imports[0]!.rejects;
    expect(rejects.map((r) => r.line)).toEqual(BROKEN.lines);
    expect(rejects.every((r) => r.file === path.resolve(fixture('broken.csv')) && r.reason.length > 0)).toBe(true);
    // Line 6 holds 2024-02-30: rejected by the conversion of its date column, with the row as written.
    const feb30 = rejects.find((r) => r.line === 6)!;
    expect(feb30.column).toBe('交易日期');
    expect(feb30.reason).toContain('2024-02-30');
    expect(feb30.raw).toBe('B05,6222000000000001,2024-02-30,50.00');
    // The same rows the import reported.
    expect(rejects.map((r) => [r.line, r.column])).toEqual(broken.rejects.map((r) => [r.line, r.column]));
  });

  it('lists at most `rejects` rejected rows per import and at most `limit` imports', async () => {
    const two = await history({ rejects: 2 });
    expect(two.imports.find((i) => i.importId === broken.importId)!.rejects.map((r) => r.line)).toEqual(BROKEN.lines.slice(0, 2));
    expect(two.imports.find((i) => i.importId === customers.importId)!.rejects.map((r) => r.line)).toEqual([4, 8]);
    const newest = await history({ limit: 1 });
    expect(newest.total).toBe(3);
    expect(newest.imports.map((i) => i.importId)).toEqual([customers.importId]);
    expect((await history({ importId: 'no-such-import' })).imports).toEqual([]);
  });

  it('masks names, ID numbers and mobile numbers in rejected rows unless asked for clear values', async () => {
    expect(customers).toMatchObject({ rowsRead: 8, rowsLoaded: 6, rowsRejected: 2 });
    const masked = (await history({ importId: customers.importId, rejects: 10 })).imports[0]!.rejects;
    expect(masked.map((r) => [r.line, r.column])).toEqual([
      [4, '出生日期'],
      [8, '出生日期'],
    ]);
    expect(masked.map((r) => r.raw)).toEqual(['000203,李*,440***********123X,150****5678,1980-02-30', '000207,欧*,510***********0099,186****0000,1985-13-12']);
    const text = JSON.stringify(masked);
    for (const clear of ['李娜', '欧阳娜娜', '44030119900315123X', '15012345678', '18612340000']) expect(text).not.toContain(clear);
    // The import's own result (the wizard's summary) is masked too.
    expect(customers.rejects.map((r) => r.raw)).toEqual(masked.map((r) => r.raw));

    const clear = await history({ importId: customers.importId, rejects: 10, unmasked: true });
    expect(clear.masked).toBe(false);
    expect(clear.imports[0]!.rejects.map((r) => r.raw)).toEqual([CUSTOMERS_CSV[3], CUSTOMERS_CSV[7]]);
  });

  it('masks the profile’s values and the quality checks’ example rows the same way', async () => {
    const profile = (unmasked: boolean) => api.handlers['import.profile'](profileParamsSchema.parse({ table: 'customers', unmasked }), detachedContext());
    const byName = (p: Awaited<ReturnType<typeof profile>>) => Object.fromEntries(p.columns.map((c) => [c.name, c]));
    const masked = byName(await profile(false));
    expect(masked.name!.top.map((t) => t.value)).toContain('张*');
    expect(masked.name!.top.every((t) => t.value !== null && /^\p{Script=Han}\*$/u.test(t.value))).toBe(true);
    expect(masked.id_number!.min).toBe('110***********0018');
    expect(masked.phone!.top.every((t) => t.value === null || /^\d{3}\*{4}\d{4}$/.test(t.value))).toBe(true);
    const clear = byName(await profile(true));
    expect(clear.name!.top.map((t) => t.value)).toContain('张伟');
    expect(clear.id_number!.min).toBe('110101199001010018');
    // Counts are the same either way.
    expect(masked.name!.distinct).toBe(clear.name!.distinct);

    const quality = (unmasked: boolean) => api.handlers['data.quality'](qualityParamsSchema.parse({ examples: 5, unmasked }), detachedContext());
    const missingKey = (r: Awaited<ReturnType<typeof quality>>) => r.checks.find((c) => c.id === 'missing_key' && c.table === 'customers')!;
    expect(missingKey(await quality(false))).toMatchObject({ count: 1, examples: [expect.objectContaining({ customer_id: null, name: '陈*', id_number: '320***********0045', phone: '137****1111' })] });
    expect(missingKey(await quality(true)).examples[0]).toMatchObject({ name: '陈静', id_number: '320102197707070045', phone: '13700001111' });
  });
});

describe('rejected rows are masked by the column each field went to', () => {
  it('masks a Latin name in the name column and keeps a short Chinese word in another column', async () => {
    const file = path.join(dir, 'customers-latin-names.csv');
    const lines = [
      '客户号,客户姓名,产品,备注,出生日期',
      '000301,John Smith,活期,call 13800138000,1980-02-30',
      '000302,"Li, Wei",定期,ok,1990-01-01',
      '000303,"Lee, Anna",理财,"note, 44030119900315123X",1985-13-12',
    ];
    fs.writeFileSync(file, lines.join('\n') + '\n', 'utf8');
    const run = await api.run({ files: [file], table: 'customers_latin' });
    expect(run).toMatchObject({ rowsRead: 3, rowsLoaded: 1, rowsRejected: 2 });
    const expected = ['000301,J*,活期,call 138****8000,1980-02-30', '000303,"L*",理财,"note, 440***********123X",1985-13-12'];
    expect(run.rejects.map((r) => r.raw)).toEqual(expected);
    const masked = (await history({ importId: run.importId, rejects: 10 })).imports[0]!.rejects;
    expect(masked.map((r) => r.raw)).toEqual(expected);
    const clear = await history({ importId: run.importId, rejects: 10, unmasked: true });
    expect(clear.imports[0]!.rejects.map((r) => r.raw)).toEqual([lines[1], lines[3]]);
  });
});
