/**
 * Transactions, one INSERT per kind so each reports its own progress: payroll credits and the
 * planted salary outflow, customer-initiated activity, and the bank's own postings (interest, fees)
 * which are NOT customer activity for the dormant rule. Closing transfers mark churn.
 */
import { DEMO_PARAMS, OTHER_BANKS, OWN_BANK } from './demo-params';
import { monthStart, type DemoCalendar } from './demo-calendar';
import { EXTRA_SLOT_BASE, accountId } from './demo-accounts-sql';
import { normal, pickText, pickUniform, sqlNumber, uniform } from './demo-random-sql';
import { dateLiteral, sqlStringLiteral } from '../sql/literals';

const MAIN_ACCOUNT = accountId('6217', '1');
const CREDIT_CARD_ACCOUNT = accountId('6259', '9');
const FIRST_EXTRA_ACCOUNT = accountId('6217', String(EXTRA_SLOT_BASE));

/** Leading digit of txn_id: which generator made the posting. */
const TXN_KIND = { payroll: 1, outflow: 2, discretionary: 3, interest: 4, fee: 5, closing: 6 } as const;

/** txn_id: 16 digits = kind, 10-digit customer number, 5-digit sequence; stable for a seed. */
function txnId(kind: keyof typeof TXN_KIND, sequence: string): string {
  return `(${TXN_KIND[kind]}000000000000000 + i * 100000 + (${sequence}))::VARCHAR`;
}

export function createTransactionsSql(): string {
  return `
CREATE OR REPLACE TABLE transactions (
  txn_id VARCHAR, account_id VARCHAR, customer_id VARCHAR, ts TIMESTAMP, amount DECIMAL(18,2),
  direction VARCHAR, txn_type VARCHAR, channel VARCHAR, counterparty_bank VARCHAR)`;
}

/** demo_payroll: every salary credit (kept to derive the outflow transfers from). */
export function payrollPlanSql(cal: DemoCalendar): string {
  const first = dateLiteral(cal.firstMonth);
  return `
CREATE OR REPLACE TEMP TABLE demo_payroll AS
SELECT i, customer_id, m, is_outflow, other_bank,
  ((${first} + to_months(m::INTEGER))::DATE + (payday - 1))::TIMESTAMP + INTERVAL 9 HOUR
    + to_minutes(floor(${uniform('pay_time', 'i', 'm')} * 120)::BIGINT) AS ts,
  round(salary_level * (1 + 0.04 * ${normal('pay_amount', 'i', 'm')}), 2)::DECIMAL(18,2) AS amount
FROM demo_customer_plan, range(first_pay_month, last_pay_month + 1) r(m)
WHERE is_payroll`;
}

export function insertPayrollSql(): string {
  return `
INSERT INTO transactions
SELECT ${txnId('payroll', 'm')}, ${MAIN_ACCOUNT}, customer_id, ts, amount, 'credit', 'payroll', 'online', ${sqlStringLiteral(OWN_BANK)}
FROM demo_payroll`;
}

/**
 * The planted outflow: one or two transfers to the customer's other bank, 1 hour to 5 days after
 * the salary, moving 85–98 % of it (the rule looks 7 days ahead for ≥ 80 %).
 */
export function insertOutflowSql(): string {
  const [low, high] = DEMO_PARAMS.payroll.outflowMoved;
  return `
INSERT INTO transactions
WITH moved AS (
  SELECT *, round(amount * (${sqlNumber(low)} + ${sqlNumber(high - low)} * ${uniform('out_share', 'i', 'm')}), 2) AS total,
    CASE WHEN ${uniform('out_split', 'i', 'm')} < 0.4 THEN 2 ELSE 1 END AS parts
  FROM demo_payroll WHERE is_outflow
)
SELECT ${txnId('outflow', 'm * 10 + j')}, ${MAIN_ACCOUNT}, customer_id,
  ts + INTERVAL 1 HOUR + to_minutes(floor(${uniform('out_delay', 'i', 'm', 'j')} * 5 * 1440)::BIGINT),
  (CASE WHEN parts = 1 THEN total WHEN j = 0 THEN round(total * 0.6, 2) ELSE total - round(total * 0.6, 2) END)::DECIMAL(18,2),
  'debit', 'transfer', CASE WHEN ${uniform('out_channel', 'i', 'm', 'j')} < 0.8 THEN 'mobile' ELSE 'online' END, other_bank
FROM moved, range(parts) r(j)`;
}

/** Customer-initiated activity: consumption, transfers in and out, cash; stops at churn or quiet date. */
export function insertDiscretionarySql(cal: DemoCalendar): string {
  const first = dateLiteral(cal.firstMonth);
  const end = `(${dateLiteral(cal.asOf)} + 1)`;
  const windowDays = `(${end} - ${first})`;
  const kind = uniform('d_kind', 'i', 'k');
  const dir = uniform('d_dir', 'i', 'k');
  return `
INSERT INTO transactions
WITH active AS (
  SELECT i, customer_id, other_bank, bal_credit_card IS NOT NULL AS has_cc,
    pow((aum_planned + 2000) / 20000, 0.3) AS wealth_factor,
    greatest(onboard_date, ${first})::TIMESTAMP AS act_start,
    least(coalesce(churn_date, ${end}), coalesce(quiet_date, ${end}), ${end})::TIMESTAMP AS act_end,
    activity_rate
  FROM demo_customer_plan WHERE NOT is_zombie
), counted AS (
  SELECT *, epoch(act_end - act_start)::BIGINT AS span_s,
    CASE WHEN act_end <= act_start THEN 0
         ELSE floor(activity_rate * $disc_per_customer * (epoch(act_end - act_start) / 86400) / ${windowDays} + ${uniform('d_count', 'i')})
    END::BIGINT AS n
  FROM active
), drawn AS (
  SELECT i, customer_id, k, other_bank, has_cc, wealth_factor,
    make_timestamp(epoch_us(act_start) + floor(${uniform('d_ts', 'i', 'k')} * span_s)::BIGINT * 1000000) AS ts,
    CASE WHEN ${kind} < 0.55 THEN 'consumption' WHEN ${kind} < 0.8 THEN 'transfer' ELSE 'cash' END AS txn_type,
    ${dir} AS u_dir, ${uniform('d_channel', 'i', 'k')} AS u_channel, ${normal('d_amount', 'i', 'k')} AS z_amount
  FROM counted, range(n) r(k)
)
SELECT ${txnId('discretionary', 'k')},
  CASE WHEN txn_type = 'consumption' AND has_cc AND ${uniform('d_account', 'i', 'k')} < 0.5 THEN ${CREDIT_CARD_ACCOUNT} ELSE ${MAIN_ACCOUNT} END,
  customer_id, ts,
  greatest(0.01, CASE txn_type
    WHEN 'consumption' THEN round(exp(ln(120) + 1.1 * z_amount) * wealth_factor, 2)
    WHEN 'transfer' THEN round(exp(ln(2000) + 1.2 * z_amount) * wealth_factor, 2)
    ELSE greatest(100, round(exp(ln(800) + 0.8 * z_amount) * wealth_factor / 100) * 100) END)::DECIMAL(18,2),
  CASE txn_type WHEN 'consumption' THEN 'debit' WHEN 'transfer' THEN CASE WHEN u_dir < 0.55 THEN 'debit' ELSE 'credit' END
       ELSE CASE WHEN u_dir < 0.6 THEN 'debit' ELSE 'credit' END END,
  txn_type,
  CASE txn_type WHEN 'consumption' THEN ${pickText('u_channel', [['pos', 45], ['mobile', 40], ['online', 15]])}
       WHEN 'transfer' THEN ${pickText('u_channel', [['mobile', 70], ['online', 20], ['counter', 10]])}
       ELSE ${pickText('u_channel', [['atm', 75], ['counter', 25]])} END,
  CASE WHEN txn_type <> 'transfer' THEN NULL
       WHEN ${uniform('d_bank', 'i', 'k')} < 0.6 THEN ${pickUniform(uniform('d_bank_name', 'i', 'k'), OTHER_BANKS)}
       ELSE ${sqlStringLiteral(OWN_BANK)} END
FROM drawn`;
}

/** Dates (ISO) in the window for a month/day pattern, e.g. the 21st of quarter-end months. */
function datesInWindow(cal: DemoCalendar, day: number, monthFilter: (month: number) => boolean): string[] {
  const out: string[] = [];
  for (let m = 0; m < cal.months; m++) {
    const start = monthStart(cal, m);
    const month = Number(start.slice(5, 7));
    if (monthFilter(month)) out.push(`${start.slice(0, 8)}${String(day).padStart(2, '0')}`);
  }
  return out;
}

/**
 * The bank's own postings: quarterly interest on the 21st of Mar/Jun/Sep/Dec (Chinese banks settle
 * demand-deposit interest on the 20th of the quarter's last month), and the annual small-account fee
 * on 30 June, charged to the first extra card. Neither counts as customer activity.
 */
export function insertBankPostingsSql(cal: DemoCalendar): string {
  const interestDates = datesInWindow(cal, 21, (month) => month % 3 === 0);
  const feeDates = datesInWindow(cal, 30, (month) => month === 6);
  const values = (dates: string[]) => (dates.length === 0 ? `(SELECT NULL::DATE AS d WHERE false)` : `(VALUES ${dates.map((d) => `(${dateLiteral(d)})`).join(', ')}) v(d)`);
  return `
INSERT INTO transactions
SELECT ${txnId('interest', "strftime(d, '%y%m')::INTEGER")}, ${MAIN_ACCOUNT}, p.customer_id, d + INTERVAL 3 HOUR,
  greatest(0.01, round(t.deposit_planned * 0.0035 / 4 * (1 + 0.1 * ${normal('interest', 'i', 'd')}), 2))::DECIMAL(18,2),
  'credit', 'interest', 'system', NULL
FROM demo_customer_plan p JOIN demo_customer_totals t USING (i), ${values(interestDates)}
WHERE t.deposit_planned >= 10000 AND d > p.onboard_date AND (p.churn_date IS NULL OR d < p.churn_date)
UNION ALL
SELECT ${txnId('fee', "strftime(d, '%y%m')::INTEGER")}, ${FIRST_EXTRA_ACCOUNT}, customer_id, d + INTERVAL 2 HOUR, 10.00::DECIMAL(18,2),
  'debit', 'fee', 'system', NULL
FROM demo_customer_plan, ${values(feeDates)}
WHERE n_extra > 0 AND d > onboard_date AND (churn_date IS NULL OR d < churn_date)`;
}

/** On the churn date the customer moves what was left to another bank, at the counter. */
export function insertClosingTransfersSql(): string {
  const last = DEMO_PARAMS.churnDrain[DEMO_PARAMS.churnDrain.length - 1] ?? 0.1;
  return `
INSERT INTO transactions
SELECT ${txnId('closing', '0')}, ${MAIN_ACCOUNT}, p.customer_id,
  p.churn_date + INTERVAL 10 HOUR + to_minutes(floor(${uniform('close_time', 'i')} * 360)::BIGINT),
  round(t.deposit_planned * ${sqlNumber(last)}, 2)::DECIMAL(18,2), 'debit', 'transfer', 'counter', p.other_bank
FROM demo_customer_plan p JOIN demo_customer_totals t USING (i)
WHERE p.churn_date IS NOT NULL AND t.deposit_planned * ${sqlNumber(last)} >= 0.01`;
}
