import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import type { EngineClient } from '../../src/shared/engine-client';
import type { ChurnRule } from '../../src/shared/survival-types';

/**
 * A hand-built bank with a known churn date for each customer under each definition, as of
 * 2026-06-30. Everyone is onboarded on 2025-01-15, so a censored customer has 17 completed months.
 */
const CUSTOMERS = ['A', 'B', 'C', 'D', 'E', 'P1', 'P2', 'P3', 'P4', 'P5', 'L1', 'L2', 'L3', 'Q1', 'Q2', 'Q3', 'Q4', 'Q5'];
const occupation = (id: string) => (id.startsWith('P') ? '企业职员' : id.startsWith('L') ? '个体工商户' : id.startsWith('Q') ? '学生' : '退休');
const monthly = (id: string, from: string, to: string, day = 5) =>
  `INSERT INTO transactions SELECT '${id}-' || strftime(m, '%Y%m'), 'acc-${id}', '${id}', m + INTERVAL ${day - 1} DAY + INTERVAL 9 HOUR, 8000, 'credit', 'payroll', 'system', '本行'
   FROM range(DATE '${from}', DATE '${to}' + INTERVAL 1 DAY, INTERVAL 1 MONTH) r(m);`;
const SETUP = `
CREATE TABLE customers (customer_id VARCHAR, birth_date DATE, onboard_date DATE, occupation VARCHAR);
INSERT INTO customers VALUES ${CUSTOMERS.map((id) => `('${id}', DATE '1990-01-01', ${id === 'Q4' ? "DATE '2026-03-01'" : "DATE '2025-01-15'"}, '${occupation(id)}')`).join(', ')};
CREATE TABLE accounts (account_id VARCHAR, customer_id VARCHAR, product_type VARCHAR, open_date DATE, close_date DATE, status VARCHAR, currency VARCHAR, balance DECIMAL(18,2));
INSERT INTO accounts VALUES
  ('a1', 'A', 'current', DATE '2025-01-15', DATE '2025-09-20', 'closed', 'CNY', 0), ('a2', 'A', 'savings', DATE '2025-01-15', DATE '2025-10-05', 'closed', 'CNY', 0),
  -- B closes after the analysis date: not a churner, censored there.
  ('b1', 'B', 'current', DATE '2025-01-15', DATE '2026-07-10', 'closed', 'CNY', 0),
  ('c1', 'C', 'current', DATE '2025-01-15', DATE '2025-05-01', 'closed', 'CNY', 0), ('c2', 'C', 'savings', DATE '2025-01-15', NULL, 'active', 'CNY', 10),
  -- D is marked closed without a closing date: closed, dated the analysis date.
  ('d1', 'D', 'current', DATE '2025-01-15', NULL, 'closed', 'CNY', 0);
CREATE TABLE transactions (txn_id VARCHAR, account_id VARCHAR, customer_id VARCHAR, ts TIMESTAMP, amount DECIMAL(18,2), direction VARCHAR, txn_type VARCHAR, channel VARCHAR, counterparty_bank VARCHAR);
${monthly('P1', '2025-01-01', '2025-06-01')}
${monthly('P2', '2025-01-01', '2025-03-01')}
${monthly('P2', '2025-07-01', '2026-06-01')}
${monthly('P3', '2026-01-01', '2026-03-01')}
${monthly('P4', '2025-01-01', '2025-02-01')}
${monthly('P5', '2025-01-01', '2026-06-01')}
INSERT INTO transactions VALUES
  ('q1a', 'acc-Q1', 'Q1', TIMESTAMP '2025-01-20 10:00:00', 50, 'debit', 'consumption', 'pos', NULL),
  ('q1b', 'acc-Q1', 'Q1', TIMESTAMP '2025-02-10 10:00:00', 50, 'debit', 'consumption', 'pos', NULL),
  ('q1c', 'acc-Q1', 'Q1', TIMESTAMP '2025-09-15 10:00:00', 50, 'debit', 'consumption', 'pos', NULL),
  ('q2a', 'acc-Q2', 'Q2', TIMESTAMP '2025-12-31 10:00:00', 50, 'debit', 'consumption', 'pos', NULL),
  ('q3a', 'acc-Q3', 'Q3', TIMESTAMP '2025-12-29 10:00:00', 50, 'debit', 'consumption', 'pos', NULL),
  ('q2b', 'acc-Q2', 'Q2', TIMESTAMP '2025-06-01 10:00:00', 50, 'debit', 'transfer', 'mobile', NULL),
  ('q3b', 'acc-Q3', 'Q3', TIMESTAMP '2025-06-01 10:00:00', 50, 'debit', 'transfer', 'mobile', NULL),
  ('q2c', 'acc-Q2', 'Q2', TIMESTAMP '2025-10-01 10:00:00', 50, 'debit', 'cash', 'atm', NULL),
  ('q3c', 'acc-Q3', 'Q3', TIMESTAMP '2025-10-01 10:00:00', 50, 'debit', 'cash', 'atm', NULL),
  ('q5a', 'acc-Q5', 'Q5', TIMESTAMP '2026-03-31 10:00:00', 2, 'credit', 'interest', 'system', NULL),
  ('q5b', 'acc-Q5', 'Q5', TIMESTAMP '2026-04-30 10:00:00', 1, 'debit', 'fee', 'system', NULL);
CREATE TABLE balances (customer_id VARCHAR, month DATE, aum DECIMAL(18,2));
INSERT INTO balances SELECT 'L1', m, CASE WHEN m IN (DATE '2026-02-01', DATE '2026-03-01') THEN 20000 WHEN m = DATE '2026-04-01' THEN 25000 ELSE 100000 END
  FROM range(DATE '2025-07-01', DATE '2026-07-01', INTERVAL 1 MONTH) r(m);
INSERT INTO balances SELECT 'L2', m, CASE WHEN m IN (DATE '2026-02-01', DATE '2026-03-01') THEN 20000 ELSE 100000 END
  FROM range(DATE '2025-07-01', DATE '2026-07-01', INTERVAL 1 MONTH) r(m);
INSERT INTO balances SELECT 'L3', m, 500 FROM range(DATE '2025-07-01', DATE '2026-07-01', INTERVAL 1 MONTH) r(m);
`;

describe('churn definitions on a hand-built bank', () => {
  let engine: Engine;
  let client: EngineClient;

  /** Each churner's event date under a rule, via the same SQL as every analysis. */
  const events = async (rule: ChurnRule) => {
    const preview = await client.call('churn.preview', { churn: { rule } });
    const sv = await client.call('survival.run', { churn: { rule }, groupBy: { kind: 'none' } });
    return { preview, sv };
  };
  const churners = async (rule: ChurnRule): Promise<Record<string, string>> => {
    const { churnEventSql } = await import('../../src/engine/survival/churn-event-sql');
    const { ParamBag } = await import('../../src/engine/sql/param-bag');
    const bag = new ParamBag('t');
    const sql = churnEventSql(rule, `CAST(${bag.bind('2026-06-30')} AS DATE)`, bag);
    const rows = await engine.workspace.withSession(detachedContext(), (s) =>
      s.rows<{ customer_id: string; d: string }>(`SELECT customer_id, strftime(event_date, '%Y-%m-%d') AS d FROM (${sql}) ORDER BY customer_id`, bag.values),
    );
    return Object.fromEntries(rows.map((r) => [r.customer_id, r.d]));
  };

  beforeAll(async () => {
    engine = await Engine.open({ path: ':memory:', threads: 2, memoryLimit: '1GB' });
    await engine.workspace.withSession(detachedContext(), (s) => s.run(SETUP));
    client = engine.connectClient();
    await client.call('profile.build', { asOf: '2026-06-30' });
  });
  afterAll(() => engine.close());

  it('all accounts closed: the last closing date; a closing after the analysis date is not churn', async () => {
    expect(await churners({ kind: 'accounts_closed' })).toEqual({ A: '2025-10-05', D: '2026-06-30' });
    const { preview } = await events({ kind: 'accounts_closed' });
    expect(preview).toMatchObject({ churned: 2, customers: CUSTOMERS.length });
    expect(preview.byMonth).toEqual([{ month: '2025-10', churned: 1 }, { month: '2026-06', churned: 1 }]);
  });

  it('payroll stopped: N missing complete months after M payroll months; 3 and 5 months differ', async () => {
    expect(await churners({ kind: 'payroll_stopped', missingMonths: 3, minPayrollMonths: 3 })).toEqual({ P1: '2025-07-01', P2: '2025-04-01', P3: '2026-04-01' });
    // P2's 3-month gap and P3's 3 missing months to June are not 5; P4 never had 3 months of payroll.
    expect(await churners({ kind: 'payroll_stopped', missingMonths: 5, minPayrollMonths: 3 })).toEqual({ P1: '2025-07-01' });
    expect(await churners({ kind: 'payroll_stopped', missingMonths: 3, minPayrollMonths: 2 })).toMatchObject({ P4: '2025-03-01' });
  });

  it('AUM low: below a share of the own 6-month peak, or an amount, for M consecutive months', async () => {
    expect(await churners({ kind: 'aum_low', belowAmount: null, belowPeakPercent: 30, months: 3 })).toEqual({ L1: '2026-02-28' });
    expect(await churners({ kind: 'aum_low', belowAmount: null, belowPeakPercent: 30, months: 2 })).toEqual({ L1: '2026-02-28', L2: '2026-02-28' });
    expect(await churners({ kind: 'aum_low', belowAmount: 1000, belowPeakPercent: null, months: 3 })).toEqual({ L3: '2025-07-31' });
  });

  it('no activity: the first silence of N months, bank postings not counting, from onboarding if none ever', async () => {
    // Q2's last activity (2025-12-31) is less than 6 months before the analysis date; Q3's (2025-12-29)
    // is more; both had no gap of 6 months before. Q4 was onboarded in March; Q5 only has bank postings.
    // P* customers only have payroll postings, which are customer-initiated income (not fees/interest): P4 stopped in Feb 2025.
    const found = await churners({ kind: 'no_activity', months: 6 });
    expect(found).toMatchObject({ Q1: '2025-02-10', Q3: '2025-12-29', Q5: '2025-01-15', P1: '2025-06-05', P4: '2025-02-05' });
    expect(found.Q2).toBeUndefined();
    expect(found.Q4).toBeUndefined();
    expect(found.P5).toBeUndefined();
  });

  it('survival: ties of an event and censorings at the same time, events first', async () => {
    const { sv } = await events({ kind: 'accounts_closed' });
    const [all] = sv.groups;
    // Months on book: Q4 (onboarded March 2026) is censored after 4 months; A churns in its 10th month
    // (January → October 2025); D on the analysis date (month 18) tied with the 15 censored there, B
    // among them (it closed after the date).
    expect(all!.curve.steps.map((s) => [s.time, s.atRisk, s.events, s.censored])).toEqual([
      [4, 18, 0, 1],
      [10, 17, 1, 0],
      [18, 16, 1, 15],
    ]);
    expect(all!.curve.steps[2]!.survival).toBeCloseTo((16 / 17) * (15 / 16), 12);
    expect(sv.excluded).toEqual({ noStart: 0, churnedBeforeStart: 0 });
  });

  it('groups with no events, a segment of one customer, and the log-rank across groups', async () => {
    const sv = await client.call('survival.run', { churn: { id: 'payroll_stopped_3m' }, groupBy: { kind: 'field', field: 'occupation' } });
    const byKey = Object.fromEntries(sv.groups.map((g) => [g.key, g]));
    expect(byKey['企业职员']!.curve.events).toBe(3);
    expect(byKey['学生']!.curve.events).toBe(0);
    expect(byKey['学生']!.curve.steps.every((s) => s.survival === 1)).toBe(true);
    expect(sv.logRank!.df).toBe(3);
    expect(sv.logRank!.p).toBeGreaterThan(0);

    const one = await client.call('segment.fromIds', { name: 'just A', ids: ['A'] });
    const single = await client.call('survival.run', { population: { segmentId: one.segment.id } });
    expect(single.groups).toHaveLength(1);
    expect(single.groups[0]!.curve).toMatchObject({ customers: 1, events: 1, median: { value: 10 } });
    expect(single.groups[0]!.curve.steps[0]).toMatchObject({ survival: 0, se: null, lower: null, upper: null });
    expect(single.logRank).toBeNull();
  });

  it('first payroll as the start, survival at months and the at-risk table', async () => {
    const sv = await client.call('survival.run', { churn: { id: 'payroll_stopped_3m' }, start: { kind: 'first_payroll' }, months: [3, 6, 12], atRiskTimes: [0, 6, 12] });
    const [g] = sv.groups;
    // P1..P5 have payroll; everyone else has no start. P4 and P5 are censored after 18 months.
    expect(g!.curve.customers).toBe(5);
    expect(sv.excluded.noStart).toBe(CUSTOMERS.length - 5);
    // P2 stops in its 4th month (first payroll January, none from April), P3 too (January 2026 → April), P1 in its 7th.
    expect(g!.curve.steps.filter((s) => s.events > 0).map((s) => [s.time, s.events])).toEqual([[4, 2], [7, 1]]);
    expect(g!.atMonths.map((m) => m.survival)).toEqual([1, 3 / 5, 2 / 5]);
    expect(g!.atRisk).toEqual([5, 3, 2]);
  });

  it('definitions are versioned: a save appends, history keeps every version, a new id is added', async () => {
    const before = await client.call('churn.definitions', {});
    expect(before.map((d) => [d.id, d.version])).toEqual([
      ['accounts_closed', 0], ['payroll_stopped_3m', 0], ['payroll_stopped_5m', 0], ['aum_low', 0], ['no_activity_6m', 0],
    ]);
    await client.call('churn.save', { id: 'payroll_stopped_3m', name: 'Payroll 4', rule: { kind: 'payroll_stopped', missingMonths: 4, minPayrollMonths: 3 } });
    const saved = await client.call('churn.save', { id: 'payroll_stopped_3m', name: 'Payroll 5', rule: { kind: 'payroll_stopped', missingMonths: 5, minPayrollMonths: 3 } });
    expect(saved.version).toBe(2);
    expect((await client.call('churn.history', { id: 'payroll_stopped_3m' })).map((v) => v.version)).toEqual([2, 1]);
    expect((await client.call('churn.preview', { churn: { id: 'payroll_stopped_3m' } })).churned).toBe(1);
    await client.call('churn.save', { id: 'my_rule', name: 'Mine', rule: { kind: 'no_activity', months: 3 } });
    const after = await client.call('churn.definitions', {});
    expect(after.map((d) => d.id)).toContain('my_rule');
    expect(after.find((d) => d.id === 'payroll_stopped_3m')!.description.en).toContain('5 consecutive');
    await expect(client.call('churn.save', { id: 'bad', name: 'x', rule: { kind: 'aum_low', belowAmount: null, belowPeakPercent: null, months: 3 } })).rejects.toThrow();
  });

  it('the analysis date decides what is observed: mid-month, the running month is not complete', async () => {
    await client.call('profile.build', { asOf: '2026-06-15' });
    // As of 15 June only April and May are complete missing months for P3.
    expect((await client.call('churn.preview', { churn: { rule: { kind: 'payroll_stopped', missingMonths: 3, minPayrollMonths: 3 } } })).churned).toBe(2);
    // D is marked closed without a date, so it counts at any analysis date; B's closing (10 July) is still ahead.
    expect((await client.call('churn.preview', { churn: { rule: { kind: 'accounts_closed' } } })).churned).toBe(2);
    await client.call('profile.build', { asOf: '2026-06-30' });
  });
});
