import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { generateDemoBank } from '../../src/engine/demo/generate-demo-bank';
import type { EngineClient } from '../../src/shared/engine-client';

const ID = /"\d{17}[\dX]"/; // a JSON string value (dates travel as epoch numbers)
const MOBILE = /"1[3-9]\d{9}"/;

describe('personal data is masked in the engine', () => {
  let engine: Engine;
  let client: EngineClient;
  let raw: { customer_id: string; name: string; id_number: string; phone: string };

  beforeAll(async () => {
    engine = await Engine.open({ path: ':memory:', threads: 2, memoryLimit: '1GB' });
    await engine.workspace.withSession(detachedContext(), (s) => generateDemoBank(s, { customers: 300, months: 12, seed: 5 }));
    client = engine.connectClient();
    await client.call('profile.build', {});
    const rows = await engine.workspace.withSession(detachedContext(), (s) =>
      s.rows<typeof raw>(`SELECT customer_id, name, id_number, phone FROM customers ORDER BY customer_id LIMIT 1`),
    );
    raw = rows[0]!;
  });
  afterAll(() => engine.close());

  const page = async (table: { schema?: 'main' | 'scratch'; name: string }, unmasked?: boolean) => {
    const result = await client.call('table.page', { table, offset: 0, limit: 500, ...(unmasked === undefined ? {} : { unmasked }) });
    return tableFromIPC(result.arrow).toArray().map((r) => r.toJSON() as Record<string, unknown>);
  };

  it('customers and customer_profile pages are masked by default', async () => {
    for (const name of ['customers', 'customer_profile']) {
      const rows = await page({ name });
      expect(rows.length).toBe(300);
      for (const r of rows) {
        expect(String(r.id_number)).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
        expect(String(r.phone)).toMatch(/^1\d{2}\*{4}\d{4}$/);
        expect(String(r.name)).toMatch(/^.\*$/u);
        const text = JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
        expect(text).not.toMatch(ID);
        expect(text).not.toMatch(MOBILE);
      }
      const first = rows.find((r) => r.customer_id === raw.customer_id)!;
      expect(first.id_number).toBe(`${raw.id_number.slice(0, 3)}***********${raw.id_number.slice(-4)}`);
      expect(first.phone).toBe(`${raw.phone.slice(0, 3)}****${raw.phone.slice(-4)}`);
      expect(first.name).toBe(`${[...raw.name][0]}*`);
    }
  });

  it('unmasked only with the flag, after an unmask with a reason', async () => {
    await expect(page({ name: 'customers' }, true)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', messageKey: 'error.UNMASK_REQUIRED' });
    await client.call('privacy.unmask', { reason: 'masking test: compare with the source file' });
    const rows = await page({ name: 'customers' }, true);
    const first = rows.find((r) => r.customer_id === raw.customer_id)!;
    expect(first).toMatchObject({ name: raw.name, id_number: raw.id_number, phone: raw.phone });
  });

  it('renamed columns in the SQL console are masked by value shape', async () => {
    const result = await client.call('sql.run', { sql: 'SELECT id_number AS x, phone AS y, customer_id, id_number || \'!\' AS z FROM customers' });
    if (result.kind !== 'rows') throw new Error('expected rows');
    const rows = await page(result.table);
    for (const r of rows) {
      expect(JSON.stringify(r.x)).not.toMatch(ID);
      expect(JSON.stringify(r.y)).not.toMatch(MOBILE);
    }
    const sorted = await client.call('table.page', { table: result.table, offset: 0, limit: 10, sort: { column: 'x', descending: true } });
    expect(JSON.stringify(tableFromIPC(sorted.arrow).toArray().map((r) => r.toJSON()), (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))).not.toMatch(/"\d{17}[\dX]"/);
  });

  it('customer.detail is masked by default and unmasked with the flag', async () => {
    const masked = await client.call('customer.detail', { customerId: raw.customer_id });
    expect(masked.masked).toBe(true);
    expect(masked.profile.id_number).toBe(`${raw.id_number.slice(0, 3)}***********${raw.id_number.slice(-4)}`);
    expect(masked.profile.name).toBe(`${[...raw.name][0]}*`);
    expect(JSON.stringify(masked)).not.toContain(raw.id_number);
    expect(JSON.stringify(masked)).not.toContain(raw.phone);
    expect(masked.accounts.length).toBeGreaterThan(0);
    expect(masked.balances.length).toBeGreaterThan(0);
    expect(typeof masked.balances[0]!.aum).toBe('number');
    const open = await client.call('customer.detail', { customerId: raw.customer_id, unmasked: true });
    expect(open.profile).toMatchObject({ name: raw.name, id_number: raw.id_number, phone: raw.phone });
    await expect(client.call('customer.detail', { customerId: 'nobody' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('no method that returns values gives a personal value in clear: pickers, distributions, drill-down, data quality, profiles, grid views, members', async () => {
    const calls: Array<[string, Promise<unknown>]> = [
      ...(['name', 'id_number', 'phone'] as const).map((field): [string, Promise<unknown>] => [`segment.fieldValues ${field}`, client.call('segment.fieldValues', { field })]),
      ...(['name', 'id_number', 'phone'] as const).map((field): [string, Promise<unknown>] => [`profile.distribution ${field}`, client.call('profile.distribution', { field } as never)]),
      ['customer.detail', client.call('customer.detail', { customerId: raw.customer_id } as never)],
      ['import.profile customers', client.call('import.profile', { table: 'customers' } as never)],
      ['import.profile customer_profile', client.call('import.profile', { table: 'customer_profile' } as never)],
      ['data.quality', client.call('data.quality', {} as never)],
      ['segment.compare', client.call('segment.compare', { rule: { kind: 'all' } } as never)],
      // Views of the grid: sorted and filtered on a personal column, the snapshot is built from masked values.
      ['table.page sorted by id_number', client.call('table.page', { table: { name: 'customers' }, offset: 0, limit: 500, sort: { column: 'id_number', descending: false } })],
      ['table.page filtered on name', client.call('table.page', { table: { name: 'customer_profile' }, offset: 0, limit: 500, filters: [{ column: 'name', op: 'starts_with', value: [...raw.name][0]! }] })],
      ['segment.members page', client.call('segment.members', { rule: { kind: 'all' } } as never).then((m) => client.call('table.page', { table: m.table, offset: 0, limit: 500, sort: { column: 'phone', descending: true } }))],
    ];
    const leaks: string[] = [];
    for (const [label, call] of calls) {
      const text = JSON.stringify(await call, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v));
      for (const value of [raw.name, raw.id_number, raw.phone]) if (text.includes(value)) leaks.push(`${label} shows ${value}`);
    }
    expect(leaks).toEqual([]);
    // A filter or search by a clear value finds nothing: it is compared with the masked value (no row count gives it away).
    const hits: string[] = [];
    for (const table of [{ name: 'customers' }, { name: 'customer_profile' }]) {
      for (const [column, value] of [['name', raw.name], ['id_number', raw.id_number], ['phone', raw.phone]] as const) {
        for (const op of ['=', 'contains'] as const) {
          const found = await client.call('table.page', { table, offset: 0, limit: 1, filters: [{ column, op, value }] });
          if (found.totalRows > 0) hits.push(`${table.name}.${column} ${op} matched ${found.totalRows}`);
        }
      }
    }
    expect(hits).toEqual([]);
    const names = await client.call('segment.fieldValues', { field: 'name' });
    expect(names.kind === 'categorical' && names.values.every((v) => v.value === null || /^.\*$/u.test(String(v.value)))).toBe(true);
  });
});
