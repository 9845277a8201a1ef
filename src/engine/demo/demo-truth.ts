/**
 * The demo bank's ground truth: the planted parameters and the exact counts the written rules give
 * on the generated tables. Stored as JSON in the hidden table _sw_demo_truth so later analyses (and
 * their tests) can check that they recover what was planted.
 */
import type { Session } from '../workspace';
import { AGE_BANDS, DEMO_PARAMS, FUNNEL_STEPS, VALUE_TIERS, type AgeBand, type DemoParams, type ValueTier } from './demo-params';
import type { DemoCalendar } from './demo-calendar';
import { ageBandSql, churnedSql, dormantSql, invalidSql, payrollOutflowSql, tierSql } from './demo-rules-sql';
import { sqlNumber } from './demo-random-sql';
import { sqlStringLiteral } from '../sql/literals';
import { quoteIdent } from '../sql/identifiers';

export const DEMO_TRUTH_TABLE = '_sw_demo_truth';
export const DEMO_TRUTH_VERSION = 1;

export interface ArmTruth {
  contacts: number;
  responded: number;
  rate: number;
}

export interface PayrollGroupTruth {
  /** Customers with a payroll credit in the window. */
  payroll: number;
  /** Of those, customers whose outflow ratio is ≥ 0.8. */
  outflow: number;
  /** outflow / payroll as realised in the tables. */
  share: number;
  /** The planted share (DEMO_PARAMS.payroll.outflowShare). */
  plantedShare: number;
}

export interface DemoTruth {
  version: number;
  generator: { seed: number; customers: number; months: number; transactionsPerCustomer: number };
  calendar: DemoCalendar;
  params: DemoParams;
  /** Each rule as SQL over the public tables: the reference the counts were computed with. */
  rules: { tier: string; dormant: string; invalid: string; payrollOutflow: string; churned: string };
  counts: {
    customers: number;
    accounts: number;
    /** Accounts with balance ≤ smallBalanceMax (closed ones hold 0). */
    smallAccounts: number;
    smallAccountShare: number;
    tiers: Record<ValueTier, number>;
    dormant: number;
    invalid: number;
    churned: { total: number; byAgeBand: Record<AgeBand, number> };
    payroll: { customers: number; outflow: number; byGroup: Record<string, PayrollGroupTruth> };
    /** Distinct customers reaching each funnel step (FUNNEL_STEPS order) of the funnel campaign, by age band. */
    funnel: Record<AgeBand, number[]>;
    response: { treatment: ArmTruth; control: ArmTruth; uplift: number };
  };
}

type CountRow = { key: string; n: bigint | number };

function zeroByBand(): Record<AgeBand, number> {
  return { '18-29': 0, '30-44': 0, '45-59': 0, '60+': 0 };
}

async function countBy(session: Session, sql: string): Promise<Map<string, number>> {
  const rows = await session.rows<CountRow>(sql);
  return new Map(rows.map((row) => [String(row.key), Number(row.n)]));
}

async function scalar(session: Session, sql: string): Promise<number> {
  const [row] = await session.rows<{ n: bigint | number | null }>(sql);
  return Number(row?.n ?? 0);
}

/** Applies every rule to the generated tables. */
export async function computeDemoTruth(session: Session, cal: DemoCalendar, generator: DemoTruth['generator']): Promise<DemoTruth> {
  const rules = { tier: tierSql(cal), dormant: dormantSql(cal), invalid: invalidSql(cal), payrollOutflow: payrollOutflowSql(cal), churned: churnedSql() };
  const customers = await scalar(session, 'SELECT count(*) AS n FROM customers');
  const accounts = await scalar(session, 'SELECT count(*) AS n FROM accounts');
  const smallAccounts = await scalar(session, `SELECT count(*) AS n FROM accounts WHERE balance <= ${sqlNumber(DEMO_PARAMS.smallBalanceMax)}`);
  const tierCounts = await countBy(session, `SELECT tier AS key, count(*) AS n FROM (${rules.tier}) GROUP BY tier`);
  const dormant = await scalar(session, `SELECT count(*) AS n FROM (${rules.dormant})`);
  const invalid = await scalar(session, `SELECT count(*) AS n FROM (${rules.invalid})`);
  const churnedByBand = await countBy(
    session,
    `SELECT ${ageBandSql('c.birth_date', cal)} AS key, count(*) AS n FROM (${rules.churned}) x JOIN customers c USING (customer_id) GROUP BY key`,
  );
  const payrollRows = await session.rows<{ key: string; payroll: bigint; outflow: bigint }>(
    `SELECT c.occupation AS key, count(*) AS payroll, count(*) FILTER (WHERE o.is_outflow) AS outflow
     FROM (${rules.payrollOutflow}) o JOIN customers c USING (customer_id) GROUP BY c.occupation ORDER BY key`,
  );
  const funnelRows = await session.rows<{ band: string; event_name: string; n: bigint }>(
    `SELECT ${ageBandSql('c.birth_date', cal)} AS band, e.event_name, count(DISTINCT e.customer_id) AS n
     FROM events e JOIN customers c USING (customer_id)
     WHERE e.properties->>'campaign_id' = ${sqlStringLiteral(DEMO_PARAMS.funnelCampaign)} GROUP BY ALL`,
  );
  const armRows = await session.rows<{ arm: string; contacts: bigint; responded: bigint }>(
    `SELECT arm, count(*) AS contacts, count(*) FILTER (WHERE responded) AS responded FROM contacts GROUP BY arm`,
  );

  const tiers = Object.fromEntries(VALUE_TIERS.map((tier) => [tier, tierCounts.get(tier) ?? 0])) as Record<ValueTier, number>;
  const byAgeBand = zeroByBand();
  for (const band of AGE_BANDS) byAgeBand[band] = churnedByBand.get(band) ?? 0;
  const byGroup: Record<string, PayrollGroupTruth> = {};
  for (const row of payrollRows) {
    const payroll = Number(row.payroll);
    const outflow = Number(row.outflow);
    byGroup[row.key] = { payroll, outflow, share: payroll === 0 ? 0 : outflow / payroll, plantedShare: DEMO_PARAMS.payroll.outflowShare[row.key] ?? 0 };
  }
  const funnel = Object.fromEntries(AGE_BANDS.map((band) => [band, FUNNEL_STEPS.map(() => 0)])) as Record<AgeBand, number[]>;
  for (const row of funnelRows) {
    const step = FUNNEL_STEPS.indexOf(row.event_name as (typeof FUNNEL_STEPS)[number]);
    const counts = funnel[row.band as AgeBand];
    if (counts && step >= 0) counts[step] = Number(row.n);
  }
  const arm = (name: string): ArmTruth => {
    const row = armRows.find((r) => r.arm === name);
    const contacts = Number(row?.contacts ?? 0);
    const responded = Number(row?.responded ?? 0);
    return { contacts, responded, rate: contacts === 0 ? 0 : responded / contacts };
  };
  const treatment = arm('treatment');
  const control = arm('control');
  return {
    version: DEMO_TRUTH_VERSION,
    generator,
    calendar: cal,
    params: DEMO_PARAMS,
    rules,
    counts: {
      customers,
      accounts,
      smallAccounts,
      smallAccountShare: accounts === 0 ? 0 : smallAccounts / accounts,
      tiers,
      dormant,
      invalid,
      churned: { total: Object.values(byAgeBand).reduce((a, b) => a + b, 0), byAgeBand },
      payroll: {
        customers: Object.values(byGroup).reduce((a, g) => a + g.payroll, 0),
        outflow: Object.values(byGroup).reduce((a, g) => a + g.outflow, 0),
        byGroup,
      },
      funnel,
      response: { treatment, control, uplift: treatment.rate - control.rate },
    },
  };
}

/** One row per top-level section, so SQL can read e.g. value->'dormant' from key 'counts'. */
export async function writeDemoTruth(session: Session, truth: DemoTruth): Promise<void> {
  await session.run(`CREATE OR REPLACE TABLE ${quoteIdent(DEMO_TRUTH_TABLE)} (key VARCHAR PRIMARY KEY, value JSON)`);
  for (const [key, value] of Object.entries(truth)) {
    await session.run(`INSERT INTO ${quoteIdent(DEMO_TRUTH_TABLE)} VALUES ($key, $value::JSON)`, { key, value: JSON.stringify(value) });
  }
}

function isDemoTruth(value: unknown): value is DemoTruth {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return record.version === DEMO_TRUTH_VERSION && typeof record.counts === 'object' && typeof record.params === 'object';
}

/** The truth of the demo bank in this workspace, or null when the data did not come from the generator. */
export async function readDemoTruth(session: Session): Promise<DemoTruth | null> {
  const exists = await session.rows(
    `SELECT 1 FROM duckdb_tables() WHERE database_name = $catalog AND schema_name = 'main' AND table_name = $table`,
    { catalog: session.catalog, table: DEMO_TRUTH_TABLE },
  );
  if (exists.length === 0) return null;
  const rows = await session.rows<{ key: string; value: string }>(`SELECT key, value::VARCHAR AS value FROM ${quoteIdent(DEMO_TRUTH_TABLE)}`);
  const assembled: Record<string, unknown> = {};
  for (const row of rows) assembled[row.key] = JSON.parse(row.value) as unknown;
  return isDemoTruth(assembled) ? assembled : null;
}
