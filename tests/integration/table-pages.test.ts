import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeArrowIPC } from '../../src/shared/arrow-values';
import type { EngineClient } from '../../src/shared/engine-client';
import type { ColumnFilter } from '../../src/shared/table-types';
import { openTempEngine } from '../support/temp-workspace';

let client: EngineClient;
let dispose: () => void;

beforeAll(async () => {
  const opened = await openTempEngine();
  dispose = opened.dispose;
  client = opened.engine.connectClient();
  await client.call('privacy.unmask', { reason: 'table pages test: paging, not masking' });
  await client.call('sql.run', {
    sql: `CREATE TABLE customers AS SELECT 'C' || lpad(i::VARCHAR, 8, '0') AS customer_id,
            CASE i % 3 WHEN 0 THEN '张伟' WHEN 1 THEN 'O''Brien; DROP TABLE customers; --' ELSE NULL END AS name,
            (i * 37) % 1000 AS score FROM range(100000) r(i)`,
  });
});
afterAll(() => dispose());

async function page(offset: number, limit: number, extra: { sort?: { column: string; descending: boolean }; filters?: ColumnFilter[] } = {}) {
  // Unmasked: these tests are about paging, sorting and filtering; masking has its own tests.
  const result = await client.call('table.page', { table: { name: 'customers' }, offset, limit, unmasked: true, ...extra });
  return { total: result.totalRows, table: decodeArrowIPC(result.arrow) };
}

const ids = (t: Awaited<ReturnType<typeof page>>) => t.table.columns[0]!.values;

describe('table pages', () => {
  it('returns the requested window of a plain table and its total', async () => {
    const result = await page(99_990, 200);
    expect(result.total).toBe(100_000);
    expect(result.table.rowCount).toBe(10);
    expect(ids(result)[0]).toBe('C00099990');
  });

  it('sorts the whole table, not just the window', async () => {
    const result = await page(0, 3, { sort: { column: 'score', descending: true } });
    expect(result.table.columns[2]!.values).toEqual([999n, 999n, 999n]);
    const last = await page(99_999, 1, { sort: { column: 'score', descending: true } });
    expect(last.table.columns[2]!.values).toEqual([0n]);
  });

  it('filters with bound values: hostile text is data, never SQL', async () => {
    const hostile = "O'Brien; DROP TABLE customers; --";
    const result = await page(0, 5, { filters: [{ column: 'name', op: '=', value: hostile }] });
    expect(result.total).toBe(33_333);
    expect(result.table.columns[1]!.values.every((v) => v === hostile)).toBe(true);
    const tables = await client.call('tables.list', {});
    expect(tables.find((t) => t.name === 'customers')?.rowCount).toBe(100_000);
    const contains = await page(0, 1, { filters: [{ column: 'name', op: 'contains', value: "'; --" }] });
    expect(contains.total).toBe(0);
  });

  it('combines filters, including NULL tests and typed comparisons', async () => {
    const nulls = await page(0, 1, { filters: [{ column: 'name', op: 'is_null', value: null }] });
    expect(nulls.total).toBe(33_333);
    const typed = await page(0, 1, { filters: [{ column: 'score', op: '>=', value: '990' }, { column: 'name', op: 'contains', value: '张' }] });
    let expected = 0;
    for (let i = 0; i < 100_000; i++) if ((i * 37) % 1000 >= 990 && i % 3 === 0) expected++;
    expect(typed.total).toBe(expected);
  });

  it('says which column and type a bad filter value needed', async () => {
    await expect(page(0, 1, { filters: [{ column: 'score', op: '<', value: 'abc' }] })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      messageKey: 'error.FILTER_VALUE_TYPE',
      details: { column: 'score', expected: 'BIGINT', value: 'abc' },
    });
    await expect(page(0, 1, { sort: { column: 'nope', descending: false } })).rejects.toMatchObject({ messageKey: 'error.COLUMN_NOT_FOUND' });
    await expect(client.call('table.page', { table: { name: 'missing' }, offset: 0, limit: 1 })).rejects.toMatchObject({ messageKey: 'error.TABLE_NOT_FOUND' });
  });

  it('sees new data after a write (no stale sorted snapshot)', async () => {
    const before = await page(0, 1, { sort: { column: 'score', descending: true } });
    await client.call('sql.run', { sql: `INSERT INTO customers VALUES ('X1', 'new', 5000)`, unmasked: true });
    const after = await page(0, 1, { sort: { column: 'score', descending: true } });
    expect(before.table.columns[2]!.values).toEqual([999n]);
    expect(after.table.columns[2]!.values).toEqual([5000n]);
    expect(after.total).toBe(100_001);
  });
});
