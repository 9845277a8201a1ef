import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
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
