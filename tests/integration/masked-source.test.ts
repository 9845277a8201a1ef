import fs from 'node:fs';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoBank } from '../../src/engine/demo/generate-demo-bank';
import type { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import type { EngineClient } from '../../src/shared/engine-client';
import type { ColumnFilter, ColumnSort, TableRef } from '../../src/shared/table-types';
import { openTempEngine } from '../support/temp-workspace';

/**
 * While masked, every path that returns rows reads the personal columns in their masked form, so
 * a filter, a sort or a count sees masked values only: filtering by a customer's clear name, ID
 * number or phone matches nothing (a row count would otherwise tell whether she is a customer).
 */

type Person = { customer_id: string; name: string; id_number: string; phone: string };

const maskName = (name: string) => `${[...name][0]}*`;
const maskId = (id: string) => `${id.slice(0, 3)}***********${id.slice(-4)}`;
const maskPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

let engine: Engine;
let client: EngineClient;
let dir: string;
let dispose: () => void;
let raw: Person;

beforeAll(async () => {
  ({ engine, dir, dispose } = await openTempEngine());
  await engine.workspace.write(detachedContext(), (s) => generateDemoBank(s, { customers: 300, months: 12, seed: 11 }));
  // A table of the user's own with two people whose clear order and masked order differ:
  // 110105…1234 sorts after 110000…1235 in clear, before it masked (110***********1234 < …1235);
  // 张一 sorts before 张三 in clear, masked they are both 张* (table order decides).
  await engine.workspace.write(detachedContext(), (s) =>
    s.run(`CREATE TABLE people AS SELECT * FROM (VALUES ('P1', '张三', '110105199001011234', '13912345678'), ('P2', '张一', '110000000000001235', '13800001111')) v(person_id, name, id_number, phone)`),
  );
  client = engine.connectClient();
  await client.call('profile.build', {});
  const [first] = await engine.workspace.withSession(detachedContext(), (s) => s.rows<Person>(`SELECT customer_id, name, id_number, phone FROM customers ORDER BY customer_id LIMIT 1`));
  raw = first!;
});
afterAll(() => dispose());

async function page(table: TableRef | { name: string }, view: { filters?: ColumnFilter[]; sort?: ColumnSort; unmasked?: boolean } = {}) {
  const result = await client.call('table.page', { table, offset: 0, limit: 1000, ...view });
  return { total: result.totalRows, rows: tableFromIPC(result.arrow).toArray().map((r) => r.toJSON() as Record<string, unknown>) };
}

const eq = (column: string, value: string): ColumnFilter => ({ column, op: '=', value });

describe('while masked, the grid filters and sorts masked values', () => {
  it('a filter by a clear name, ID number or phone matches no row; by the masked form it matches', async () => {
    for (const table of [{ name: 'customers' }, { name: 'customer_profile' }]) {
      expect((await page(table, { filters: [eq('name', raw.name)] })).total).toBe(0);
      expect((await page(table, { filters: [eq('id_number', raw.id_number)] })).total).toBe(0);
      expect((await page(table, { filters: [eq('phone', raw.phone)] })).total).toBe(0);
      // Searches of a part of the clear value: the digits a mask hides are nowhere to be found.
      expect((await page(table, { filters: [{ column: 'id_number', op: 'starts_with', value: raw.id_number.slice(0, 6) }] })).total).toBe(0);
      expect((await page(table, { filters: [{ column: 'phone', op: 'contains', value: raw.phone.slice(3, 8) }] })).total).toBe(0);
      expect((await page(table, { filters: [{ column: 'name', op: 'contains', value: raw.name }] })).total).toBe(0);

      for (const filter of [eq('name', maskName(raw.name)), eq('id_number', maskId(raw.id_number)), eq('phone', maskPhone(raw.phone))]) {
        const found = await page(table, { filters: [filter] });
        expect(found.total).toBeGreaterThan(0);
        expect(found.rows.map((r) => r.customer_id)).toContain(raw.customer_id);
        const mine = found.rows.find((r) => r.customer_id === raw.customer_id)!;
        expect(mine).toMatchObject({ name: maskName(raw.name), id_number: maskId(raw.id_number), phone: maskPhone(raw.phone) });
      }
    }
  });

  it('a sort of a personal column orders the masked values', async () => {
    const byId = await page({ name: 'people' }, { sort: { column: 'id_number', descending: false } });
    expect(byId.rows.map((r) => r.person_id)).toEqual(['P1', 'P2']);
    expect(byId.rows.map((r) => r.id_number)).toEqual(['110***********1234', '110***********1235']);
    const byName = await page({ name: 'people' }, { sort: { column: 'name', descending: false } });
    expect(byName.rows.map((r) => [r.person_id, r.name])).toEqual([['P1', '张*'], ['P2', '张*']]);
    // A user's own table: its personal columns are masked by what the import would map them to.
    expect((await page({ name: 'people' }, { filters: [eq('name', '张一')] })).total).toBe(0);
    expect((await page({ name: 'people' }, { filters: [eq('name', '张*')] })).total).toBe(2);
  });

  it("a segment's members are masked at the source too: the same filters, the same answers", async () => {
    const members = await client.call('segment.members', { rule: { kind: 'all' } } as never);
    expect(members.rowCount).toBe(300);
    expect((await page(members.table, { filters: [eq('name', raw.name)] })).total).toBe(0);
    expect((await page(members.table, { filters: [eq('id_number', raw.id_number)] })).total).toBe(0);
    const found = await page(members.table, { filters: [eq('phone', maskPhone(raw.phone))] });
    expect(found.rows.map((r) => r.customer_id)).toContain(raw.customer_id);
    const sorted = await page(members.table, { sort: { column: 'id_number', descending: true } });
    const ids = sorted.rows.map((r) => String(r.id_number));
    expect(ids.every((id) => /^\d{3}\*{11}[\dX]{4}$/.test(id))).toBe(true);
    expect([...ids].sort().reverse()).toEqual(ids);
  });

  it('the customer drill-down returns masked values', async () => {
    const detail = await client.call('customer.detail', { customerId: raw.customer_id });
    expect(detail.profile).toMatchObject({ name: maskName(raw.name), id_number: maskId(raw.id_number), phone: maskPhone(raw.phone) });
    expect(JSON.stringify(detail)).not.toContain(raw.id_number);
  });

  it("an export of a grid view filters the masked values (its row count is no oracle either)", async () => {
    const out = (file: string) => path.join(dir, 'out', file);
    fs.mkdirSync(path.join(dir, 'out'), { recursive: true });
    const clear = await client.call('export.table', { table: { name: 'customers' }, format: 'csv', outPath: out('clear.csv'), view: { sort: null, filters: [eq('id_number', raw.id_number)] } });
    expect(clear.rows).toBe(0);
    const byMask = await client.call('export.table', { table: { name: 'customers' }, format: 'csv', outPath: out('mask.csv'), view: { sort: null, filters: [eq('id_number', maskId(raw.id_number))] } });
    expect(byMask.rows).toBeGreaterThan(0);
    const text = fs.readFileSync(out('mask.csv'), 'utf8');
    expect(text).toContain(maskId(raw.id_number));
    expect(text).not.toContain(raw.id_number);
  });

  it('the import profile shows the masked values of personal columns, with exact counts', async () => {
    const profile = await client.call('import.profile', { table: 'customers' } as never);
    const name = profile.columns.find((c) => c.name === 'name')!;
    expect(name.top.every((t) => t.value === null || /^.\*$/u.test(t.value))).toBe(true);
    // Grouped by the masked form: the top surname counts every customer with that surname.
    const [surname] = await engine.workspace.withSession(detachedContext(), (s) =>
      s.rows<{ n: bigint }>(`SELECT count(*) AS n FROM customers WHERE left(name, 1) = $first`, { first: [...String(name.top[0]!.value)][0]! }),
    );
    expect(name.top[0]!.count).toBe(Number(surname!.n));
    const [distinct] = await engine.workspace.withSession(detachedContext(), (s) => s.rows<{ n: bigint }>(`SELECT count(DISTINCT id_number) AS n FROM customers`));
    expect(profile.columns.find((c) => c.name === 'id_number')!.distinct).toBe(Number(distinct!.n));
  });

  it('the SQL console still reads masked views: a clear predicate matches nothing', async () => {
    const result = await client.call('sql.run', { sql: `SELECT count(*) AS n FROM customers WHERE id_number = '${raw.id_number}'` });
    if (result.kind !== 'rows') throw new Error('expected rows');
    expect((await page(result.table)).rows[0]!.n).toBe(0n);
  });
});

describe('after privacy.unmask (with a reason), a request for clear values filters and sorts them', () => {
  beforeAll(async () => {
    await client.call('privacy.unmask', { reason: 'masked-source test: the clear filters after an unmask' });
  });

  it('the clear filter matches, and the sort orders clear values', async () => {
    for (const filter of [eq('name', raw.name), eq('id_number', raw.id_number), eq('phone', raw.phone)]) {
      const found = await page({ name: 'customers' }, { filters: [filter], unmasked: true });
      expect(found.rows.map((r) => r.customer_id)).toContain(raw.customer_id);
      expect(found.rows.find((r) => r.customer_id === raw.customer_id)).toMatchObject({ name: raw.name, id_number: raw.id_number, phone: raw.phone });
    }
    const byId = await page({ name: 'people' }, { sort: { column: 'id_number', descending: false }, unmasked: true });
    expect(byId.rows.map((r) => r.person_id)).toEqual(['P2', 'P1']);
    const byName = await page({ name: 'people' }, { sort: { column: 'name', descending: false }, unmasked: true });
    expect(byName.rows.map((r) => r.name)).toEqual(['张一', '张三']);
    // A request without the flag is still masked: the unmask lets the user ask, it does not ask for her.
    expect((await page({ name: 'customers' }, { filters: [eq('name', raw.name)] })).total).toBe(0);
  });

  it("members, the drill-down, exports and the console in clear on request", async () => {
    const members = await client.call('segment.members', { rule: { kind: 'all' } } as never);
    expect((await page(members.table, { filters: [eq('id_number', raw.id_number)], unmasked: true })).total).toBeGreaterThan(0);
    const detail = await client.call('customer.detail', { customerId: raw.customer_id, unmasked: true });
    expect(detail.profile).toMatchObject({ name: raw.name, id_number: raw.id_number, phone: raw.phone });
    const exported = await client.call('export.table', {
      table: { name: 'customers' },
      format: 'csv',
      outPath: path.join(dir, 'out', 'clear-unmasked.csv'),
      view: { sort: null, filters: [eq('id_number', raw.id_number)] },
      unmask: { reason: 'masked-source test: a clear export' },
    });
    expect(exported.rows).toBeGreaterThan(0);
    const result = await client.call('sql.run', { sql: `SELECT count(*) AS n FROM customers WHERE id_number = '${raw.id_number}'`, unmasked: true });
    if (result.kind !== 'rows') throw new Error('expected rows');
    expect(Number((await page(result.table, { unmasked: true })).rows[0]!.n)).toBeGreaterThan(0);
  });
});
