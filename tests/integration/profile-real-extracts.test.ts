import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import type { EngineClient } from '../../src/shared/engine-client';
import { AppError } from '../../src/shared/errors';

/**
 * The profile on extracts that are not the demo's: an accounts file with no status column, status
 * codes other than the canonical ones, and a customers table with a customer_id twice.
 */
type P = Record<string, unknown>;

const rule = { kind: 'field', id: 'all', field: 'age', op: 'is_not_empty' } as const;

async function profileRows(engine: Engine): Promise<Map<string, P>> {
  const list = await engine.workspace.withSession(detachedContext(), (s) => s.rows<P>('SELECT * FROM customer_profile'));
  return new Map(list.map((r) => [String(r.customer_id), r]));
}

describe('accounts with no status column (an extract that has none)', () => {
  let engine: Engine;
  let client: EngineClient;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-no-status-'));

  beforeAll(async () => {
    engine = await Engine.open({ path: ':memory:', threads: 2, memoryLimit: '1GB' });
    client = engine.connectClient();
    const customers = path.join(dir, 'customers.csv');
    fs.writeFileSync(customers, 'customer_id,birth_date,onboard_date\nA1,1980-01-01,2015-01-01\nA2,1985-05-05,2016-01-01\nA3,1990-09-09,2017-01-01\n');
    // No status column at all: A1 has an account with no close date (open), A2 one closed in 2020,
    // A3 one whose close date is after the as-of date (still open then).
    const accounts = path.join(dir, 'accounts.csv');
    fs.writeFileSync(
      accounts,
      'account_id,customer_id,product_type,open_date,close_date,balance\n' +
        'X1,A1,current,2015-01-01,,1000.00\nX2,A2,current,2016-01-01,2020-03-01,0\nX3,A3,current,2017-01-01,2027-01-01,500.00\n',
    );
    await client.call('import.run', { files: [customers], table: 'customers', mode: 'replace' });
    await client.call('import.run', { files: [accounts], table: 'accounts', mode: 'replace' });
    await client.call('profile.build', { asOf: '2026-06-30' });
  });
  afterAll(() => {
    engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('an account with no status and no close date is open: held, and its customer is not churned', async () => {
    // The import writes every canonical column: status is there, and empty on every row.
    const [status] = await engine.workspace.withSession(detachedContext(), (s) => s.rows<{ n: bigint }>('SELECT count(status) AS n FROM accounts'));
    expect(Number(status!.n)).toBe(0);
    const rows = await profileRows(engine);
    const a1 = rows.get('A1')!;
    expect(Number(a1.open_account_count)).toBe(1);
    expect(a1.holds_current).toBe(true);
    expect(Number(a1.balance_current)).toBe(1000);
    expect(a1.lifecycle_stage).not.toBe('churned');
  });

  it('a close date on or before the as-of date closes it; one after leaves it open', async () => {
    const rows = await profileRows(engine);
    expect(Number(rows.get('A2')!.open_account_count)).toBe(0);
    expect(rows.get('A2')!.lifecycle_stage).toBe('churned');
    expect(Number(rows.get('A3')!.open_account_count)).toBe(1);
    expect(rows.get('A3')!.holds_current).toBe(true);
  });
});

describe('status codes: only the canonical closed code closes an account without a close date', () => {
  it('NULL, dormant and frozen are open; closed (any case, padded) is closed', async () => {
    const engine = await Engine.open({ path: ':memory:', threads: 2, memoryLimit: '1GB' });
    try {
      await engine.workspace.withSession(detachedContext(), (s) =>
        s.run(`CREATE TABLE customers (customer_id VARCHAR, onboard_date DATE);
          INSERT INTO customers VALUES ('N', DATE '2020-01-01'), ('D', DATE '2020-01-01'), ('F', DATE '2020-01-01'), ('C', DATE '2020-01-01');
          CREATE TABLE accounts (account_id VARCHAR, customer_id VARCHAR, product_type VARCHAR, open_date DATE, close_date DATE, status VARCHAR, currency VARCHAR, balance DECIMAL(18,2));
          INSERT INTO accounts VALUES ('1','N','current',DATE '2020-01-01',NULL,NULL,'CNY',10), ('2','D','current',DATE '2020-01-01',NULL,'dormant','CNY',10),
            ('3','F','current',DATE '2020-01-01',NULL,'frozen','CNY',10), ('4','C','current',DATE '2020-01-01',NULL,' Closed ','CNY',0);`),
      );
      await engine.connectClient().call('profile.build', { asOf: '2026-06-30' });
      const rows = await profileRows(engine);
      expect(['N', 'D', 'F', 'C'].map((id) => Number(rows.get(id)!.open_account_count))).toEqual([1, 1, 1, 0]);
    } finally {
      engine.close();
    }
  });
});

describe('an accounts table made in SQL without a status column', () => {
  it('its accounts without a close date are open', async () => {
    const engine = await Engine.open({ path: ':memory:', threads: 2, memoryLimit: '1GB' });
    try {
      await engine.workspace.withSession(detachedContext(), (s) =>
        s.run(`CREATE TABLE customers (customer_id VARCHAR, onboard_date DATE); INSERT INTO customers VALUES ('M', DATE '2020-01-01');
          CREATE TABLE accounts (account_id VARCHAR, customer_id VARCHAR, product_type VARCHAR, open_date DATE, balance DECIMAL(18,2));
          INSERT INTO accounts VALUES ('1','M','savings',DATE '2020-01-01',10);`),
      );
      await engine.connectClient().call('profile.build', { asOf: '2026-06-30' });
      const m = (await profileRows(engine)).get('M')!;
      expect([Number(m.open_account_count), m.holds_savings, m.lifecycle_stage === 'churned']).toEqual([1, true, false]);
    } finally {
      engine.close();
    }
  });
});

describe('one row per customer', () => {
  let engine: Engine;
  let client: EngineClient;

  beforeAll(async () => {
    engine = await Engine.open({ path: ':memory:', threads: 2, memoryLimit: '1GB' });
    client = engine.connectClient();
  });
  afterAll(() => engine.close());

  const setCustomers = (values: string) =>
    engine.workspace.withSession(detachedContext(), (s) =>
      s.run(`CREATE OR REPLACE TABLE customers (customer_id VARCHAR, name VARCHAR, onboard_date DATE);
        INSERT INTO customers VALUES ${values};
        CREATE OR REPLACE TABLE accounts (account_id VARCHAR, customer_id VARCHAR, product_type VARCHAR, open_date DATE, close_date DATE, status VARCHAR, currency VARCHAR, balance DECIMAL(18,2));
        INSERT INTO accounts VALUES ('a','K1','current',DATE '2020-01-01',NULL,'active','CNY',100);`),
    );

  it('identical duplicate rows collapse to one: one profile row, counted once in the segment base', async () => {
    await setCustomers(`('K1','甲',DATE '2020-01-01'), ('K1','甲',DATE '2020-01-01'), ('K1','甲',DATE '2020-01-01'), ('K2','乙',DATE '2020-01-01')`);
    const built = await client.call('profile.build', { asOf: '2026-06-30' });
    expect(built.customers).toBe(2);
    const [row] = await engine.workspace.withSession(detachedContext(), (s) =>
      s.rows<{ n: bigint; k: bigint; aum: number }>("SELECT count(*) AS n, count(DISTINCT customer_id) AS k, sum(aum_latest)::DOUBLE AS aum FROM customer_profile"),
    );
    expect(Number(row!.n)).toBe(2);
    expect(Number(row!.k)).toBe(2);
    expect(row!.aum).toBe(100);
    const count = await client.call('segment.count', { rule });
    expect(count.customers).toBe(2);
  });

  it('conflicting rows for one customer_id fail the build with the count and examples, and keep the previous profile', async () => {
    await setCustomers(`('K1','甲',DATE '2020-01-01'), ('K1','丙',DATE '2020-01-01'), ('K3','丁',DATE '2020-01-01'), ('K3','戊',DATE '2020-01-01'), ('K2','乙',DATE '2020-01-01')`);
    const error = await client.call('profile.build', { asOf: '2026-06-30' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    expect(e.messageKey).toBe('error.PROFILE_DUPLICATE_CUSTOMERS');
    expect(e.details).toMatchObject({ table: 'customers', duplicates: 2, rows: 4, examples: 'K1 (2 rows), K3 (2 rows)' });
    expect(e.message).toMatch(/2 customer_id values that appear on more than one row/);
    expect(e.message).not.toMatch(/SELECT|duckdb/i);
    // The previous profile (2 customers, one row each) is untouched.
    expect((await client.call('segment.count', { rule })).customers).toBe(2);
  });
});
