import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { encodeGbk } from '../../src/engine/encoding/gbk-encoder';
import type { Progress } from '../../src/shared/protocol';
import type { ColumnMapping, FileCheck } from '../../src/shared/import-types';
import { importApi } from '../support/import-harness';
import { openTempEngine } from '../support/temp-workspace';

/**
 * import.checkFiles on real files: monthly exports that do not all look like the first one. Each
 * file is read with the detection import.run uses, compared with the first file and the planned
 * mapping, and hashed to say whether it was imported before.
 */
let engine: Engine;
let dispose: () => void;
let api: ReturnType<typeof importApi>;
let dir: string;

const HEADER = ['交易流水号', '账号', '交易日期', '交易金额', '借贷标志', '摘要'];
const ROWS = [
  ['T0001', '6222000000000001', '2024-01-05', '1234.50', '贷', '工资'],
  ['T0002', '6222000000000001', '2024-01-06', '200.00', '借', '消费'],
  ['T0003', '6222000000000002', '2024-01-07', '50', '借', '手续费'],
];
const csv = (rows: string[][], delimiter = ',') => rows.map((r) => r.join(delimiter)).join('\n') + '\n';
const month = (m: string) => ROWS.map((r, i) => [`${r[0]}-${m}`, r[1]!, `2024-${m}-0${i + 1}`, ...r.slice(3)]);
const at = (name: string) => path.join(dir, name);

beforeAll(async () => {
  ({ engine, dispose } = await openTempEngine());
  api = importApi(engine);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-check-'));
  // The first month: UTF-8, comma-separated (the file the wizard previews and maps).
  fs.writeFileSync(at('2024-01.csv'), csv([HEADER, ...month('01')]));
  // An extra column (the branch) at the end.
  fs.writeFileSync(at('2024-02.csv'), csv([[...HEADER, '网点'], ...month('02').map((r) => [...r, '朝阳支行'])]));
  // GBK, otherwise the same.
  fs.writeFileSync(at('2024-03.csv'), encodeGbk(csv([HEADER, ...month('03')])));
  // The amount column (mapped) is missing.
  const noAmount = (r: string[]) => r.filter((_, i) => i !== 3);
  fs.writeFileSync(at('2024-04.csv'), csv([noAmount(HEADER), ...month('04').map(noAmount)]));
  // Pipe-separated with the columns in another order: the mapping is by header name, so it fits.
  const reorder = (r: string[]) => [r[1]!, r[0]!, ...r.slice(2)];
  fs.writeFileSync(at('2024-05.csv'), csv([reorder(HEADER), ...month('05').map(reorder)], '|'));
  // Files that cannot be imported as planned.
  fs.writeFileSync(at('empty.csv'), '');
  fs.writeFileSync(at('no-header.csv'), csv(month('06')));
  fs.copyFileSync(at('2024-01.csv'), at('2024-01 copy.csv'));
});
afterAll(() => {
  dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The plan the wizard makes from the first file: its suggested mapping for transactions. */
async function planFor(file: string): Promise<ColumnMapping> {
  const detected = await api.detect({ path: file, table: 'transactions' });
  return Object.fromEntries(detected.columns.map((c) => [c.source, c.target]));
}

/** What the wizard's table shows of a file, minus the hash. */
function summary(f: FileCheck) {
  return {
    file: path.basename(f.path),
    status: f.status,
    encoding: f.settings?.encoding ?? null,
    delimiter: f.settings?.delimiter ?? null,
    headerLine: f.settings?.headerLine ?? null,
    hasHeader: f.settings?.hasHeader ?? null,
    headers: f.headers,
    issues: f.issues.map((i) => ({ code: i.code, severity: i.severity, ...(i.columns ? { columns: i.columns } : {}), ...(i.targets ? { targets: i.targets } : {}), details: i.details })),
  };
}

describe('import.checkFiles', () => {
  it('reports every monthly file against the first one and the planned mapping', async () => {
    const mapping = await planFor(at('2024-01.csv'));
    expect(mapping).toMatchObject({ 交易金额: 'amount', 账号: 'account_id', 摘要: expect.anything() });
    const files = ['2024-01.csv', '2024-02.csv', '2024-03.csv', '2024-04.csv', '2024-05.csv'].map(at);
    const result = await engine.connectClient().call('import.checkFiles', { files, table: 'transactions', mapping });
    expect(result.reference).toBe(at('2024-01.csv'));
    expect(result.hashed).toBe(true);
    expect(result.files.map(summary)).toEqual([
      { file: '2024-01.csv', status: 'ok', encoding: 'utf-8', delimiter: ',', headerLine: 0, hasHeader: true, headers: HEADER, issues: [] },
      {
        file: '2024-02.csv',
        status: 'warning',
        encoding: 'utf-8',
        delimiter: ',',
        headerLine: 0,
        hasHeader: true,
        headers: [...HEADER, '网点'],
        issues: [{ code: 'extra-columns', severity: 'warning', columns: ['网点'], details: { count: 1 } }],
      },
      {
        file: '2024-03.csv',
        status: 'ok',
        // GB18030 is a superset of GBK: a GBK file is read (correctly) as GB18030.
        encoding: 'gb18030',
        delimiter: ',',
        headerLine: 0,
        hasHeader: true,
        headers: HEADER,
        issues: [{ code: 'encoding', severity: 'info', details: { value: 'gb18030', expected: 'utf-8' } }],
      },
      {
        file: '2024-04.csv',
        status: 'error',
        encoding: 'utf-8',
        delimiter: ',',
        headerLine: 0,
        hasHeader: true,
        headers: HEADER.filter((h) => h !== '交易金额'),
        issues: [{ code: 'missing-mapped', severity: 'error', columns: ['交易金额'], targets: ['amount'], details: { count: 1 } }],
      },
      {
        file: '2024-05.csv',
        status: 'ok',
        encoding: 'utf-8',
        delimiter: '|',
        headerLine: 0,
        hasHeader: true,
        headers: ['账号', '交易流水号', ...HEADER.slice(2)],
        issues: [
          { code: 'delimiter', severity: 'info', details: { value: '|', expected: ',' } },
          { code: 'column-order', severity: 'info', details: {} },
        ],
      },
    ]);
    expect(result.files.map((f) => f.sizeBytes)).toEqual(files.map((f) => fs.statSync(f).size));
    expect(result.files.every((f) => f.alreadyImported === null && /^[0-9a-f]{64}$/.test(f.sha256 ?? ''))).toBe(true);
  });

  it('flags empty files, files without a header and files that are not there', async () => {
    const mapping = await planFor(at('2024-01.csv'));
    const files = [at('2024-01.csv'), at('empty.csv'), at('no-header.csv'), at('gone.csv')];
    const result = await engine.connectClient().call('import.checkFiles', { files, table: 'transactions', mapping, hash: false });
    const [, empty, noHeader, gone] = result.files;
    expect(empty).toMatchObject({ status: 'error', settings: null, sizeBytes: 0, headers: [] });
    expect(empty!.issues).toEqual([
      { code: 'empty', severity: 'error', details: {}, error: expect.objectContaining({ messageKey: 'error.IMPORT_EMPTY_FILE', details: { file: at('empty.csv') } }) },
    ]);
    expect(noHeader).toMatchObject({ status: 'error', settings: { hasHeader: false } });
    expect(noHeader!.issues.map((i) => [i.code, i.severity, i.details])).toEqual([['no-header', 'error', { line: 1, expected: 1 }]]);
    expect(gone).toMatchObject({ status: 'error', format: 'csv', sizeBytes: null });
    expect(gone!.issues.map((i) => [i.code, i.error?.messageKey, i.error?.details.file])).toEqual([['unreadable', 'error.IMPORT_FILE_UNREADABLE', at('gone.csv')]]);
    // A quick check reads no file whole: nothing is hashed.
    expect(result.hashed).toBe(false);
    expect(result.files.map((f) => [f.sha256, f.alreadyImported])).toEqual(files.map(() => [null, null]));
  });

  it('without a plan, compares with the first readable file and its suggested mapping', async () => {
    const files = [at('empty.csv'), at('2024-01.csv'), at('2024-04.csv')];
    const result = await engine.connectClient().call('import.checkFiles', { files, hash: false });
    expect(result.reference).toBe(at('2024-01.csv'));
    expect(result.files.map((f) => [f.status, f.issues.map((i) => i.code)])).toEqual([
      ['error', ['empty']],
      ['ok', []],
      ['error', ['missing-mapped']],
    ]);
    expect(result.files[2]!.issues[0]).toMatchObject({ columns: ['交易金额'], targets: ['amount'] });
  });

  it('says which files were imported before, by the hash import.run records, and which hold the same content', async () => {
    const mapping = await planFor(at('2024-01.csv'));
    const run = await api.run({ files: [at('2024-01.csv')], table: 'transactions', mapping });
    expect(run.rowsLoaded).toBe(3);
    const files = [at('2024-01.csv'), at('2024-01 copy.csv'), at('2024-02.csv')];
    const result = await engine.connectClient().call('import.checkFiles', { files, table: 'transactions', mapping });
    const [first, copy, other] = result.files;
    expect(first!.sha256).toBe(run.files[0]!.sha256);
    expect(first!.alreadyImported).toMatchObject({ importId: run.importId, table: 'transactions' });
    expect(first!.issues).toEqual([{ code: 'already-imported', severity: 'warning', details: { table: 'transactions', at: first!.alreadyImported!.at } }]);
    expect(copy!.alreadyImported?.importId).toBe(run.importId);
    expect(copy!.issues.map((i) => [i.code, i.details])).toEqual([
      ['already-imported', { table: 'transactions', at: first!.alreadyImported!.at }],
      ['same-content', { file: at('2024-01.csv') }],
    ]);
    expect(other!.alreadyImported).toBeNull();
    expect(other!.issues.map((i) => i.code)).toEqual(['extra-columns']);
  });

  it('warns when an encoding set for the first file does not fit another file', async () => {
    const mapping = await planFor(at('2024-01.csv'));
    const result = await engine.connectClient().call('import.checkFiles', {
      files: [at('2024-01.csv'), at('2024-03.csv')],
      overrides: { encoding: 'utf-8' },
      table: 'transactions',
      mapping,
      hash: false,
    });
    const gbk = result.files[1]!;
    expect(gbk.settings?.encoding).toBe('utf-8');
    // Read as UTF-8 the GBK header is mojibake: no mapped column is found, and the check says why.
    expect(gbk.headers).not.toContain('交易金额');
    expect(gbk.status).toBe('error');
    expect(gbk.issues.map((i) => i.code)).toEqual(['missing-mapped', 'encoding-override', 'extra-columns']);
    expect(gbk.issues[0]!.columns).toEqual(Object.keys(mapping).filter((k) => mapping[k] !== null));
    expect(gbk.issues[1]).toEqual({ code: 'encoding-override', severity: 'warning', details: { value: 'utf-8', detected: 'gb18030', expected: 'utf-8' } });
  });

  it('reports progress over the bytes it hashes, and stops when cancelled', async () => {
    // A file big enough to be hashed in several chunks (never hashed before, so not remembered).
    const big = at('2024-12-big.csv');
    const line = month('12')[0]!.join(',') + '\n';
    fs.writeFileSync(big, HEADER.join(',') + '\n' + line.repeat(Math.ceil((32 << 20) / line.length)));
    const mapping = await planFor(at('2024-01.csv'));
    const client = engine.connectClient();

    const abort = new AbortController();
    const seen: Progress[] = [];
    const cancelled = client.call(
      'import.checkFiles',
      { files: [at('2024-01.csv'), big], table: 'transactions', mapping },
      {
        signal: abort.signal,
        onProgress: (p) => {
          seen.push(p);
          if (p.message?.key === 'progress.import.hash' && p.message.params?.file === '2024-12-big.csv') abort.abort();
        },
      },
    );
    await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(seen.some((p) => p.message?.key === 'progress.import.hash' && p.message.params?.file === '2024-12-big.csv')).toBe(true);

    const fractions: number[] = [];
    const done = await client.call('import.checkFiles', { files: [at('2024-01.csv'), big], table: 'transactions', mapping }, { onProgress: (p) => p.fraction !== null && fractions.push(p.fraction) });
    expect(done.files[1]!.status).toBe('ok');
    expect(done.files[1]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(fractions.length).toBeGreaterThan(1);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
  });
});

describe('one read of a big file between detection and import', () => {
  it('import.run records the digest detection took; a file edited in between is read again', async () => {
    const file = at('digest.csv');
    fs.writeFileSync(file, csv([HEADER, ...month('01')]));
    const detected = await api.detect({ path: file });
    const first = await api.run({ files: [file], table: 'transactions', allowReimport: true });
    expect(first.files[0]!.sha256).toBe(detected.sha256);
    // Same length, new content: the file's identity changed, so it is hashed anew, not taken from memory.
    fs.writeFileSync(file, csv([HEADER, ...month('02')]));
    const again = await api.run({ files: [file], table: 'transactions', allowReimport: true });
    expect(again.files[0]!.sha256).not.toBe(detected.sha256);
    expect(again.files[0]!.sha256).toBe((await api.detect({ path: file })).sha256);
    expect([first.rowsLoaded, again.rowsLoaded]).toEqual([3, 3]);
  });
});
