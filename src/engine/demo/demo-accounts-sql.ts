/**
 * Accounts from the customer plan: one account per planned product slot plus the extra debit cards
 * (mostly empty: salary cards of old employers, gift cards) that make ~70 % of accounts hold ≤ 100
 * yuan. A churned customer's accounts all close on the churn date with a zero balance.
 */
import { DEMO_PARAMS } from './demo-params';
import type { DemoCalendar } from './demo-calendar';
import { normal, sqlNumber, uniform } from './demo-random-sql';
import { dateLiteral } from '../sql/literals';

interface Slot {
  slot: number;
  productType: string;
  /** Card-number-like prefix: UnionPay debit (6217…), credit (6259…), internal ledgers for the rest. */
  prefix: string;
  balanceColumn: string;
  currency: 'CNY' | 'USD';
}

const SLOTS: Slot[] = [
  { slot: 1, productType: 'current', prefix: '6217', balanceColumn: 'bal_current', currency: 'CNY' },
  { slot: 2, productType: 'savings', prefix: '6218', balanceColumn: 'bal_savings', currency: 'CNY' },
  { slot: 3, productType: 'time_deposit', prefix: '1001', balanceColumn: 'bal_time_deposit', currency: 'CNY' },
  { slot: 4, productType: 'wealth', prefix: '2001', balanceColumn: 'bal_wealth', currency: 'CNY' },
  { slot: 5, productType: 'fund', prefix: '2002', balanceColumn: 'bal_fund', currency: 'CNY' },
  { slot: 6, productType: 'insurance', prefix: '2003', balanceColumn: 'bal_insurance', currency: 'CNY' },
  { slot: 7, productType: 'current', prefix: '6217', balanceColumn: 'bal_fx_usd', currency: 'USD' },
  { slot: 8, productType: 'loan', prefix: '3001', balanceColumn: 'bal_loan', currency: 'CNY' },
  { slot: 9, productType: 'credit_card', prefix: '6259', balanceColumn: 'bal_credit_card', currency: 'CNY' },
];

/** First slot number of the extra debit cards (slot = EXTRA_SLOT_BASE + k). */
export const EXTRA_SLOT_BASE = 20;

/**
 * 16 digits: 4-digit prefix, 10-digit customer number, 2-digit slot. Built arithmetically because
 * string padding of tens of millions of ids is several times slower than one integer cast.
 */
export function accountId(prefix: string, slot: string): string {
  return `(${prefix}000000000000 + i * 100 + (${slot}))::VARCHAR`;
}

/** demo_accounts: every account with its planned (pre-churn) balance, before the public projection. */
export function accountPlanSql(cal: DemoCalendar): string {
  const asOf = dateLiteral(cal.asOf);
  const horizon = `coalesce(churn_date, ${asOf})`;
  const slotSelects = SLOTS.map(
    (s) => `
  SELECT i, customer_id, ${s.slot} AS slot, '${s.productType}' AS product_type, ${accountId(s.prefix, String(s.slot))} AS account_id,
    ${s.slot === 1 ? 'onboard_date' : `onboard_date + floor(${uniform('open', 'i', String(s.slot))} * (${horizon} - onboard_date))::INTEGER`} AS open_date,
    churn_date AS close_date, '${s.currency}' AS currency, ${s.balanceColumn} AS planned_balance
  FROM demo_customer_plan WHERE ${s.balanceColumn} IS NOT NULL`,
  );
  const extras = `
  SELECT i, customer_id, slot, product_type, account_id, open_date,
    -- 30 % of the extra cards were closed by the customer at some point; the rest just sit there.
    CASE WHEN ${uniform('extra_closed', 'i', 'slot')} < 0.3
         THEN least(${horizon}, open_date + floor(${uniform('extra_close_at', 'i', 'slot')} * (${horizon} - open_date))::INTEGER + 1)
         ELSE churn_date END AS close_date,
    currency, planned_balance
  FROM (
    SELECT i, customer_id, churn_date, ${EXTRA_SLOT_BASE} + k AS slot, 'current' AS product_type,
      ${accountId('6217', `${EXTRA_SLOT_BASE} + k`)} AS account_id,
      onboard_date + floor(${uniform('open', 'i', `${EXTRA_SLOT_BASE} + k`)} * (${horizon} - onboard_date))::INTEGER AS open_date,
      'CNY' AS currency,
      CASE WHEN ${uniform('extra_bal', 'i', 'k')} < 0.45 THEN 0
           WHEN ${uniform('extra_bal', 'i', 'k')} < 0.93 THEN round(${uniform('extra_amt', 'i', 'k')} * 100, 2)
           ELSE round(exp(ln(500) + ${normal('extra_big', 'i', 'k')}), 2) END::DECIMAL(18,2) AS planned_balance
    FROM demo_customer_plan, range(n_extra) e(k))`;
  return `
CREATE OR REPLACE TEMP TABLE demo_accounts AS
SELECT *, CASE WHEN close_date IS NOT NULL THEN 0 ELSE planned_balance END::DECIMAL(18,2) AS balance
FROM (${[...slotSelects, extras].join('\n  UNION ALL')})`;
}

/** The public accounts table. */
export function accountsTableSql(): string {
  const small = sqlNumber(DEMO_PARAMS.smallBalanceMax);
  return `
CREATE OR REPLACE TABLE accounts AS
SELECT account_id, customer_id, product_type, open_date, close_date,
  CASE WHEN close_date IS NOT NULL THEN 'closed'
       -- 久悬户: an idle extra card with almost nothing on it is flagged dormant by the bank.
       WHEN slot >= ${EXTRA_SLOT_BASE} AND balance <= ${small} THEN 'dormant'
       ELSE 'active' END AS status,
  currency, balance
FROM demo_accounts`;
}
