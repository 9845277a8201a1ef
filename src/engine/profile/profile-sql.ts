/**
 * The SQL of customer_profile, statement by statement. Every statement reads the as-of date from
 * the bound parameter $as_of; nothing reads the wall clock. Missing optional tables or columns
 * become NULL / empty inputs, so a workspace with only `customers` still gets a profile.
 */
import { quoteIdent } from '../sql/identifiers';
import {
  ACTIVITY_MASK_MONTHS,
  BANK_POSTING_TYPES,
  BASE_CURRENCY,
  CHANNELS,
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

/** Which source tables exist, with their column names. */
export type SourceShape = Record<string, Set<string> | undefined>;

export const AS_OF = 'CAST($as_of AS DATE)';
/** Rows up to the end of the as-of day (timestamps on the as-of date belong to it). */
export const AS_OF_END = `(${AS_OF} + INTERVAL 1 DAY)`;
export const monthsBefore = (n: number | string) => `(${AS_OF} - to_months(${n}))`;

const lit = (value: string) => `'${value.replaceAll("'", "''")}'`;
const list = (values: readonly string[]) => values.map(lit).join(', ');

function column(shape: SourceShape, table: string, name: string, type: string): string {
  return shape[table]?.has(name) ? quoteIdent(name) : `CAST(NULL AS ${type})`;
}

/**
 * One source table reduced to the canonical columns the profile needs (NULL where the data lacks
 * one), or an empty relation of that shape when the table is missing.
 */
export function sourceSql(shape: SourceShape, table: string, columns: Array<[string, string]>): string {
  const select = columns.map(([name, type]) => `CAST(${column(shape, table, name, type)} AS ${type}) AS ${quoteIdent(name)}`).join(', ');
  if (!shape[table]) return `(SELECT ${select} WHERE FALSE)`;
  return `(SELECT ${select} FROM ${quoteIdent(table)})`;
}

const CUSTOMER_INITIATED = `coalesce(txn_type, '') NOT IN (${list(BANK_POSTING_TYPES)})`;
/** Deposit (credit cash, transfer in, payroll) or withdrawal (debit cash): what keeps a customer valid. */
const ACCOUNT_ACTIVITY = `((direction = 'credit' AND txn_type IN ('cash', 'transfer', 'payroll')) OR (direction = 'debit' AND txn_type = 'cash'))`;
const TO_OTHER_BANK = `(direction = 'debit' AND txn_type = 'transfer' AND counterparty_bank IS NOT NULL AND counterparty_bank NOT IN (${list(OWN_BANK_NAMES)}))`;

/** Full years at the as-of date; a 29 February birthday is reached on 1 March in common years. */
export function ageSql(birth: string): string {
  return `(year(${AS_OF}) - year(${birth}) - CASE WHEN (month(${AS_OF}), day(${AS_OF})) < (month(${birth}), day(${birth})) THEN 1 ELSE 0 END)`;
}

/** Step 1: customers on the books at the as-of date, with age and tenure. */
export function baseSql(shape: SourceShape): string {
  const birth = column(shape, 'customers', 'birth_date', 'DATE');
  const onboard = column(shape, 'customers', 'onboard_date', 'DATE');
  return `CREATE TEMP TABLE _p_base AS
SELECT customer_id,
  CAST(${ageSql(`CAST(${birth} AS DATE)`)} AS INTEGER) AS age,
  CAST(${onboard} AS DATE) AS onboard_date_at,
  CAST(date_sub('month', CAST(${onboard} AS DATE), ${AS_OF}) AS INTEGER) AS tenure_months
FROM customers
WHERE customer_id IS NOT NULL AND (${onboard} IS NULL OR CAST(${onboard} AS DATE) <= ${AS_OF})`;
}

/** Step 2: accounts open at the as-of date, product flags and CNY balances per product type. */
export function accountsSql(shape: SourceShape): string {
  const src = sourceSql(shape, 'accounts', [
    ['customer_id', 'VARCHAR'], ['product_type', 'VARCHAR'], ['open_date', 'DATE'], ['close_date', 'DATE'],
    ['status', 'VARCHAR'], ['currency', 'VARCHAR'], ['balance', 'DECIMAL(18,2)'],
  ]);
  const isOpen = `NOT ((close_date IS NOT NULL AND close_date <= ${AS_OF}) OR (close_date IS NULL AND status = 'closed'))`;
  const cny = `coalesce(currency, ${lit(BASE_CURRENCY)}) = ${lit(BASE_CURRENCY)}`;
  const perType = PRODUCT_TYPES.flatMap((type) => [
    `bool_or(is_open AND product_type = ${lit(type)}) AS holds_${type}`,
    `coalesce(sum(balance) FILTER (WHERE is_open AND is_cny AND product_type = ${lit(type)}), 0) AS balance_${type}`,
  ]);
  const sumOf = (types: readonly string[]) => `coalesce(sum(balance) FILTER (WHERE is_open AND is_cny AND product_type IN (${list(types)})), 0)`;
  return `CREATE TEMP TABLE _p_acc AS
SELECT customer_id,
  count(*) AS account_count,
  count(*) FILTER (WHERE is_open) AS open_account_count,
  count(DISTINCT product_type) FILTER (WHERE is_open) AS product_count,
  count(DISTINCT coalesce(currency, ${lit(BASE_CURRENCY)})) FILTER (WHERE is_open) AS currency_count,
  coalesce(bool_or(is_open AND NOT is_cny), false) AS holds_foreign_currency,
  min(open_date) AS first_account_date,
  ${perType.join(',\n  ')},
  ${sumOf(DEPOSIT_PRODUCTS)} AS acc_deposit, ${sumOf(WEALTH_PRODUCTS)} AS acc_wealth, ${sumOf(LOAN_PRODUCTS)} AS acc_loan
FROM (SELECT *, ${isOpen} AS is_open, ${cny} AS is_cny FROM ${src} WHERE open_date IS NULL OR open_date <= ${AS_OF})
GROUP BY customer_id`;
}

/** Step 3: monthly AUM — the as-of month, and averages over the last 3 and 12 months present. */
export function balancesSql(shape: SourceShape): string {
  const has = (name: string) => shape.balances?.has(name) ?? false;
  const extra = ['deposit', 'wealth', 'loan'].filter(has);
  const src = sourceSql(shape, 'balances', [['customer_id', 'VARCHAR'], ['month', 'DATE'], ['aum', 'DECIMAL(18,2)'], ...extra.map((n): [string, string] => [n, 'DECIMAL(18,2)'])]);
  const asOfMonth = `date_trunc('month', ${AS_OF})`;
  const latest = (name: string) => `max(${quoteIdent(name)}) FILTER (WHERE month = ${asOfMonth}) AS bal_${name}`;
  return `CREATE TEMP TABLE _p_bal AS
SELECT customer_id,
  max(aum) FILTER (WHERE month = ${asOfMonth}) AS aum_latest,
  CAST(avg(aum) FILTER (WHERE month > ${asOfMonth} - INTERVAL 3 MONTH) AS DECIMAL(18,2)) AS aum_avg_3m,
  CAST(avg(aum) FILTER (WHERE month > ${asOfMonth} - INTERVAL 12 MONTH) AS DECIMAL(18,2)) AS aum_avg_12m,
  max(aum) FILTER (WHERE month = ${asOfMonth} - INTERVAL 3 MONTH) AS aum_3m_ago,
  max(aum) FILTER (WHERE month = ${asOfMonth} - INTERVAL 12 MONTH) AS aum_12m_ago${extra.map((n) => `,\n  ${latest(n)}`).join('')}
FROM ${src}
WHERE month <= ${asOfMonth} AND month >= ${asOfMonth} - INTERVAL 12 MONTH
GROUP BY customer_id`;
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
export function transactionsSql(shape: SourceShape): string {
  const src = sourceSql(shape, 'transactions', TXN_COLUMNS);
  const since12 = monthsBefore(12);
  const aggregates: string[] = [
    `max(ts) FILTER (WHERE ci) AS last_activity_ts`,
    `min(ts) FILTER (WHERE ci) AS first_activity_ts`,
    `max(ts) FILTER (WHERE ${ACCOUNT_ACTIVITY}) AS last_account_activity_ts`,
    `coalesce(bit_or(CAST(1 AS BIGINT) << bucket) FILTER (WHERE ci AND bucket < ${ACTIVITY_MASK_MONTHS}), 0) AS activity_month_mask`,
  ];
  for (const n of WINDOWS_MONTHS) {
    const w = `ci AND ts > ${monthsBefore(n)}`;
    aggregates.push(
      `count(*) FILTER (WHERE ${w}) AS txn_count_${n}m`,
      `coalesce(sum(amount) FILTER (WHERE ${w} AND direction = 'credit'), 0) AS amount_in_${n}m`,
      `coalesce(sum(amount) FILTER (WHERE ${w} AND direction = 'debit'), 0) AS amount_out_${n}m`,
    );
  }
  for (const channel of CHANNELS) aggregates.push(`count(*) FILTER (WHERE ci AND ts > ${since12} AND channel = ${lit(channel)}) AS txn_count_12m_${channel}`);
  for (const type of TXN_TYPES) {
    aggregates.push(
      `count(*) FILTER (WHERE ts > ${since12} AND txn_type = ${lit(type)}) AS txn_count_12m_${type}`,
      `coalesce(sum(amount) FILTER (WHERE ts > ${since12} AND txn_type = ${lit(type)}), 0) AS amount_12m_${type}`,
    );
  }
  aggregates.push(
    `count(*) FILTER (WHERE ts > ${since12} AND ${TO_OTHER_BANK}) AS transfers_out_other_bank_12m`,
    `coalesce(sum(amount) FILTER (WHERE ts > ${since12} AND ${TO_OTHER_BANK}), 0) AS amount_out_other_bank_12m`,
    `count(DISTINCT date_trunc('month', ts)) FILTER (WHERE ts > ${since12} AND txn_type = 'payroll' AND direction = 'credit') AS payroll_months_12m`,
    `CAST(sum(amount) FILTER (WHERE ts > ${since12} AND direction = 'credit' AND ci AND txn_type <> 'payroll' AND month(ts) IN (3, 6, 9, 12)) AS DOUBLE)
      / nullif(CAST(sum(amount) FILTER (WHERE ts > ${since12} AND direction = 'credit' AND ci AND txn_type <> 'payroll') AS DOUBLE), 0) AS quarter_end_inflow_share`,
  );
  const monthIndex = (d: string) => `(year(${d}) * 12 + month(${d}))`;
  const m = `(${monthIndex(AS_OF)} - ${monthIndex('ts')})`;
  return `CREATE TEMP TABLE _p_txn AS
SELECT customer_id,
  ${aggregates.join(',\n  ')}
FROM (
  SELECT *, ${CUSTOMER_INITIATED} AS ci,
    greatest(0, ${m} - CASE WHEN ts > ${AS_OF} - to_months(CAST(${m} AS INTEGER)) THEN 1 ELSE 0 END) AS bucket
  FROM ${src} WHERE ts < ${AS_OF_END} AND customer_id IS NOT NULL)
GROUP BY customer_id`;
}

/**
 * Step 5: payroll outflow — over the salary credits of the last 12 months, the transfers debited to
 * another bank within 7 days after each credit (p.ts < d.ts ≤ p.ts + 7 days) ÷ the payroll credited
 * (the demo truth's definition). A transfer after two credits counts for both.
 */
export function payrollSql(shape: SourceShape): string {
  const src = sourceSql(shape, 'transactions', TXN_COLUMNS);
  return `CREATE TEMP TABLE _p_pay AS
WITH t AS (SELECT * FROM ${src} WHERE ts < ${AS_OF_END}),
p AS (SELECT customer_id, ts, amount, row_number() OVER () AS k FROM t
      WHERE txn_type = 'payroll' AND direction = 'credit' AND ts > ${monthsBefore(PAYROLL_WINDOW_MONTHS)}),
d AS (SELECT customer_id, ts, amount FROM t WHERE ${TO_OTHER_BANK} AND ts > ${monthsBefore(PAYROLL_WINDOW_MONTHS)}),
moved AS (
  SELECT p.customer_id, p.k, any_value(p.amount) AS amount, coalesce(sum(d.amount), 0) AS moved
  FROM p LEFT JOIN d ON d.customer_id = p.customer_id AND d.ts > p.ts AND d.ts <= p.ts + INTERVAL ${PAYROLL_OUTFLOW_DAYS} DAY
  GROUP BY p.customer_id, p.k)
SELECT customer_id, true AS payroll_flag, count(*) AS payroll_credits_12m, sum(amount) AS payroll_amount_12m,
  CAST(sum(moved) / nullif(sum(amount), 0) AS DOUBLE) AS payroll_outflow_ratio
FROM moved GROUP BY customer_id`;
}

/** Step 6: campaign contacts (the control arm is recorded, not contacted, so it is not counted). */
export function contactsSql(shape: SourceShape): string {
  const src = sourceSql(shape, 'contacts', [
    ['customer_id', 'VARCHAR'], ['campaign_id', 'VARCHAR'], ['contact_ts', 'TIMESTAMP'], ['arm', 'VARCHAR'],
    ['responded', 'BOOLEAN'], ['response_ts', 'TIMESTAMP'], ['outcome', 'VARCHAR'],
  ]);
  return `CREATE TEMP TABLE _p_ct AS
SELECT customer_id,
  count(*) AS contact_count,
  count(*) FILTER (WHERE contact_ts > ${monthsBefore(12)}) AS contact_count_12m,
  count(*) FILTER (WHERE responded AND (response_ts IS NULL OR response_ts < ${AS_OF_END})) AS response_count,
  max(contact_ts) AS last_contact_ts,
  arg_max(campaign_id, contact_ts) AS last_campaign_id,
  arg_max(CASE WHEN responded AND (response_ts IS NULL OR response_ts < ${AS_OF_END}) THEN coalesce(outcome, 'responded') ELSE 'no_response' END, contact_ts) AS last_response
FROM ${src}
WHERE contact_ts < ${AS_OF_END} AND coalesce(arm, '') <> 'control'
GROUP BY customer_id`;
}

const quintile = (expr: string, order: 'ASC' | 'DESC') =>
  `CAST(least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY ${expr} ${order} NULLS FIRST))) AS TINYINT)`;

/** The derived columns the profile adds beside the customers' own columns (and before the rules). */
export function profileSelectSql(shape: SourceShape, customerColumns: string[], profileTable: string): string {
  const fromAcc = PRODUCT_TYPES.flatMap((t) => [`coalesce(a.holds_${t}, false) AS holds_${t}`, `coalesce(a.balance_${t}, 0) AS balance_${t}`]);
  const txnZero = [
    ...WINDOWS_MONTHS.flatMap((n) => [`txn_count_${n}m`, `amount_in_${n}m`, `amount_out_${n}m`]),
    ...CHANNELS.map((c) => `txn_count_12m_${c}`),
    ...TXN_TYPES.flatMap((t) => [`txn_count_12m_${t}`, `amount_12m_${t}`]),
    'transfers_out_other_bank_12m', 'amount_out_other_bank_12m', 'activity_month_mask',
  ].map((c) => `coalesce(t.${c}, 0) AS ${c}`);
  const balance = (name: string, fallback: string) => (shape.balances?.has(name) ? `coalesce(b.bal_${name}, 0)` : `coalesce(a.${fallback}, 0)`);
  const aum = shape.balances ? 'coalesce(b.aum_latest, 0)' : 'coalesce(a.acc_deposit, 0) + coalesce(a.acc_wealth, 0)';
  // Customer columns the profile computes itself are not copied twice.
  const derivedNames = new Set(['age', 'tenure_months']);
  const own = customerColumns.filter((c) => !derivedNames.has(c)).map((c) => `c.${quoteIdent(c)}`);
  return `CREATE OR REPLACE TABLE ${quoteIdent(profileTable)} AS
SELECT x.*,
  ${quintile('days_since_last_activity', 'DESC')} AS rfm_recency,
  ${quintile('txn_count_12m', 'ASC')} AS rfm_frequency,
  ${quintile('amount_in_12m + amount_out_12m', 'ASC')} AS rfm_monetary,
  CAST(NULL AS BOOLEAN) AS is_invalid, CAST(NULL AS BOOLEAN) AS is_dormant,
  CAST(NULL AS VARCHAR) AS value_tier, CAST(NULL AS VARCHAR) AS lifecycle_stage
FROM (
SELECT ${own.join(', ')},
  base.age, base.onboard_date_at, base.tenure_months, CAST(base.tenure_months / 12 AS INTEGER) AS tenure_years,
  CAST(${aum} AS DECIMAL(18,2)) AS aum_latest,
  ${shape.balances ? 'coalesce(b.aum_avg_3m, 0)' : aum} AS aum_avg_3m,
  ${shape.balances ? 'coalesce(b.aum_avg_12m, 0)' : aum} AS aum_avg_12m,
  ${shape.balances ? 'b.aum_3m_ago' : 'CAST(NULL AS DECIMAL(18,2))'} AS aum_3m_ago,
  ${shape.balances ? 'b.aum_12m_ago' : 'CAST(NULL AS DECIMAL(18,2))'} AS aum_12m_ago,
  CAST(${balance('deposit', 'acc_deposit')} AS DECIMAL(18,2)) AS deposit_balance,
  CAST(${balance('wealth', 'acc_wealth')} AS DECIMAL(18,2)) AS wealth_balance,
  CAST(${balance('loan', 'acc_loan')} AS DECIMAL(18,2)) AS loan_balance,
  coalesce(a.account_count, 0) AS account_count, coalesce(a.open_account_count, 0) AS open_account_count,
  coalesce(a.product_count, 0) AS product_count, coalesce(a.currency_count, 0) AS currency_count,
  coalesce(a.holds_foreign_currency, false) AS holds_foreign_currency, a.first_account_date,
  ${fromAcc.join(', ')},
  ${txnZero.join(', ')},
  t.last_activity_ts, CAST(t.last_activity_ts AS DATE) AS last_activity_date,
  CAST(date_diff('day', CAST(t.last_activity_ts AS DATE), ${AS_OF}) AS INTEGER) AS days_since_last_activity,
  t.first_activity_ts, t.last_account_activity_ts,
  bit_count(coalesce(t.activity_month_mask, 0) & 4095) AS active_months_12m,
  t.quarter_end_inflow_share,
  coalesce(p.payroll_flag, false) AS payroll_flag, coalesce(p.payroll_credits_12m, 0) AS payroll_credits_12m,
  coalesce(p.payroll_amount_12m, 0) AS payroll_amount_12m,
  CAST(p.payroll_amount_12m / nullif(t.payroll_months_12m, 0) AS DECIMAL(18,2)) AS payroll_monthly_amount,
  p.payroll_outflow_ratio,
  coalesce(ct.contact_count, 0) AS contact_count, coalesce(ct.contact_count_12m, 0) AS contact_count_12m,
  coalesce(ct.response_count, 0) AS response_count, ct.last_contact_ts, ct.last_campaign_id, ct.last_response
FROM _p_base base
JOIN customers c ON c.customer_id = base.customer_id
LEFT JOIN _p_acc a ON a.customer_id = base.customer_id
LEFT JOIN _p_bal b ON b.customer_id = base.customer_id
LEFT JOIN _p_txn t ON t.customer_id = base.customer_id
LEFT JOIN _p_pay p ON p.customer_id = base.customer_id
LEFT JOIN _p_ct ct ON ct.customer_id = base.customer_id
) x`;
}

export const PROFILE_TEMP_TABLES = ['_p_base', '_p_acc', '_p_bal', '_p_txn', '_p_pay', '_p_ct'];
