import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeArrowIPC, type DecodedTable } from '../../src/shared/arrow-values';
import type { EngineClient } from '../../src/shared/engine-client';
import { openTempEngine } from '../support/temp-workspace';

/**
 * Types must cross the engine → UI boundary unchanged (DESIGN.md §3). Values are chosen at the
 * edges where a lossy path breaks: 64-bit extremes, 38-digit decimals, pre-1970 microseconds.
 */
let client: EngineClient;
let dispose: () => void;

beforeAll(async () => {
  const opened = await openTempEngine();
  dispose = opened.dispose;
  client = opened.engine.connectClient();
  await client.call('privacy.unmask', { reason: 'arrow fidelity test: types, not masking' });
});
afterAll(() => dispose());

async function query(sql: string): Promise<DecodedTable> {
  const result = await client.call('sql.run', { sql });
  if (result.kind !== 'rows') throw new Error('expected rows');
  // Unmasked: this test is about types; masking of personal data has its own tests.
  const page = await client.call('table.page', { table: result.table, offset: 0, limit: 100, unmasked: true });
  return decodeArrowIPC(page.arrow);
}

function column(table: DecodedTable, name: string) {
  const found = table.columns.find((c) => c.name === name);
  if (!found) throw new Error(`no column ${name}`);
  return found;
}

describe('Arrow IPC across the protocol', () => {
  it('keeps BIGINT exact at the 64-bit limits', async () => {
    const t = await query(`SELECT * FROM (VALUES (9223372036854775807::BIGINT), ('-9223372036854775808'::BIGINT), (9007199254740993::BIGINT), (NULL::BIGINT)) v(b)`);
    expect(column(t, 'b').values).toEqual([9223372036854775807n, -9223372036854775808n, 9007199254740993n, null]);
    expect(column(t, 'b').duckdbType).toBe('BIGINT');
  });

  it('keeps DECIMAL scale and digits, negatives and 38-digit values', async () => {
    const t = await query(`SELECT * FROM (VALUES (1234.50::DECIMAL(18,2), 12345678901234567890123456.123456789012::DECIMAL(38,12)),
      (-0.05::DECIMAL(18,2), -99999999999999999999999999.999999999999::DECIMAL(38,12)), (NULL, NULL)) v(m, big)`);
    expect(column(t, 'm').values).toEqual(['1234.50', '-0.05', null]);
    expect(column(t, 'm').duckdbType).toBe('DECIMAL(18,2)');
    expect(column(t, 'big').values).toEqual(['12345678901234567890123456.123456789012', '-99999999999999999999999999.999999999999', null]);
  });

  it('keeps DATE and TIMESTAMP to the day and the microsecond, before 1970 too', async () => {
    const t = await query(`SELECT * FROM (VALUES
      (DATE '2024-02-29', TIMESTAMP '2024-01-31 23:59:59.999999'),
      (DATE '1900-01-01', TIMESTAMP '1969-12-31 23:59:59.000001'),
      (DATE '9999-12-31', TIMESTAMP '2000-01-01 00:00:00'),
      (NULL, NULL)) v(d, ts)`);
    expect(column(t, 'd').values).toEqual(['2024-02-29', '1900-01-01', '9999-12-31', null]);
    expect(column(t, 'ts').values).toEqual(['2024-01-31 23:59:59.999999', '1969-12-31 23:59:59.000001', '2000-01-01 00:00:00', null]);
    expect(column(t, 'ts').duckdbType).toBe('TIMESTAMP');
  });

  it('keeps DOUBLE, BOOLEAN, NULL and Chinese text', async () => {
    const t = await query(`SELECT * FROM (VALUES (0.1::DOUBLE, true, '张伟 · 代发客户', NULL::INTEGER),
      (-1.7976931348623157e308::DOUBLE, false, '', 42), ('NaN'::DOUBLE, NULL, NULL, NULL)) v(x, flag, name, n)`);
    expect(column(t, 'x').values.slice(0, 2)).toEqual([0.1, -1.7976931348623157e308]);
    expect(Number.isNaN(column(t, 'x').values[2])).toBe(true);
    expect(column(t, 'flag').values).toEqual([true, false, null]);
    expect(column(t, 'name').values).toEqual(['张伟 · 代发客户', '', null]);
    expect(column(t, 'n').values).toEqual([null, 42, null]);
  });

  it('carries an empty result with its schema', async () => {
    const t = await query(`SELECT 1::BIGINT AS a, 'x' AS b WHERE false`);
    expect(t.rowCount).toBe(0);
    expect(t.columns.map((c) => [c.name, c.duckdbType])).toEqual([
      ['a', 'BIGINT'],
      ['b', 'VARCHAR'],
    ]);
  });
});
