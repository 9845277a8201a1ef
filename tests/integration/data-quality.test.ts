import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { createImportHandlers } from '../../src/engine/import/import-handlers';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { qualityParamsSchema, qualityResultSchema } from '../../src/shared/import-types';
import { openTempEngine } from '../support/temp-workspace';

/**
 * A small hand-built data set with planted problems; the checks must find exactly these:
 * customers: C5 twice (duplicate key), one row without an id, C2 born 1890, C3 onboarded 2030;
 * accounts: A3 belongs to unknown C9, A6 to nobody, A2 (current) and A7 (活期存款) negative,
 *   while the loan A4 and the credit card A5 may be negative;
 * transactions: 30 ordinary rows Jan–Jun 2024, T31 on unknown account A99, T32 in 2099, T33 in 1899;
 * balances: C2's AUM negative. No holdings, contacts or events: those are not checked.
 */
let engine: Engine;
let dispose: () => void;

const quality = (examples = 5) =>
  createImportHandlers(engine.workspace)['data.quality'](qualityParamsSchema.parse({ examples }), detachedContext());

beforeAll(async () => {
  ({ engine, dispose } = await openTempEngine());
  await engine.workspace.withSession(detachedContext(), async (s) => {
    await s.run(`CREATE TABLE customers (customer_id VARCHAR, name VARCHAR, birth_date DATE, onboard_date DATE)`);
    await s.run(`INSERT INTO customers VALUES
      ('C1', '张伟', '1980-01-01', '2010-05-01'), ('C2', '王芳', '1890-05-01', '2012-01-01'), ('C3', '李娜', '1990-03-15', '2030-01-01'),
      ('C4', '刘洋', '1985-12-12', '2015-06-01'), ('C5', '陈静', '1977-07-07', '2018-01-01'), ('C5', '陈静', '1977-07-07', '2018-01-01'),
      (NULL, '无名', '1992-09-09', '2020-01-01')`);
    await s.run(`CREATE TABLE accounts (account_id VARCHAR, customer_id VARCHAR, product_type VARCHAR, open_date DATE, balance DECIMAL(18,2))`);
    await s.run(`INSERT INTO accounts VALUES
      ('A1', 'C1', 'savings', '2010-05-01', 100), ('A2', 'C2', 'current', '2012-01-01', -5), ('A3', 'C9', 'time_deposit', '2013-01-01', 10),
      ('A4', 'C1', 'loan', '2016-01-01', -50000), ('A5', 'C3', 'credit_card', '2019-01-01', -200), ('A6', NULL, 'savings', '2020-01-01', 1),
      ('A7', 'C4', '活期存款', '2015-06-01', -1)`);
    await s.run(`CREATE TABLE transactions (txn_id VARCHAR, account_id VARCHAR, ts TIMESTAMP, amount DECIMAL(18,2))`);
    await s.run(`INSERT INTO transactions SELECT 'T' || i, 'A1', TIMESTAMP '2024-01-01 09:00:00' + to_days(CAST((i - 1) * 6 AS INTEGER)), 10 FROM range(1, 31) r(i)`);
    await s.run(`INSERT INTO transactions VALUES ('T31', 'A99', '2024-03-01 10:00:00', 5), ('T32', 'A1', '2099-01-01 00:00:00', 5), ('T33', 'A1', '1899-12-31 12:00:00', 5)`);
    await s.run(`CREATE TABLE balances (customer_id VARCHAR, month DATE, aum DECIMAL(18,2))`);
    await s.run(`INSERT INTO balances VALUES ('C1', '2024-06-01', 100), ('C2', '2024-06-01', -10)`);
  });
});
afterAll(() => dispose());

describe('data-quality checks', () => {
  it('find exactly the planted problems, measured against the data’s own latest date', async () => {
    const result = qualityResultSchema.parse(await quality());
    // The 2099 transaction is an isolated tail: the as-of date is the last ordinary activity (June 2024).
    expect(result.asOf).toBe('2024-06-30');
    const failed = result.checks.filter((c) => c.count > 0).map((c) => `${c.id} ${c.table}.${c.column} ${c.count}`).sort();
    expect(failed).toEqual(
      [
        'account_without_customer accounts.customer_id 2',
        'date_before_1900 customers.birth_date 1',
        'date_before_1900 transactions.ts 1',
        'duplicate_key customers.customer_id 1',
        'future_date customers.onboard_date 1',
        'future_date transactions.ts 1',
        'missing_key customers.customer_id 1',
        'negative_balance accounts.balance 2',
        'negative_balance balances.aum 1',
        'transaction_without_account transactions.account_id 1',
      ].sort(),
    );
    // Only tables that exist are checked.
    expect(new Set(result.checks.map((c) => c.table))).toEqual(new Set(['customers', 'accounts', 'transactions', 'balances']));
    // Passed checks are listed with count 0.
    expect(result.checks.find((c) => c.id === 'duplicate_key' && c.table === 'transactions')).toMatchObject({ count: 0, examples: [] });
  });

  it('gives JSON-safe example rows', async () => {
    const { checks } = await quality();
    const find = (id: string, table: string) => checks.find((c) => c.id === id && c.table === table)!;
    expect(find('duplicate_key', 'customers').examples).toEqual([{ customer_id: 'C5', occurrences: 2 }]);
    expect(find('account_without_customer', 'accounts').examples.map((e) => e.account_id)).toEqual(['A3', 'A6']);
    expect(find('negative_balance', 'accounts').examples).toEqual([
      { account_id: 'A2', customer_id: 'C2', product_type: 'current', open_date: '2012-01-01', balance: -5 },
      { account_id: 'A7', customer_id: 'C4', product_type: '活期存款', open_date: '2015-06-01', balance: -1 },
    ]);
    expect(find('future_date', 'transactions').examples).toEqual([{ txn_id: 'T32', account_id: 'A1', ts: '2099-01-01 00:00:00', amount: 5 }]);
    expect(JSON.parse(JSON.stringify(checks))).toEqual(checks);
    const none = await quality(0);
    expect(none.checks.every((c) => c.examples.length === 0)).toBe(true);
  });
});
