/**
 * The SQL of customer_profile, step by step, written once for the engine and for exported
 * warehouse SQL (src/engine/sql/dialect.ts says what differs). Each step is a SELECT: the engine stores it
 * as a temporary table, exported SQL names it as a CTE. Nothing reads the wall clock: the as-of
 * date comes from the dialect. Missing optional tables or columns become NULL / empty inputs, so a
 * workspace with only `customers` still gets a profile.
 */
import {
  ACTIVITY_MASK_MONTHS,
  BANK_POSTING_TYPES,
  BASE_CURRENCY,
  CHANNELS,
  CLOSED_ACCOUNT_STATUS,
  DEPOSIT_PRODUCTS,
  LOAN_PRODUCTS,
  OWN_BANK_NAMES,
  PAYROLL_OUTFLOW_DAYS,
  PAYROLL_WINDOW_MONTHS,
  PRODUCT_TYPES,
  TXN_TYPES,
  WEALTH_PRODUCTS,
  WINDOWS_MONTHS,
} from './profile-lists';
import type { Dialect } from '../sql/dialect';

/** Which source tables exist, with their column names. */
export type SourceShape = Record<string, Set<string> | undefined>;

/** One step of the build: its name (temporary table or CTE) and its SELECT. */
export interface ProfileStep {
  name: string;
  sql: string;
}

const list = (d: Dialect, values: readonly string[]) => values.map(d.constantText).join(', ');

function column(d: Dialect, shape: SourceShape, table: string, name: string, type: string): string {
  return shape[table]?.has(name) ? d.ident(name) : `CAST(NULL AS ${d.type(type)})`;
}

/**
 * One source table reduced to the canonical columns the profile needs (NULL where the data lacks
 * one), or an empty relation of that shape when the table is missing; aliased `src`.
 */
export function sourceSql(d: Dialect, shape: SourceShape, table: string, columns: Array<[string, string]>): string {
  const select = columns.map(([name, type]) => `CAST(${column(d, shape, table, name, type)} AS ${d.type(type)}) AS ${d.ident(name)}`).join(', ');
  if (!shape[table]) return `(SELECT ${select} WHERE FALSE) src`;
  return `(SELECT ${select} FROM ${d.table(table)}) src`;
}

const customerInitiated = (d: Dialect) => `coalesce(txn_type, '') NOT IN (${list(d, BANK_POSTING_TYPES)})`;
/** Deposit (credit cash, transfer in, payroll) or withdrawal (debit cash): what keeps a customer valid. */
const ACCOUNT_ACTIVITY = `((direction = 'credit' AND txn_type IN ('cash', 'transfer', 'payroll')) OR (direction = 'debit' AND txn_type = 'cash'))`;
const toOtherBank = (d: Dialect) =>
  `(direction = 'debit' AND txn_type = 'transfer' AND counterparty_bank IS NOT NULL AND counterparty_bank NOT IN (${list(d, OWN_BANK_NAMES)}))`;

/** Full years at the as-of date; a 29 February birthday is reached on 1 March in common years. */
export function ageSql(d: Dialect, birth: string): string {
  const part = (p: string, e: string) => `EXTRACT(${p} FROM ${e})`;
  const monthDay = (e: string) => `(${part('MONTH', e)} * 100 + ${part('DAY', e)})`;
  return `(${part('YEAR', d.asOf)} - ${part('YEAR', birth)} - CASE WHEN ${monthDay(d.asOf)} < ${monthDay(birth)} THEN 1 ELSE 0 END)`;
}

/** Step 1: customers on the books at the as-of date, with age and tenure. */
export function baseStep(d: Dialect, shape: SourceShape): ProfileStep {
  const birth = `CAST(${column(d, shape, 'customers', 'birth_date', 'DATE')} AS DATE)`;
  const onboard = `CAST(${column(d, shape, 'customers', 'onboard_date', 'DATE')} AS DATE)`;
  return {
    name: '_p_base',
    sql: `SELECT customer_id,
  CAST(${ageSql(d, birth)} AS INTEGER) AS age,
  ${onboard} AS onboard_date_at,
  CAST(${d.monthsSince(onboard)} AS INTEGER) AS tenure_months
FROM ${d.table('customers')}
WHERE customer_id IS NOT NULL AND (${onboard} IS NULL OR ${onboard} <= ${d.asOf})`,
  };
}

/** Step 2: accounts open at the as-of date, product flags and CNY balances per product type. */
export function accountsStep(d: Dialect, shape: SourceShape): ProfileStep {
  const src = sourceSql(d, shape, 'accounts', [
    ['customer_id', 'VARCHAR'], ['product_type', 'VARCHAR'], ['open_date', 'DATE'], ['close_date', 'DATE'],
    ['status', 'VARCHAR'], ['currency', 'VARCHAR'], ['balance', 'DECIMAL(18,2)'],
  ]);
  // Closed only on evidence: a close date on or before the as-of date, or (without a close date)
  // the closed status. No status and no close date is an open account, never an unknown one.
  const closedStatus = `coalesce(lower(trim(status)) = ${d.constantText(CLOSED_ACCOUNT_STATUS)}, false)`;
  const isOpen = `NOT ((close_date IS NOT NULL AND close_date <= ${d.asOf}) OR (close_date IS NULL AND ${closedStatus}))`;
  const base = d.constantText(BASE_CURRENCY);
  const perType = PRODUCT_TYPES.flatMap((type) => [
    `bool_or(is_open AND product_type = ${d.constantText(type)}) AS holds_${type}`,
    `coalesce(${d.aggregateWhere('sum', 'balance', `is_open AND is_cny AND product_type = ${d.constantText(type)}`)}, 0) AS balance_${type}`,
  ]);
  const sumOf = (types: readonly string[]) => `coalesce(${d.aggregateWhere('sum', 'balance', `is_open AND is_cny AND product_type IN (${list(d, types)})`)}, 0)`;
  return {
    name: '_p_acc',
    sql: `SELECT customer_id,
  count(*) AS account_count,
  ${d.aggregateWhere('count', '*', 'is_open')} AS open_account_count,
  ${d.countDistinctWhere('product_type', 'is_open')} AS product_count,
  ${d.countDistinctWhere(`coalesce(currency, ${base})`, 'is_open')} AS currency_count,
  coalesce(bool_or(is_open AND NOT is_cny), false) AS holds_foreign_currency,
  min(open_date) AS first_account_date,
  ${perType.join(',\n  ')},
  ${sumOf(DEPOSIT_PRODUCTS)} AS acc_deposit, ${sumOf(WEALTH_PRODUCTS)} AS acc_wealth, ${sumOf(LOAN_PRODUCTS)} AS acc_loan
FROM (SELECT src.*, ${isOpen} AS is_open, coalesce(currency, ${base}) = ${base} AS is_cny FROM ${src} WHERE open_date IS NULL OR open_date <= ${d.asOf}) acc
GROUP BY customer_id`,
  };
}

/** Step 3: monthly AUM — the as-of month, and averages over the last 3 and 12 months present. */
export function balancesStep(d: Dialect, shape: SourceShape): ProfileStep {
  const has = (name: string) => shape.balances?.has(name) ?? false;
  const extra = ['deposit', 'wealth', 'loan'].filter(has);
  const src = sourceSql(d, shape, 'balances', [['customer_id', 'VARCHAR'], ['month', 'DATE'], ['aum', 'DECIMAL(18,2)'], ...extra.map((n): [string, string] => [n, 'DECIMAL(18,2)'])]);
  const month = d.ident('month');
  const latest = (name: string) => `${d.aggregateWhere('max', d.ident(name), `${month} = ${d.monthStart(0)}`)} AS bal_${name}`;
  return {
    name: '_p_bal',
    sql: `SELECT customer_id,
  ${d.aggregateWhere('max', 'aum', `${month} = ${d.monthStart(0)}`)} AS aum_latest,
  CAST(${d.aggregateWhere('avg', 'aum', `${month} > ${d.monthStart(3)}`)} AS DECIMAL(18,2)) AS aum_avg_3m,
  CAST(${d.aggregateWhere('avg', 'aum', `${month} > ${d.monthStart(12)}`)} AS DECIMAL(18,2)) AS aum_avg_12m,
  ${d.aggregateWhere('max', 'aum', `${month} = ${d.monthStart(3)}`)} AS aum_3m_ago,
  ${d.aggregateWhere('max', 'aum', `${month} = ${d.monthStart(12)}`)} AS aum_12m_ago${extra.map((n) => `,\n  ${latest(n)}`).join('')}
FROM ${src}
WHERE ${month} <= ${d.monthStart(0)} AND ${month} >= ${d.monthStart(12)}
GROUP BY customer_id`,
  };
}

export const TXN_COLUMNS: Array<[string, string]> = [
  ['customer_id', 'VARCHAR'], ['ts', 'TIMESTAMP'], ['amount', 'DECIMAL(18,2)'], ['direction', 'VARCHAR'],
  ['txn_type', 'VARCHAR'], ['channel', 'VARCHAR'], ['counterparty_bank', 'VARCHAR'],
];

/**
 * Step 4: one pass over the transactions up to the as-of date: counts and amounts per window, per
 * channel and per type, last activity, the month-by-month activity mask (bit k: a customer-initiated
 * transaction with as_of − (k+1) months < ts ≤ as_of − k months), transfers to other banks and the
 * quarter-end share of inflows.
 */
export function transactionsStep(d: Dialect, shape: SourceShape): ProfileStep {
  const src = sourceSql(d, shape, 'transactions', TXN_COLUMNS);
  const since12 = d.monthsBefore(12);
  const w = d.aggregateWhere;
  const otherBank = toOtherBank(d);
  const double = d.type('DOUBLE');
  const aggregates: string[] = [
    `${w('max', 'ts', 'ci')} AS last_activity_ts`,
    `${w('min', 'ts', 'ci')} AS first_activity_ts`,
    `${w('max', 'ts', ACCOUNT_ACTIVITY)} AS last_account_activity_ts`,
    `${d.activityMask('ci', ACTIVITY_MASK_MONTHS)} AS activity_month_mask`,
  ];
  const active12 = d.activeMonths12Aggregate('ci', ACTIVITY_MASK_MONTHS);
  if (active12) aggregates.push(`${active12} AS active_months_12m`);
  for (const n of WINDOWS_MONTHS) {
    const inWindow = `ci AND ts > ${d.monthsBefore(n)}`;
    aggregates.push(
      `${w('count', '*', inWindow)} AS txn_count_${n}m`,
      `coalesce(${w('sum', 'amount', `${inWindow} AND direction = 'credit'`)}, 0) AS amount_in_${n}m`,
      `coalesce(${w('sum', 'amount', `${inWindow} AND direction = 'debit'`)}, 0) AS amount_out_${n}m`,
    );
  }
  for (const channel of CHANNELS) aggregates.push(`${w('count', '*', `ci AND ts > ${since12} AND channel = ${d.constantText(channel)}`)} AS txn_count_12m_${channel}`);
  for (const type of TXN_TYPES) {
    const ofType = `ts > ${since12} AND txn_type = ${d.constantText(type)}`;
    aggregates.push(`${w('count', '*', ofType)} AS txn_count_12m_${type}`, `coalesce(${w('sum', 'amount', ofType)}, 0) AS amount_12m_${type}`);
  }
  const inflow = `ts > ${since12} AND direction = 'credit' AND ci AND txn_type <> 'payroll'`;
  const monthKey = `(EXTRACT(YEAR FROM ts) * 100 + EXTRACT(MONTH FROM ts))`;
  aggregates.push(
    `${w('count', '*', `ts > ${since12} AND ${otherBank}`)} AS transfers_out_other_bank_12m`,
    `coalesce(${w('sum', 'amount', `ts > ${since12} AND ${otherBank}`)}, 0) AS amount_out_other_bank_12m`,
    `${d.countDistinctWhere(monthKey, `ts > ${since12} AND txn_type = 'payroll' AND direction = 'credit'`)} AS payroll_months_12m`,
    `CAST(${w('sum', 'amount', `${inflow} AND EXTRACT(MONTH FROM ts) IN (3, 6, 9, 12)`)} AS ${double})
      / nullif(CAST(${w('sum', 'amount', inflow)} AS ${double}), 0) AS quarter_end_inflow_share`,
  );
  return {
    name: '_p_txn',
    sql: `SELECT customer_id,
  ${aggregates.join(',\n  ')}
FROM (
  SELECT src.*, ${customerInitiated(d)} AS ci${d.txnRowColumns()}
  FROM ${src} WHERE ts < ${d.asOfEnd} AND customer_id IS NOT NULL) txn
GROUP BY customer_id`,
  };
}

/**
 * Step 5: payroll outflow — over the salary credits of the last 12 months, the transfers debited to
 * another bank within 7 days after each credit (p.ts < d.ts ≤ p.ts + 7 days) ÷ the payroll credited
 * (the demo truth's definition). A transfer after two credits counts for both.
 */
export function payrollStep(d: Dialect, shape: SourceShape): ProfileStep {
  const src = sourceSql(d, shape, 'transactions', TXN_COLUMNS);
  const since = d.monthsBefore(PAYROLL_WINDOW_MONTHS);
  const upTo = `ts < ${d.asOfEnd} AND ts > ${since}`;
  return {
    name: '_p_pay',
    sql: `SELECT customer_id, true AS payroll_flag, count(*) AS payroll_credits_12m, sum(amount) AS payroll_amount_12m,
  CAST(sum(moved) / nullif(sum(amount), 0) AS ${d.type('DOUBLE')}) AS payroll_outflow_ratio
FROM (
  SELECT p.customer_id, p.k, max(p.amount) AS amount, coalesce(sum(o.amount), 0) AS moved
  FROM (SELECT customer_id, ts, amount, row_number() OVER (ORDER BY customer_id, ts) AS k FROM ${src}
        WHERE ${upTo} AND txn_type = 'payroll' AND direction = 'credit') p
  LEFT JOIN (SELECT customer_id, ts, amount FROM ${src} WHERE ${upTo} AND ${toOtherBank(d)}) o
    ON o.customer_id = p.customer_id AND o.ts > p.ts AND o.ts <= p.ts + INTERVAL '${PAYROLL_OUTFLOW_DAYS}' DAY
  GROUP BY p.customer_id, p.k) moved
GROUP BY customer_id`,
  };
}

/** Step 6: campaign contacts (the control arm is recorded, not contacted, so it is not counted). */
export function contactsStep(d: Dialect, shape: SourceShape): ProfileStep {
  const src = sourceSql(d, shape, 'contacts', [
    ['customer_id', 'VARCHAR'], ['campaign_id', 'VARCHAR'], ['contact_ts', 'TIMESTAMP'], ['arm', 'VARCHAR'],
    ['responded', 'BOOLEAN'], ['response_ts', 'TIMESTAMP'], ['outcome', 'VARCHAR'],
  ]);
  const responded = `responded AND (response_ts IS NULL OR response_ts < ${d.asOfEnd})`;
  return {
    name: '_p_ct',
    sql: `SELECT customer_id,
  count(*) AS contact_count,
  ${d.aggregateWhere('count', '*', `contact_ts > ${d.monthsBefore(12)}`)} AS contact_count_12m,
  ${d.aggregateWhere('count', '*', responded)} AS response_count,
  max(contact_ts) AS last_contact_ts,
  ${d.argMax('campaign_id', 'contact_ts')} AS last_campaign_id,
  ${d.argMax(`CASE WHEN ${responded} THEN coalesce(outcome, 'responded') ELSE 'no_response' END`, 'contact_ts')} AS last_response
FROM ${src}
WHERE contact_ts < ${d.asOfEnd} AND coalesce(arm, '') <> 'control'
GROUP BY customer_id`,
  };
}

/** Steps 1–6, in order. */
export function profileSteps(d: Dialect, shape: SourceShape): ProfileStep[] {
  return [baseStep(d, shape), accountsStep(d, shape), balancesStep(d, shape), transactionsStep(d, shape), payrollStep(d, shape), contactsStep(d, shape)];
}

/**
 * The profile columns that rank a customer among all the others (the RFM quintiles): the only
 * ones a profile of some customers computes differently from the whole base's.
 */
export const CROSS_CUSTOMER_COLUMNS: readonly string[] = ['rfm_recency', 'rfm_frequency', 'rfm_monetary'];

const quintile = (d: Dialect, expr: string, order: 'ASC' | 'DESC') =>
  `CAST(least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY ${expr} ${order} NULLS FIRST))) AS ${d.type('TINYINT')})`;

/**
 * The profile itself from the steps: the customers' own columns, the derived ones and the RFM
 * quintiles (the rules' columns come after, from rule-sql.ts).
 */
/** The bank's usual age bands (18-29, 30-44, 45-59, 60+), for breakdowns of funnels and churn. */
function ageBandSql(d: Dialect, age: string): string {
  const band = (text: string) => d.constantText(text);
  return `CASE WHEN ${age} IS NULL THEN NULL WHEN ${age} < 30 THEN ${band('18-29')} WHEN ${age} < 45 THEN ${band('30-44')} WHEN ${age} < 60 THEN ${band('45-59')} ELSE ${band('60+')} END`;
}

export function assembleSql(d: Dialect, shape: SourceShape, customerColumns: string[]): string {
  const fromAcc = PRODUCT_TYPES.flatMap((t) => [`coalesce(a.holds_${t}, false) AS holds_${t}`, `coalesce(a.balance_${t}, 0) AS balance_${t}`]);
  const txnZero = [
    ...WINDOWS_MONTHS.flatMap((n) => [`txn_count_${n}m`, `amount_in_${n}m`, `amount_out_${n}m`]),
    ...CHANNELS.map((c) => `txn_count_12m_${c}`),
    ...TXN_TYPES.flatMap((t) => [`txn_count_12m_${t}`, `amount_12m_${t}`]),
    'transfers_out_other_bank_12m', 'amount_out_other_bank_12m', 'activity_month_mask',
  ].map((c) => `coalesce(t.${c}, 0) AS ${c}`);
  const balance = (name: string, fallback: string) => (shape.balances?.has(name) ? `coalesce(b.bal_${name}, 0)` : `coalesce(a.${fallback}, 0)`);
  const aum = shape.balances ? 'coalesce(b.aum_latest, 0)' : 'coalesce(a.acc_deposit, 0) + coalesce(a.acc_wealth, 0)';
  const money = 'DECIMAL(18,2)';
  // Customer columns the profile computes itself are not copied twice.
  const derivedNames = new Set(['age', 'tenure_months']);
  const own = customerColumns.filter((c) => !derivedNames.has(c)).map((c) => `c.${d.ident(c)}`);
  return `SELECT x.*,
  ${quintile(d, 'days_since_last_activity', 'DESC')} AS rfm_recency,
  ${quintile(d, 'txn_count_12m', 'ASC')} AS rfm_frequency,
  ${quintile(d, 'amount_in_12m + amount_out_12m', 'ASC')} AS rfm_monetary
FROM (
SELECT ${own.join(', ')},
  base.age, ${ageBandSql(d, 'base.age')} AS age_band, base.onboard_date_at, base.tenure_months, CAST(floor(base.tenure_months / 12.0) AS INTEGER) AS tenure_years,
  CAST(${aum} AS ${money}) AS aum_latest,
  ${shape.balances ? 'coalesce(b.aum_avg_3m, 0)' : aum} AS aum_avg_3m,
  ${shape.balances ? 'coalesce(b.aum_avg_12m, 0)' : aum} AS aum_avg_12m,
  ${shape.balances ? 'b.aum_3m_ago' : `CAST(NULL AS ${money})`} AS aum_3m_ago,
  ${shape.balances ? 'b.aum_12m_ago' : `CAST(NULL AS ${money})`} AS aum_12m_ago,
  CAST(${balance('deposit', 'acc_deposit')} AS ${money}) AS deposit_balance,
  CAST(${balance('wealth', 'acc_wealth')} AS ${money}) AS wealth_balance,
  CAST(${balance('loan', 'acc_loan')} AS ${money}) AS loan_balance,
  coalesce(a.account_count, 0) AS account_count, coalesce(a.open_account_count, 0) AS open_account_count,
  coalesce(a.product_count, 0) AS product_count, coalesce(a.currency_count, 0) AS currency_count,
  coalesce(a.holds_foreign_currency, false) AS holds_foreign_currency, a.first_account_date,
  ${fromAcc.join(', ')},
  ${txnZero.join(', ')},
  t.last_activity_ts, CAST(t.last_activity_ts AS DATE) AS last_activity_date,
  CAST(${d.daysSince('CAST(t.last_activity_ts AS DATE)')} AS INTEGER) AS days_since_last_activity,
  t.first_activity_ts, t.last_account_activity_ts,
  ${d.activeMonths12()} AS active_months_12m,
  t.quarter_end_inflow_share,
  coalesce(p.payroll_flag, false) AS payroll_flag, coalesce(p.payroll_credits_12m, 0) AS payroll_credits_12m,
  coalesce(p.payroll_amount_12m, 0) AS payroll_amount_12m,
  CAST(p.payroll_amount_12m / nullif(t.payroll_months_12m, 0) AS ${money}) AS payroll_monthly_amount,
  p.payroll_outflow_ratio,
  coalesce(ct.contact_count, 0) AS contact_count, coalesce(ct.contact_count_12m, 0) AS contact_count_12m,
  coalesce(ct.response_count, 0) AS response_count, ct.last_contact_ts, ct.last_campaign_id, ct.last_response
FROM _p_base base
JOIN ${d.table('customers')} c ON c.customer_id = base.customer_id
LEFT JOIN _p_acc a ON a.customer_id = base.customer_id
LEFT JOIN _p_bal b ON b.customer_id = base.customer_id
LEFT JOIN _p_txn t ON t.customer_id = base.customer_id
LEFT JOIN _p_pay p ON p.customer_id = base.customer_id
LEFT JOIN _p_ct ct ON ct.customer_id = base.customer_id
) x`;
}

/** The columns the rules write, after the assembled ones (rule-sql.ts computes them). */
export const RULE_COLUMNS: Array<[string, string]> = [['is_invalid', 'BOOLEAN'], ['is_dormant', 'BOOLEAN'], ['value_tier', 'VARCHAR'], ['lifecycle_stage', 'VARCHAR']];

export const PROFILE_TEMP_TABLES = ['_p_base', '_p_acc', '_p_bal', '_p_txn', '_p_pay', '_p_ct'];
