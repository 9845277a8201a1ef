import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { fixture, importApi, query } from '../support/import-harness';
import { openTempEngine } from '../support/temp-workspace';

let engine: Engine;
let dispose: () => void;
let api: ReturnType<typeof importApi>;

beforeAll(async () => {
  ({ engine, dispose } = await openTempEngine());
  api = importApi(engine);
});
afterAll(() => dispose());

describe('Parquet through the same mapping path', () => {
  it('detects the columns, suggests the table and mapping, loads typed values and rejects the bad row by its row number', async () => {
    const detected = await api.detect({ path: fixture('transactions.parquet') });
    expect(detected.format).toBe('parquet');
    expect(detected.headers).toEqual(['交易流水号', '账号', '交易时间', '交易金额', '借贷标志', '交易类型', '记账日期', '备注']);
    expect(detected.suggestedTable.table).toBe('transactions');
    expect(detected.preview[0]?.[0]).toBe('000001');

    const result = await api.run({ files: [fixture('transactions.parquet')], table: 'transactions' });
    expect([result.rowsRead, result.rowsLoaded, result.rowsRejected]).toEqual([4, 3, 1]);
    expect(result.rejects.map((r) => [r.line, r.column])).toEqual([[3, '记账日期']]);
    expect(result.rejects[0]!.reason).toContain('2024-02-30');
    const types = Object.fromEntries(result.columns.map((c) => [c.name, c.type]));
    expect(types).toMatchObject({ txn_id: 'VARCHAR', ts: 'TIMESTAMP', amount: 'DECIMAL(18,2)', direction: 'VARCHAR', 记账日期: 'DATE', 备注: 'VARCHAR' });
    const rows = await query<{ txn_id: string; ts: string; amount: string; direction: string }>(
      engine,
      `SELECT txn_id, CAST(ts AS VARCHAR) AS ts, CAST(amount AS VARCHAR) AS amount, direction FROM transactions ORDER BY txn_id`,
    );
    expect(rows).toEqual([
      { txn_id: '000001', ts: '2024-01-05 09:30:00', amount: '1234.50', direction: 'credit' },
      { txn_id: '000002', ts: '2024-01-06 12:00:00', amount: '88.00', direction: 'debit' },
      { txn_id: '000004', ts: '2024-01-08 08:00:00', amount: '0.01', direction: 'credit' },
    ]);
  });
});
