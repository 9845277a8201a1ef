import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { countShapes, decideKind, fitSql, judgeSample, PADDING, type Fit, type ShapeCounts } from '../../src/engine/import/column-inference';
import { CancellationToken } from '../../src/engine/jobs/cancellation';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { NULL_TOKENS } from '../../src/engine/import/value-patterns';
import { importApi, query } from '../support/import-harness';
import { openTempEngine } from '../support/temp-workspace';

let engine: Engine;
let dispose: () => void;
let api: ReturnType<typeof importApi>;
let dir: string;

beforeAll(async () => {
  ({ engine, dispose } = await openTempEngine());
  api = importApi(engine);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-fast-'));
});
afterAll(() => {
  dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

function csv(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('load fast paths keep the cleaning and conversion rules', () => {
  it('null tokens (bare, quoted, padded) read as NULL; padded values are trimmed (ASCII, no-break and ideographic spaces)', async () => {
    const file = csv('tokens.csv', [
      'code,note,amount_raw',
      'A1,NULL,10',
      'A2,"N/A",20',
      'A3, null ,30',
      'A4,\u00a0#N/A\u3000,40',
      'A5,  keep me ,\\N',
      'A6,\u3000全角\u3000,',
      'A7,"",NA',
      'A8,NULLS,n/a',
    ]);
    const result = await api.run({ files: [file], table: 'fast_tokens', allowReimport: true });
    expect([result.rowsRead, result.rowsLoaded, result.rowsRejected]).toEqual([8, 8, 0]);
    const rows = await query<{ code: string; note: string | null; amount_raw: bigint | null }>(engine, 'SELECT code, note, amount_raw FROM fast_tokens ORDER BY code');
    expect(rows.map((r) => r.note)).toEqual([null, null, null, null, 'keep me', '全角', null, 'NULLS']);
    expect(rows.map((r) => (r.amount_raw === null ? null : Number(r.amount_raw)))).toEqual([10, 20, 30, 40, null, null, null, null]);
    expect(result.columns.find((c) => c.name === 'amount_raw')?.type).toBe('BIGINT');
  });

  it('a file holding only some padding characters (or none) is cleaned the same: only those are tested for', async () => {
    const expected = { notes: ['x', 'y', null, 'z', '中 文'], n: [1, 2, 3, 4, 5] };
    for (const [label, pad] of [['none', ''], ...PADDING.map((p) => [JSON.stringify(p), p])] as Array<[string, string]>) {
      const lines = ['code,note,n', `P1,${pad}x,1`, `P2,y${pad},2`, `P3,${pad}NULL${pad},3`, `P4,${pad}${pad}z${pad},${pad}4`, 'P5,中 文,5'];
      // A UTF-16 file is transcoded (GBK has no no-break space): its padding is looked for in the UTF-8 text DuckDB reads.
      for (const encoding of ['utf-8', 'utf-16le'] as const) {
        const file = path.join(dir, `pads-${PADDING.indexOf(pad)}-${encoding}.csv`);
        const text = `${lines.join('\n')}\n`;
        fs.writeFileSync(file, Buffer.from(text, encoding === 'utf-16le' ? 'utf16le' : 'utf8'));
        const result = await api.run({ files: [file], table: 'fast_pads', overrides: { encoding }, allowReimport: true });
        expect([result.rowsLoaded, result.rowsRejected], `${label} ${encoding}`).toEqual([5, 0]);
        const rows = await query<{ note: string | null; n: bigint }>(engine, 'SELECT note, n FROM fast_pads ORDER BY code');
        expect({ notes: rows.map((r) => r.note), n: rows.map((r) => Number(r.n)) }, `${label} ${encoding}`).toEqual(expected);
        expect(result.columns.find((c) => c.name === 'n')?.type).toBe('BIGINT');
      }
    }
  });

  it('a file holding one missing-value token (or only words that contain one) reads it, and only it, as NULL', async () => {
    for (const token of NULL_TOKENS.filter((t) => t !== '')) {
      const file = csv(`token-${NULL_TOKENS.indexOf(token)}.csv`, ['code,note,n', `T1,${token},1`, `T2,"${token}",${token}`, `T3,x${token}x,3`]);
      const result = await api.run({ files: [file], table: 'fast_one_token', allowReimport: true });
      expect([result.rowsLoaded, result.rowsRejected], token).toEqual([3, 0]);
      const rows = await query<{ note: string | null; n: bigint | null }>(engine, 'SELECT note, n FROM fast_one_token ORDER BY code');
      expect(rows.map((r) => r.note), token).toEqual([null, null, `x${token}x`]);
      expect(rows.map((r) => (r.n === null ? null : Number(r.n))), token).toEqual([1, null, 3]);
    }
    const words = csv('token-words.csv', ['code,city', 'W1,NANJING', 'W2,Nullarbor', 'W3,']);
    await api.run({ files: [words], table: 'fast_words', allowReimport: true });
    expect((await query<{ city: string | null }>(engine, 'SELECT city FROM fast_words ORDER BY code')).map((r) => r.city)).toEqual(['NANJING', 'Nullarbor', null]);
  });

  it('ISO dates take the cast, other forms the patterns; an impossible ISO date is a reject with its line and raw text (tokens kept)', async () => {
    const file = csv('dates.csv', [
      'id,open_date,note',
      'D1,2024-01-31,x',
      'D2,2024-2-5,NULL',
      'D3, 2024-03-01 ,x',
      'D4,2024-02-30,NULL',
      'D5,2024-12-01,',
    ]);
    const result = await api.run({ files: [file], table: 'fast_dates', allowReimport: true });
    expect([result.rowsRead, result.rowsLoaded, result.rowsRejected]).toEqual([5, 4, 1]);
    expect(result.rejects.map((r) => [r.line, r.column])).toEqual([[5, 'open_date']]);
    expect(result.rejects[0]!.raw).toBe('D4,2024-02-30,NULL');
    const rows = await query<{ id: string; d: string }>(engine, 'SELECT id, CAST(open_date AS VARCHAR) AS d FROM fast_dates ORDER BY id');
    expect(rows).toEqual([
      { id: 'D1', d: '2024-01-31' },
      { id: 'D2', d: '2024-02-05' },
      { id: 'D3', d: '2024-03-01' },
      { id: 'D5', d: '2024-12-01' },
    ]);
    expect(result.columns.find((c) => c.name === 'open_date')?.type).toBe('DATE');
  });

  it('ISO and compact dates in one known date column both convert', async () => {
    const file = csv('accounts.csv', ['account_id,customer_id,open_date', 'X1,C1,2024-01-31', 'X2,C2,20240215', 'X3,C3,2023-12-01']);
    const result = await api.run({ files: [file], table: 'accounts', mapping: { account_id: 'account_id', customer_id: 'customer_id', open_date: 'open_date' }, allowReimport: true });
    expect([result.rowsLoaded, result.rowsRejected]).toEqual([3, 0]);
    const rows = await query<{ d: string }>(engine, 'SELECT CAST(open_date AS VARCHAR) AS d FROM accounts ORDER BY account_id');
    expect(rows.map((r) => r.d)).toEqual(['2024-01-31', '2024-02-15', '2023-12-01']);
  });
});

/**
 * Kinds come from the first records and every value is checked against them as it loads; a value the
 * first records did not foresee makes the import count the shapes of the whole file and load again.
 * Either way the kinds are those of the whole file. The files are longer than the sample (20,000
 * records), with the odd values near the end.
 */
describe('types from the first records, checked on every value', () => {
  const ROWS = 24_000;
  const LATE = 23_000;
  /** Runs an import and keeps its progress: the fractions and the messages. */
  async function runWatched(params: Parameters<typeof api.run>[0]) {
    const fractions: number[] = [];
    const messages: string[] = [];
    const result = await api.run(params, {
      token: CancellationToken.none(),
      progress: (p) => {
        if (p.fraction != null) fractions.push(p.fraction);
        if (p.message) messages.push(p.message.key);
      },
    });
    return { result, fractions, messages, wholeFile: messages.includes('progress.import.inferWhole') };
  }
  const typeOf = (result: Awaited<ReturnType<typeof api.run>>, name: string) => result.columns.find((c) => c.name === name)?.type;

  it('a value the first records did not show decides the kind as if the whole file had been read first', async () => {
    const columns: Array<[string, (i: number) => string]> = [
      ['id', (i) => `R${i}`],
      ['ints', (i) => String(i)],
      ['late_text', (i) => (i === LATE ? 'A100' : String(i))],
      ['late_zero', (i) => (i === LATE ? '007' : String(i))],
      ['late_id_x', (i) => (i === LATE ? '11010519491231002X' : String(i))],
      ['late_long_int', (i) => (i === LATE ? '1234567890123456' : String(i))],
      ['late_long_decimal', (i) => (i === LATE ? '0.125' : '12.50')],
      ['int_then_amount', (i) => (i === LATE ? '"1,234.50"' : String(i))],
      ['empty_then_int', (i) => (i < LATE ? '' : String(i))],
      ['empty_then_text', (i) => (i < LATE ? '' : 'abc')],
      ['mobile_then_int', (i) => (i === LATE ? '42' : `138${String(i).padStart(8, '0')}`)],
      ['date_then_slash', (i) => (i === LATE ? '2024/02/03' : '2024-01-01')],
      ['date_then_ts', (i) => (i === LATE ? '2024-02-03 10:00:00' : '2024-01-01')],
    ];
    const lines = [columns.map(([name]) => name).join(',')];
    for (let i = 1; i <= ROWS; i++) lines.push(columns.map(([, value]) => value(i)).join(','));
    // Threshold 1: one odd value makes a column text, so a single late value decides (the 99.9 % default is tested in import-corpus).
    const { result, fractions, wholeFile } = await runWatched({ files: [csv('late.csv', lines)], table: 'late_kinds', allowReimport: true, numericThreshold: 1 });
    expect(wholeFile).toBe(true);
    expect([result.rowsRead, result.rowsLoaded, result.rowsRejected]).toEqual([ROWS, ROWS, 0]);
    expect(Object.fromEntries(result.columns.map((c) => [c.name, c.type]))).toEqual({
      id: 'VARCHAR',
      ints: 'BIGINT',
      late_text: 'VARCHAR',
      late_zero: 'VARCHAR',
      late_id_x: 'VARCHAR',
      late_long_int: 'VARCHAR',
      late_long_decimal: 'DOUBLE',
      int_then_amount: 'DECIMAL(18,2)',
      empty_then_int: 'BIGINT',
      empty_then_text: 'VARCHAR',
      mobile_then_int: 'BIGINT',
      date_then_slash: 'DATE',
      date_then_ts: 'TIMESTAMP',
    });
    const [late] = await query<Record<string, unknown>>(
      engine,
      `SELECT late_text, late_zero, late_id_x, late_long_int, CAST(int_then_amount AS VARCHAR) AS amount, CAST(date_then_slash AS VARCHAR) AS d, CAST(date_then_ts AS VARCHAR) AS ts
       FROM late_kinds WHERE id = 'R${LATE}'`,
    );
    expect(late).toEqual({ late_text: 'A100', late_zero: '007', late_id_x: '11010519491231002X', late_long_int: '1234567890123456', amount: '1234.50', d: '2024-02-03', ts: '2024-02-03 10:00:00' });
    const [first] = await query<{ late_zero: string; n: bigint }>(engine, `SELECT late_zero, (SELECT count(*) FROM late_kinds) AS n FROM late_kinds WHERE id = 'R1'`);
    expect(first).toMatchObject({ late_zero: '1' });
    expect(Number(first!.n)).toBe(ROWS);
    // No column the import adds for its own checks is left behind.
    expect(result.columns.map((c) => c.name).filter((n) => n.startsWith('_sw'))).toEqual([]);
    // The second pass moves the bar on, never back.
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!)).toBe(true);
    expect(fractions.at(-1)).toBe(1);
  });

  it('values that keep the kind load in one pass; an impossible date is still a reject with its line', async () => {
    const lines = ['id,opened,amount,code'];
    for (let i = 1; i <= ROWS; i++) lines.push(`R${i},${i === LATE ? '2024-02-30' : i === LATE + 1 ? '2024/02/03' : '2024-01-01'},${i % 100}.25,${i === 5 ? 'X1' : i}`);
    const { result, wholeFile } = await runWatched({ files: [csv('one-pass.csv', lines)], table: 'one_pass', allowReimport: true, numericThreshold: 1 });
    expect(wholeFile).toBe(false);
    expect([result.rowsRead, result.rowsLoaded, result.rowsRejected]).toEqual([ROWS, ROWS - 1, 1]);
    expect(result.rejects.map((r) => [r.line, r.column, r.raw])).toEqual([[LATE + 1, 'opened', `R${LATE},2024-02-30,0.25,${LATE}`]]);
    expect([typeOf(result, 'opened'), typeOf(result, 'amount'), typeOf(result, 'code')]).toEqual(['DATE', 'DECIMAL(18,2)', 'VARCHAR']);
    expect(result.columns.map((c) => c.name)).toEqual(['id', 'opened', 'amount', 'code']);
  });

  it('after a second pass, rejects of the reader and of the conversion keep their lines', async () => {
    const lines = ['id,opened,n'];
    for (let i = 1; i <= ROWS; i++) {
      if (i === 10) lines.push(`R${i},2024-01-01,1,extra`);
      else lines.push(`R${i},${i === 21_000 ? '2024-13-01' : '2024-01-01'},${i === LATE ? 'n/a?' : i}`);
    }
    const { result, wholeFile } = await runWatched({ files: [csv('two-pass.csv', lines)], table: 'two_pass', types: { opened: 'date' }, allowReimport: true, numericThreshold: 1 });
    expect(wholeFile).toBe(true);
    expect([result.rowsRead, result.rowsLoaded, result.rowsRejected]).toEqual([ROWS, ROWS - 2, 2]);
    expect(result.rejects.map((r) => [r.line, r.column])).toEqual([
      [11, null],
      [21_001, 'opened'],
    ]);
    expect(typeOf(result, 'n')).toBe('VARCHAR');
  });

  it('appending: a new column gets the kind of the whole file, rows go in once', async () => {
    const first = ['id,amount', ...Array.from({ length: 10 }, (_, i) => `A${i},${i}.50`)];
    await api.run({ files: [csv('append-1.csv', first)], table: 'append_late', allowReimport: true });
    const more = ['id,amount,extra'];
    for (let i = 1; i <= ROWS; i++) more.push(`B${i},${i === 100 ? 'oops' : `${i}.25`},${i === LATE ? '0042' : i}`);
    const { result, wholeFile } = await runWatched({ files: [csv('append-2.csv', more)], table: 'append_late', mode: 'append', allowReimport: true });
    expect(wholeFile).toBe(true);
    expect([result.rowsRead, result.rowsLoaded, result.rowsRejected]).toEqual([ROWS, ROWS - 1, 1]);
    expect(result.rejects.map((r) => [r.line, r.column])).toEqual([[101, 'amount']]);
    expect(result.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'VARCHAR'],
      ['amount', 'DECIMAL(18,2)'],
      ['extra', 'VARCHAR'],
    ]);
    const [row] = await query<{ n: bigint; x: string }>(engine, `SELECT count(*) AS n, max(extra) FILTER (WHERE id = 'B${LATE}') AS x FROM append_late`);
    expect(Number(row!.n)).toBe(10 + ROWS - 1);
    expect(row!.x).toBe('0042');
  });
});

describe('a sample decides a kind only when the whole file would', () => {
  /** Values of every shape and of the edges between them (codes, IDs, mobiles, long integers, date forms). */
  const POOL = ['1', '42', '-7', '+5', '0', '007', '0.5', '12.50', '0.125', '1,234.50', '(12.00)', '¥3.00', '12.5-', '2024-01-01', '2024-1-5', '2024/01/02', '2024年1月2日',
    '01.02.2024', '20240101', '19991231', '240101', '010101', '45000', '45000.5', '2024-01-01 10:00:00', '2024/01/01 10:00', '13800138000', '15912345678', '11010519491231002X',
    '110105194912310021', '110105491231002', '1234567890123456', 'abc', 'true', '202401', '9223372036854775807', '$5', '.5'];

  it('a certain sample kind, or a sample kind every value passes the test of, is the whole file kind', async () => {
    // Shape counts add up value by value (and maxIntLength is a maximum), so each value's counts and
    // test results are taken from DuckDB once, and many random files and samples are made of them.
    const FITS: Fit[] = ['integer', 'ymdCompact', 'yymmdd', 'timestamp', 'date', 'decimal', 'double', 'textWitness', 'textLongInteger', 'textIdNumber', 'textMobile'];
    const lit = (v: string) => `'${v.replaceAll("'", "''")}'`;
    const shapes = new Map<string, ShapeCounts>();
    const passes = new Map<string, Record<string, boolean>>();
    await engine.workspace.withSession(detachedContext(), async (session) => {
      for (const v of POOL) {
        shapes.set(v, (await countShapes(session, `(SELECT ${lit(v)} AS c0)`, {}, [0])).counts.get(0)!);
        const [row] = await session.rows<Record<string, boolean>>(`SELECT ${FITS.map((f) => `${fitSql(f, 'v')} AS "${f}"`).join(', ')} FROM (SELECT ${lit(v)} AS v)`);
        passes.set(v, row!);
      }
    });
    const countsOf = (values: string[]): ShapeCounts => {
      const total = { ...shapes.get(POOL[0]!)! };
      for (const key of Object.keys(total) as Array<keyof ShapeCounts>) total[key] = 0;
      for (const v of values) {
        for (const [key, n] of Object.entries(shapes.get(v)!) as Array<[keyof ShapeCounts, number]>) total[key] = key === 'maxIntLength' ? Math.max(total[key], n) : total[key] + n;
      }
      return total;
    };
    // Every decision depends only on which values a column holds (all of them have a shape, some
    // have one, the longest integer), not on how often: every file of up to three distinct values,
    // every sample of it, with and without a date header.
    const mismatches: string[] = [];
    let checked = 0;
    const files: string[][] = [];
    for (let i = 0; i < POOL.length; i++) {
      files.push([POOL[i]!]);
      for (let j = i + 1; j < POOL.length; j++) {
        files.push([POOL[i]!, POOL[j]!]);
        for (let k = j + 1; k < POOL.length; k++) files.push([POOL[i]!, POOL[j]!, POOL[k]!]);
      }
    }
    for (const file of files) {
      for (let mask = 0; mask < 1 << file.length; mask++) {
        const sample = file.filter((_, i) => mask & (1 << i));
        for (const dateHint of [false, true]) {
          const verdict = judgeSample(countsOf(sample), dateHint, false);
          if (verdict.fit !== null && !file.every((v) => passes.get(v)![verdict.fit!])) continue;
          checked++;
          const fileKind = decideKind(countsOf(file), dateHint).kind;
          if (verdict.inferred.kind !== fileKind) mismatches.push(`${JSON.stringify({ file, sample, dateHint })}: sample ${verdict.inferred.kind}, file ${fileKind}`);
        }
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(checked).toBeGreaterThan(10_000);
  });
});
