import { AppError } from '../../shared/errors';
import type { FeatureSpecInput, LabelSpec, ModelSpec, TrainingSetSummary } from '../../shared/model-types';
import { latestDataDate, sourceShape } from '../profile/build-profile';
import { CROSS_CUSTOMER_COLUMNS } from '../profile/profile-sql';
import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';
import { buildProfileSnapshot } from './profile-snapshot';
import { MEMBERS_LATER_TABLE, MEMBERS_NOW_TABLE, prepareSegmentLabel, segmentLabelDates, segmentLabelRule, segmentPopulationSql } from './segment-label';

/**
 * A model's training set: one row per (as-of date, customer) whose features are the profile as
 * it stood at the end of the as-of date and whose label is what happened after it. The as-of date
 * is the day before the contact for a response model (the offer could only use what was known
 * then) and a month end for a payroll-churn model; a date whose label window runs past the data
 * is not used, so no label is cut short.
 */

export const TRAINING_TABLE = '_m_training';
const SNAPSHOT_TABLE = '_m_snapshot';
const POPULATION_TABLE = '_m_population';

/** The channel a response model learns from is the contact's own; scoring uses the preferred one. */
export const CONTACT_CHANNEL = 'contact_channel';

type Feature = Required<FeatureSpecInput>;

const RESPONSE_FEATURES: Feature[] = [
  { name: 'age', kind: 'numeric', transform: 'none' },
  { name: 'tenure_months', kind: 'numeric', transform: 'none' },
  { name: 'aum_latest', kind: 'numeric', transform: 'log1p' },
  { name: 'aum_avg_12m', kind: 'numeric', transform: 'log1p' },
  { name: 'product_count', kind: 'numeric', transform: 'none' },
  { name: 'txn_count_12m', kind: 'numeric', transform: 'none' },
  { name: 'active_months_12m', kind: 'numeric', transform: 'none' },
  { name: 'days_since_last_activity', kind: 'numeric', transform: 'none' },
  { name: 'contact_count_12m', kind: 'numeric', transform: 'none' },
  { name: 'response_count', kind: 'numeric', transform: 'none' },
  { name: 'payroll_flag', kind: 'categorical', transform: 'none' },
  { name: 'gender', kind: 'categorical', transform: 'none' },
  { name: 'risk_level', kind: 'categorical', transform: 'none' },
  { name: 'channel_pref', kind: 'categorical', transform: 'none' },
  { name: CONTACT_CHANNEL, kind: 'categorical', transform: 'none' },
];

const CHURN_FEATURES: Feature[] = [
  { name: 'age', kind: 'numeric', transform: 'none' },
  { name: 'tenure_months', kind: 'numeric', transform: 'none' },
  { name: 'aum_latest', kind: 'numeric', transform: 'log1p' },
  { name: 'aum_avg_3m', kind: 'numeric', transform: 'log1p' },
  { name: 'aum_3m_ago', kind: 'numeric', transform: 'log1p' },
  { name: 'payroll_monthly_amount', kind: 'numeric', transform: 'log1p' },
  { name: 'payroll_outflow_ratio', kind: 'numeric', transform: 'none' },
  { name: 'payroll_credits_12m', kind: 'numeric', transform: 'none' },
  { name: 'txn_count_3m', kind: 'numeric', transform: 'none' },
  { name: 'txn_count_12m', kind: 'numeric', transform: 'none' },
  { name: 'transfers_out_other_bank_12m', kind: 'numeric', transform: 'none' },
  { name: 'amount_out_other_bank_12m', kind: 'numeric', transform: 'log1p' },
  { name: 'product_count', kind: 'numeric', transform: 'none' },
  { name: 'days_since_last_activity', kind: 'numeric', transform: 'none' },
  { name: 'gender', kind: 'categorical', transform: 'none' },
  { name: 'channel_pref', kind: 'categorical', transform: 'none' },
];

/** "Becomes a member of a segment" has no contact: the response features without its channel. */
const SEGMENT_FEATURES: Feature[] = RESPONSE_FEATURES.filter((f) => f.name !== CONTACT_CHANNEL);

export function defaultFeatures(label: LabelSpec): Feature[] {
  return label.kind === 'response' ? RESPONSE_FEATURES : label.kind === 'payroll_churn' ? CHURN_FEATURES : SEGMENT_FEATURES;
}

/** The design-matrix name of a feature: log1p features keep the transform in their name. */
export function featureColumn(feature: Feature): string {
  return feature.transform === 'log1p' ? `log1p_${feature.name}` : feature.name;
}

/** The SQL of a feature over a row alias whose columns are the profile's (and contact_channel). */
export function featureSql(feature: Feature, alias: string): string {
  const column = `${alias}.${quoteIdent(feature.name)}`;
  if (feature.kind === 'categorical') return `CAST(${column} AS VARCHAR)`;
  // NaN and ±∞ (a 0/0 ratio in the data) are missing values, in training and in scoring alike.
  const value = `(CASE WHEN isfinite(TRY_CAST(${column} AS DOUBLE)) THEN TRY_CAST(${column} AS DOUBLE) END)`;
  return feature.transform === 'log1p' ? `ln(1 + greatest(${value}, 0))` : value;
}

async function columnsOf(session: Session, table: string): Promise<Set<string>> {
  const rows = await session.rows<{ column_name: string }>(
    `SELECT column_name FROM duckdb_columns() WHERE database_name = 'temp' AND table_name = $t`,
    { t: table },
  );
  return new Set(rows.map((r) => r.column_name));
}

interface LabelPlan {
  /** Each as-of date with the SQL of its population: (customer_id, label[, contact_channel]). */
  dates: string[];
  populationSql: string;
  params: (asOf: string) => Record<string, string | number | boolean>;
  /** Run after the as-of snapshot is built and before the population (the segment label's membership tables). */
  prepare?: (asOf: string) => Promise<void>;
  /** Temporary tables prepare leaves behind. */
  tables?: string[];
  /** The population comes from the label's own table (contacts, payroll credits), not from the snapshot: it can be built first. */
  populationFirst: boolean;
}

async function responsePlan(session: Session, label: Extract<LabelSpec, { kind: 'response' }>, dataEnd: string): Promise<LabelPlan> {
  const campaignFilter = label.campaignIds.length ? `AND list_contains(from_json($campaigns, '["VARCHAR"]'), campaign_id)` : '';
  const campaigns: Record<string, string> = label.campaignIds.length ? { campaigns: JSON.stringify(label.campaignIds) } : {};
  const dates = await session.rows<{ d: string }>(
    `SELECT DISTINCT strftime(CAST(contact_ts AS DATE) - INTERVAL 1 DAY, '%Y-%m-%d') AS d FROM contacts
      WHERE coalesce(arm, 'treatment') <> 'control' ${campaignFilter}
        AND CAST(contact_ts AS DATE) + CAST($within AS INTEGER) <= CAST($end AS DATE)
      ORDER BY d`,
    { ...campaigns, within: label.withinDays, end: dataEnd },
  );
  return {
    dates: dates.map((r) => r.d),
    // The control arm was not contacted: a response model learns who answers an offer.
    populationSql: `SELECT customer_id,
        bool_or(coalesce(responded, false) AND (response_ts IS NULL OR response_ts <= contact_ts + to_days(CAST($within AS INTEGER)))) AS label,
        arg_min(CAST(channel AS VARCHAR), contact_ts) AS ${CONTACT_CHANNEL}
      FROM contacts
      WHERE CAST(contact_ts AS DATE) = CAST($as_of AS DATE) + INTERVAL 1 DAY AND coalesce(arm, 'treatment') <> 'control' ${campaignFilter}
      GROUP BY customer_id`,
    params: (asOf) => ({ as_of: asOf, within: label.withinDays, ...campaigns }),
    populationFirst: true,
  };
}

async function payrollChurnPlan(session: Session, label: Extract<LabelSpec, { kind: 'payroll_churn' }>): Promise<LabelPlan> {
  // The last month whose payroll is complete: the month of the latest payroll credit.
  const [last] = await session.rows<{ m: string | null }>(
    `SELECT strftime(date_trunc('month', max(ts)), '%Y-%m-%d') AS m FROM transactions WHERE txn_type = 'payroll' AND direction = 'credit'`,
  );
  if (!last?.m) return { dates: [], populationSql: '', params: () => ({}), populationFirst: true };
  const [rows] = await session.rows<{ dates: string[] }>(
    `SELECT list(strftime(last_day(m), '%Y-%m-%d') ORDER BY m) AS dates FROM (
       SELECT CAST(CAST($last AS DATE) - to_months(CAST($span AS INTEGER) + i) AS DATE) AS m FROM range(0, CAST($n AS INTEGER)) r(i)) d`,
    { last: last.m, span: label.horizonMonths + label.gapMonths - 1, n: label.snapshots },
  );
  return {
    dates: rows?.dates ?? [],
    populationSql: `WITH pay AS (
        SELECT DISTINCT customer_id, datediff('month', date_trunc('month', CAST($as_of AS DATE)), date_trunc('month', ts)) AS rel
        FROM transactions
        WHERE txn_type = 'payroll' AND direction = 'credit'
          AND ts >= date_trunc('month', CAST($as_of AS DATE)) - INTERVAL 5 MONTH
          AND ts < date_trunc('month', CAST($as_of AS DATE)) + to_months(CAST($h AS INTEGER) + CAST($gap AS INTEGER))
      ), payroll_customers AS (
        SELECT customer_id FROM pay WHERE rel <= 0 GROUP BY customer_id
        HAVING bool_or(rel = 0) AND count(*) >= CAST($min_months AS INTEGER)
      ), covered AS (
        -- A start month k (1..h) is covered when some payroll falls in k .. k + gap − 1: the label
        -- is a start month that is not covered, i.e. a gap of gap months beginning within h.
        SELECT pay.customer_id, count(DISTINCT r.k) AS covered_starts
        FROM pay JOIN range(1, CAST($h AS INTEGER) + 1) r(k) ON pay.rel BETWEEN r.k AND r.k + CAST($gap AS INTEGER) - 1
        GROUP BY pay.customer_id
      )
      SELECT pc.customer_id, coalesce(c.covered_starts, 0) < CAST($h AS INTEGER) AS label
      FROM payroll_customers pc LEFT JOIN covered c USING (customer_id)`,
    params: (asOf) => ({ as_of: asOf, h: label.horizonMonths, gap: label.gapMonths, min_months: label.minPayrollMonths }),
    populationFirst: true,
  };
}

async function segmentPlan(session: Session, label: Extract<LabelSpec, { kind: 'segment' }>, dataEnd: string): Promise<LabelPlan> {
  const rule = await segmentLabelRule(session, label);
  return {
    dates: await segmentLabelDates(session, label, dataEnd),
    populationSql: segmentPopulationSql(SNAPSHOT_TABLE),
    params: () => ({}),
    prepare: (asOf) => prepareSegmentLabel(session, label, rule, SNAPSHOT_TABLE, asOf),
    tables: [MEMBERS_NOW_TABLE, MEMBERS_LATER_TABLE],
    // Who is a member now and later is read from the snapshot: every customer's profile is needed.
    populationFirst: false,
  };
}

function labelPlan(session: Session, label: LabelSpec, dataEnd: string): Promise<LabelPlan> {
  switch (label.kind) {
    case 'response':
      return responsePlan(session, label, dataEnd);
    case 'payroll_churn':
      return payrollChurnPlan(session, label);
    case 'segment':
      return segmentPlan(session, label, dataEnd);
  }
}

export interface BuiltTrainingSet {
  summary: TrainingSetSummary;
  features: Feature[];
}

/**
 * Builds the training set of a spec into the session's temporary table _m_training
 * (as_of, customer_id, label, is_test, one column per feature). Progress: one step per as-of date.
 */
export async function buildTrainingSet(
  session: Session,
  spec: ModelSpec,
  options: {
    progress?: (done: number, total: number, asOf: string) => void;
    /** Only these of the spec's as-of dates. */
    onlyDates?: string[];
    /** Every customer's profile at each date, even where the population's alone would do (tests compare the two). */
    fullSnapshots?: boolean;
  } = {},
): Promise<BuiltTrainingSet> {
  const progress = options.progress ?? (() => {});
  const shape = await sourceShape(session);
  if (!shape.customers?.has('customer_id')) throw new AppError('NOT_FOUND', 'a model needs a customers table', { table: 'customers' }, 'error.PROFILE_NO_CUSTOMERS');
  const needed = spec.label.kind === 'response' ? 'contacts' : spec.label.kind === 'payroll_churn' ? 'transactions' : null;
  if (needed && !shape[needed]) throw new AppError('NOT_FOUND', `this label needs the ${needed} table`, { table: needed }, 'error.SEGMENT_SOURCE_MISSING');
  const dataEnd = await latestDataDate(session, shape);
  const plan = await labelPlan(session, spec.label, dataEnd);
  const requested = (spec.features.length ? spec.features : defaultFeatures(spec.label)).map((f) => ({ ...f, transform: f.transform ?? 'none' }));

  let features: Feature[] | null = null;
  const dates: TrainingSetSummary['dates'] = [];
  await session.run(`DROP TABLE IF EXISTS temp.main.${TRAINING_TABLE}`);
  const planned = options.onlyDates ? plan.dates.filter((d) => options.onlyDates!.includes(d)) : plan.dates;
  // The profile of the day's population only, unless a feature ranks customers among the whole base.
  const partial = plan.populationFirst && !options.fullSnapshots && !requested.some((f) => CROSS_CUSTOMER_COLUMNS.includes(f.name));
  for (const [i, asOf] of planned.entries()) {
    progress(i, planned.length, asOf);
    if (partial) {
      await session.run(`CREATE OR REPLACE TEMP TABLE ${POPULATION_TABLE} AS ${plan.populationSql}`, plan.params(asOf));
      await buildProfileSnapshot(session, asOf, SNAPSHOT_TABLE, { onlyCustomersIn: POPULATION_TABLE });
    } else {
      await buildProfileSnapshot(session, asOf, SNAPSHOT_TABLE);
      await plan.prepare?.(asOf);
      await session.run(`CREATE OR REPLACE TEMP TABLE ${POPULATION_TABLE} AS ${plan.populationSql}`, plan.params(asOf));
    }
    if (features === null) {
      const available = new Set([...(await columnsOf(session, SNAPSHOT_TABLE)), ...(spec.label.kind === 'response' ? [CONTACT_CHANNEL] : [])]);
      const missing = requested.filter((f) => !available.has(f.name));
      // Asked-for features must exist; defaults that the data lacks are left out quietly.
      if (spec.features.length && missing.length) {
        throw new AppError('INVALID_ARGUMENT', `unknown feature ${missing[0]!.name}`, { field: missing[0]!.name }, 'error.RULE_UNKNOWN_FIELD');
      }
      features = requested.filter((f) => available.has(f.name));
      const columns = features.map((f) => `${quoteIdent(featureColumn(f))} ${f.kind === 'numeric' ? 'DOUBLE' : 'VARCHAR'}`);
      await session.run(`CREATE TEMP TABLE ${TRAINING_TABLE} (as_of DATE, customer_id VARCHAR, label BOOLEAN, is_test BOOLEAN, ${columns.join(', ')})`);
    }
    const row = (f: Feature) => (f.name === CONTACT_CHANNEL ? `CAST(p.${CONTACT_CHANNEL} AS VARCHAR)` : featureSql(f, 's'));
    await session.run(
      `INSERT INTO ${TRAINING_TABLE}
       SELECT CAST($as_of AS DATE), s.customer_id, p.label, false, ${features.map(row).join(', ')}
       FROM ${SNAPSHOT_TABLE} s JOIN ${POPULATION_TABLE} p ON p.customer_id = s.customer_id`,
      { as_of: asOf },
    );
    const [counts] = await session.rows<{ n: bigint; k: bigint }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE label) AS k FROM ${TRAINING_TABLE} WHERE as_of = CAST($as_of AS DATE)`,
      { as_of: asOf },
    );
    const rows = Number(counts?.n ?? 0);
    const positives = Number(counts?.k ?? 0);
    dates.push({ asOf, rows, positives, rate: rows ? positives / rows : 0 });
  }
  for (const t of [SNAPSHOT_TABLE, POPULATION_TABLE, ...(plan.tables ?? [])]) await session.run(`DROP TABLE IF EXISTS temp.main.${t}`);
  if (features === null) throw new AppError('INVALID_ARGUMENT', 'no as-of date has a complete label window in the data', {}, 'error.MODEL_NO_TRAINING_ROWS');
  await markTestRows(session, spec, dates.map((d) => d.asOf));
  const rows = dates.reduce((a, d) => a + d.rows, 0);
  const positives = dates.reduce((a, d) => a + d.positives, 0);
  return { summary: { dates, rows, positives, features }, features };
}

/** The split: a seeded md5 of customer_id (portable, and a customer is never on both sides) or the latest dates. */
async function markTestRows(session: Session, spec: ModelSpec, dates: string[]): Promise<void> {
  if (spec.split.kind === 'random') {
    await session.run(
      `UPDATE ${TRAINING_TABLE} SET is_test = (md5_number(CAST($seed AS VARCHAR) || ':' || customer_id) % 1000000) < CAST($cut AS BIGINT)`,
      { seed: spec.split.seed, cut: Math.round(spec.split.testShare * 1_000_000) },
    );
    return;
  }
  const test = dates.slice(-spec.split.testDates);
  await session.run(`UPDATE ${TRAINING_TABLE} SET is_test = list_contains(from_json($dates, '["DATE"]'), as_of)`, { dates: JSON.stringify(test) });
}
