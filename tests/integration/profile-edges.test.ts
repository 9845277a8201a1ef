import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import type { EngineClient } from '../../src/shared/engine-client';

/**
 * A hand-built bank with a known answer for each profile column, as of 2026-06-30 (windows are
 * ts > as_of − n months, so 2025-12-30 00:00:00 is exactly 6 months before and outside).
 */
const SETUP = `
CREATE TABLE customers (customer_id VARCHAR, name VARCHAR, id_number VARCHAR, phone VARCHAR, gender VARCHAR, birth_date DATE,
  onboard_date DATE, branch_id VARCHAR, rm_id VARCHAR, occupation VARCHAR, marital_status VARCHAR, children INTEGER, vip_note VARCHAR);
INSERT INTO customers VALUES
 ('LEAP', '林小闰', '110101200002291234', '13812345678', '女', DATE '2000-02-29', DATE '2020-01-15', 'B1', 'R1', '教师', '未婚', 0, 'note-a'),
 ('D6',   '王六', '110101199001011111', '13900000001', '男', DATE '1990-01-01', DATE '2019-01-01', 'B1', 'R1', '医生', '已婚', 1, NULL),
 ('D6B',  '王六加', '110101199001011112', '13900000002', '男', DATE '1990-01-01', DATE '2019-01-01', 'B1', 'R2', '医生', '已婚', 1, NULL),
 ('I12',  '赵十二', '110101198001011113', '13900000003', '男', DATE '1980-07-01', DATE '2018-01-01', 'B2', 'R2', '企业职员', '已婚', 2, NULL),
 ('I12B', '赵十二加', '110101198001011114', '13900000004', '男', DATE '1980-06-30', DATE '2018-01-01', 'B2', 'R2', '企业职员', '已婚', 2, NULL),
 ('NOTX', '钱无', '110101197001011115', '13900000005', '女', DATE '1970-01-01', DATE '2015-01-01', 'B2', 'R3', '无业', '离异', 0, NULL),
 ('CLOSED', '孙闭', '110101196001011116', '13900000006', '女', DATE '1960-01-01', DATE '2010-01-01', 'B3', 'R3', '退休', '已婚', 1, NULL),
 ('FX',   '周汇', '110101198501011117', '13900000007', '男', DATE '1985-01-01', DATE '2016-01-01', 'B3', 'R3', '个体工商户', '已婚', 1, NULL),
 ('PAY',  '吴薪', '110101199201011118', '13900000008', '女', DATE '1992-01-01', DATE '2017-01-01', 'B1', 'R1', '企业职员', '未婚', 0, NULL),
 ('PROS', '郑潜', '110101199501011119', '13900000009', '男', DATE '1995-01-01', DATE '2026-06-01', 'B1', 'R1', '学生', '未婚', 0, NULL),
 ('NEW',  '冯新', '110101199601011110', '13900000010', '男', DATE '1996-01-01', DATE '2026-05-01', 'B1', 'R1', '企业职员', '未婚', 0, NULL),
 ('WIN',  '陈窗', '11010119750101111X', '13900000011', '女', DATE '1975-01-01', DATE '2012-01-01', 'B2', 'R1', '公务员', '已婚', 1, NULL),
 ('LATER','晚来', '110101199701011121', '13900000012', '女', DATE '1997-01-01', DATE '2026-07-15', 'B1', 'R1', '学生', '未婚', 0, NULL);
CREATE TABLE accounts (account_id VARCHAR, customer_id VARCHAR, product_type VARCHAR, open_date DATE, close_date DATE, status VARCHAR, currency VARCHAR, balance DECIMAL(18,2));
INSERT INTO accounts VALUES
 ('a1','LEAP','current',DATE '2020-01-15',NULL,'active','CNY',5000), ('a2','LEAP','wealth',DATE '2021-01-01',NULL,'active','CNY',60000),
 ('a3','D6','current',DATE '2019-01-01',NULL,'active','CNY',3000), ('a4','D6B','current',DATE '2019-01-01',NULL,'active','CNY',3000),
 ('a5','I12','current',DATE '2018-01-01',NULL,'active','CNY',50), ('a6','I12B','current',DATE '2018-01-01',NULL,'active','CNY',50),
 ('a7','NOTX','current',DATE '2015-01-01',NULL,'dormant','CNY',20),
 ('a8','CLOSED','current',DATE '2010-01-01',DATE '2025-03-01','closed','CNY',0), ('a9','CLOSED','savings',DATE '2011-01-01',NULL,'closed','CNY',0),
 ('a10','FX','current',DATE '2016-01-01',NULL,'active','CNY',1000), ('a11','FX','current',DATE '2017-01-01',NULL,'active','USD',200),
 ('a12','FX','loan',DATE '2020-01-01',NULL,'active','CNY',80000), ('a13','FX','credit_card',DATE '2026-07-01',NULL,'active','CNY',10),
 ('a14','PAY','current',DATE '2017-01-01',NULL,'active','CNY',4000),
 ('a15','NEW','current',DATE '2026-05-01',NULL,'active','CNY',800),
 ('a16','WIN','current',DATE '2012-01-01',NULL,'active','CNY',700000), ('a17','WIN','time_deposit',DATE '2013-01-01',DATE '2024-01-01','closed','CNY',0);
CREATE TABLE transactions (txn_id VARCHAR, account_id VARCHAR, customer_id VARCHAR, ts TIMESTAMP, amount DECIMAL(18,2), direction VARCHAR, txn_type VARCHAR, channel VARCHAR, counterparty_bank VARCHAR);
INSERT INTO transactions VALUES
 ('t1','a3','D6',TIMESTAMP '2025-12-30 00:00:00',100,'debit','consumption','pos',NULL),
 ('t2','a4','D6B',TIMESTAMP '2025-12-30 00:00:01',100,'debit','consumption','pos',NULL),
 ('t3','a3','D6',TIMESTAMP '2026-06-01 00:00:00',1.5,'credit','interest','system',NULL),
 ('t4','a5','I12',TIMESTAMP '2025-06-30 00:00:00',500,'credit','cash','counter',NULL),
 ('t5','a6','I12B',TIMESTAMP '2025-06-30 00:00:01',500,'credit','cash','counter',NULL),
 ('t6','a5','I12',TIMESTAMP '2026-06-10 12:00:00',450,'debit','consumption','mobile',NULL),
 ('t7','a14','PAY',TIMESTAMP '2026-05-05 09:00:00',10000,'credit','payroll','system','本行'),
 ('t8','a14','PAY',TIMESTAMP '2026-05-06 10:00:00',1000,'debit','transfer','mobile','本行'),
 ('t9','a14','PAY',TIMESTAMP '2026-05-07 10:00:00',8000,'debit','transfer','mobile','招商银行'),
 ('t10','a14','PAY',TIMESTAMP '2026-05-13 10:00:00',500,'debit','transfer','mobile','招商银行'),
 ('t11','a14','PAY',TIMESTAMP '2026-06-05 09:00:00',10000,'credit','payroll','system','本行'),
 ('t12','a14','PAY',TIMESTAMP '2026-06-12 08:00:00',9000,'debit','transfer','online','建设银行'),
 ('t13','a16','WIN',TIMESTAMP '2026-06-15 10:00:00',100,'debit','consumption','mobile',NULL),
 ('t14','a16','WIN',TIMESTAMP '2026-04-15 10:00:00',200,'credit','transfer','online','工商银行'),
 ('t15','a16','WIN',TIMESTAMP '2026-01-15 10:00:00',300,'debit','cash','atm',NULL),
 ('t16','a16','WIN',TIMESTAMP '2025-08-15 10:00:00',400,'debit','consumption','pos',NULL),
 ('t17','a16','WIN',TIMESTAMP '2025-05-01 10:00:00',500,'debit','consumption','pos',NULL),
 ('t18','a16','WIN',TIMESTAMP '2026-07-02 10:00:00',999,'debit','consumption','pos',NULL),
 ('t19','a1','LEAP',TIMESTAMP '2026-06-30 23:59:59',10,'debit','fee','system',NULL),
 ('t20','a1','LEAP',TIMESTAMP '2026-06-30 18:00:00',20,'debit','consumption','mobile',NULL);
CREATE TABLE balances (customer_id VARCHAR, month DATE, aum DECIMAL(18,2));
INSERT INTO balances SELECT 'WIN', m, CAST(100000 * (1 + datediff('month', DATE '2025-06-01', m)) AS DECIMAL(18,2)) FROM range(DATE '2025-06-01', DATE '2026-07-01', INTERVAL 1 MONTH) r(m);
INSERT INTO balances VALUES ('LEAP', DATE '2026-06-01', 65000), ('I12', DATE '2026-06-01', 50), ('I12B', DATE '2026-06-01', 50), ('NOTX', DATE '2026-06-01', 20),
  ('D6', DATE '2026-06-01', 3000), ('D6B', DATE '2026-06-01', 3000), ('FX', DATE '2026-06-01', 2440), ('PAY', DATE '2026-06-01', 4000), ('NEW', DATE '2026-06-01', 800);
CREATE TABLE contacts (campaign_id VARCHAR, customer_id VARCHAR, contact_ts TIMESTAMP, channel VARCHAR, arm VARCHAR, responded BOOLEAN, response_ts TIMESTAMP, outcome VARCHAR);
INSERT INTO contacts VALUES ('C1','WIN',TIMESTAMP '2025-03-10 10:00:00','sms','treatment',true,TIMESTAMP '2025-03-11 10:00:00','appointment'),
  ('C2','WIN',TIMESTAMP '2026-03-10 10:00:00','app','treatment',false,NULL,'no_response'),
  ('C3','WIN',TIMESTAMP '2026-05-10 10:00:00','app','control',false,NULL,'no_response');
`;

type P = Record<string, unknown>;

describe('customer profile on a hand-built bank', () => {
  let engine: Engine;
  let client: EngineClient;
  let rows: Map<string, P>;

  const profile = async () => {
    const list = await engine.workspace.withSession(detachedContext(), (s) => s.rows<P>('SELECT * FROM customer_profile'));
    return new Map(list.map((r) => [String(r.customer_id), r]));
  };

  beforeAll(async () => {
    engine = await Engine.open({ path: ':memory:', threads: 2, memoryLimit: '1GB' });
    await engine.workspace.withSession(detachedContext(), (s) => s.run(SETUP));
    client = engine.connectClient();
    const built = await client.call('profile.build', { asOf: '2026-06-30' });
    expect(built.customers).toBe(12); // LATER is onboarded after the as-of date
    rows = await profile();
  });
  afterAll(() => engine.close());

  it('the default as-of date is the latest date in the data', async () => {
    await client.call('profile.build', {});
    expect((await client.call('profile.summary', {})).asOf).toBe('2026-07-15');
    await client.call('profile.build', { asOf: '2026-06-30' });
  });

  it('age in full years; a 29 February birthday is reached on 1 March', async () => {
    expect(Number(rows.get('LEAP')!.age)).toBe(26);
    expect(Number(rows.get('I12')!.age)).toBe(45); // born 1980-07-01: birthday tomorrow
    expect(Number(rows.get('I12B')!.age)).toBe(46); // born 1980-06-30: birthday today
    await client.call('profile.build', { asOf: '2026-02-28' });
    expect(Number((await profile()).get('LEAP')!.age)).toBe(25);
    await client.call('profile.build', { asOf: '2026-03-01' });
    expect(Number((await profile()).get('LEAP')!.age)).toBe(26);
    await client.call('profile.build', { asOf: '2026-06-30' });
  });

  it('activity exactly 6 months before the as-of date is outside the dormant window', () => {
    expect(rows.get('D6')!.is_dormant).toBe(true); // only interest since: bank postings do not count
    expect(rows.get('D6B')!.is_dormant).toBe(false);
    expect(Number(rows.get('D6')!.days_since_last_activity)).toBe(182);
  });

  it('activity exactly 12 months before is outside the invalid window; consumption does not save a customer', () => {
    expect(rows.get('I12')!.is_invalid).toBe(true);
    expect(rows.get('I12B')!.is_invalid).toBe(false);
    expect(rows.get('I12')!.is_dormant).toBe(false);
  });

  it('a customer without transactions: zero counts, no last activity, dormant, invalid', () => {
    const r = rows.get('NOTX')!;
    expect(Number(r.txn_count_12m)).toBe(0);
    expect(Number(r.amount_in_12m)).toBe(0);
    expect(r.last_activity_date).toBeNull();
    expect(r.days_since_last_activity).toBeNull();
    expect(r.is_dormant).toBe(true);
    expect(r.is_invalid).toBe(true);
    expect(r.payroll_flag).toBe(false);
    expect(Number(r.rfm_recency)).toBe(1);
  });

  it('only closed accounts: churned, nothing held', () => {
    const r = rows.get('CLOSED')!;
    expect(Number(r.account_count)).toBe(2);
    expect(Number(r.open_account_count)).toBe(0);
    expect(Number(r.product_count)).toBe(0);
    expect(r.holds_current).toBe(false);
    expect(r.lifecycle_stage).toBe('churned');
    expect(Number(r.aum_latest)).toBe(0);
  });

  it('two currencies: the foreign one is flagged and not added to CNY balances; later accounts ignored', () => {
    const r = rows.get('FX')!;
    expect(Number(r.currency_count)).toBe(2);
    expect(r.holds_foreign_currency).toBe(true);
    expect(Number(r.balance_current)).toBe(1000);
    expect(Number(r.deposit_balance)).toBe(1000);
    expect(Number(r.loan_balance)).toBe(80000);
    expect(r.holds_credit_card).toBe(false); // opened after the as-of date
    expect(Number(r.product_count)).toBe(2);
    expect(Number(r.aum_latest)).toBe(2440);
  });

  it('payroll: flag, monthly amount and the 7-day outflow ratio', () => {
    const r = rows.get('PAY')!;
    expect(r.payroll_flag).toBe(true);
    expect(Number(r.payroll_monthly_amount)).toBe(10000);
    expect(Number(r.payroll_credits_12m)).toBe(2);
    expect(r.payroll_outflow_ratio).toBeCloseTo(17000 / 20000, 10);
    expect(Number(r.transfers_out_other_bank_12m)).toBe(3);
    expect(Number(r.amount_out_other_bank_12m)).toBe(17500);
  });

  it('transaction windows, channels and types; nothing after the as-of date', () => {
    const r = rows.get('WIN')!;
    expect([r.txn_count_1m, r.txn_count_3m, r.txn_count_6m, r.txn_count_12m].map(Number)).toEqual([1, 2, 3, 4]);
    expect(Number(r.amount_in_12m)).toBe(200);
    expect(Number(r.amount_out_12m)).toBe(800);
    expect(Number(r.txn_count_12m_pos)).toBe(1);
    expect(Number(r.txn_count_12m_mobile)).toBe(1);
    expect(Number(r.txn_count_12m_cash)).toBe(1);
    expect(Number(r.amount_12m_consumption)).toBe(500);
    expect((r.last_activity_date as Date).toISOString().slice(0, 10)).toBe('2026-06-15');
    expect(Number(r.active_months_12m)).toBe(4);
  });

  it('activity on the as-of day itself counts; fees do not', () => {
    const r = rows.get('LEAP')!;
    expect(Number(r.txn_count_1m)).toBe(1);
    expect(Number(r.days_since_last_activity)).toBe(0);
    expect(Number(r.txn_count_12m_fee)).toBe(1);
  });

  it('AUM latest and averaged over 3 and 12 months; tier', () => {
    const r = rows.get('WIN')!;
    // months 2025-06 … 2026-06 hold 100k … 1.3M
    expect(Number(r.aum_latest)).toBe(1_300_000);
    expect(Number(r.aum_avg_3m)).toBe(1_200_000);
    expect(Number(r.aum_avg_12m)).toBe(750_000); // 2025-07 … 2026-06
    expect(Number(r.aum_12m_ago)).toBe(100_000);
    expect(r.value_tier).toBe('vip');
    expect(rows.get('LEAP')!.value_tier).toBe('potential');
    expect(rows.get('PAY')!.value_tier).toBe('long_tail');
  });

  it('lifecycle: prospect, new, churned, loyal/active/dormant', () => {
    expect(rows.get('PROS')!.lifecycle_stage).toBe('prospect');
    expect(rows.get('NEW')!.lifecycle_stage).toBe('new');
    expect(rows.get('CLOSED')!.lifecycle_stage).toBe('churned');
    expect(rows.get('NOTX')!.lifecycle_stage).toBe('dormant');
    expect(rows.get('WIN')!.lifecycle_stage).toBe('active');
  });

  it('contacts: control arm not counted, last response', () => {
    const r = rows.get('WIN')!;
    expect(Number(r.contact_count)).toBe(2);
    expect(Number(r.contact_count_12m)).toBe(1);
    expect(Number(r.response_count)).toBe(1);
    expect(r.last_response).toBe('no_response');
    expect(r.last_campaign_id).toBe('C2');
  });

  it('keeps the source columns the model does not know, and tenure', () => {
    const r = rows.get('LEAP')!;
    expect(r.vip_note).toBe('note-a');
    expect(r.branch_id).toBe('B1');
    expect(Number(r.tenure_months)).toBe(77);
    for (const c of ['rfm_recency', 'rfm_frequency', 'rfm_monetary']) expect(Number(r[c])).toBeGreaterThanOrEqual(1);
  });
});
