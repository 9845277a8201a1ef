import { detachedContext } from '../../src/engine/jobs/job-context';
import { FUNNEL_STEPS } from '../../src/engine/demo/demo-params';
import type { FunnelResult, FunnelSpecInput } from '../../src/shared/funnel-types';
import type { BenchContext } from './bench-cases';
import { percentile, rssSampler, timeInterleaved, type BenchRow } from './bench-stats';

/*
 * Funnels (issue 15): funnel.run through the protocol beside the same funnel hand-written in plain
 * DuckDB SQL in the same run. The floor is an exact plain-SQL formulation of docs/funnels.md for
 * these specs (ordered; every row matches at most one step, so "after in stream order" is ts ≥ the
 * previous step's ts): one self-join per step, keeping for each reached row the latest entry that
 * reaches it (a later entry leaves the most of the overall window, and the step window counts from
 * the row itself). Before timing, the engine's step counts (per breakdown value too) must equal
 * the floor's, so the two sides cannot silently do different work.
 */

const MISSING = '(missing)';

function benchRow(name: string, customers: number, engine: number[], floor: number[], peak: number): BenchRow {
  const p50 = percentile(engine, 50);
  const floorP50 = percentile(floor, 50);
  return { case: name, customers, engine_ms_p50: p50, engine_ms_p95: percentile(engine, 95), floor_ms_p50: floorP50, ratio: p50 / floorP50, peak_rss_mb: peak };
}

async function ensureAsOf(ctx: BenchContext): Promise<string> {
  if ((await ctx.client.call('profile.summary', {})).asOf === null) await ctx.client.call('profile.build', {});
  return (await ctx.client.call('profile.summary', {})).asOf!;
}

/** The floor's rows: one per group (`grp`, '' without a breakdown) with s0 … s{n-1} customers. */
async function floorCounts(ctx: BenchContext, sql: string, steps: number): Promise<Map<string, number[]>> {
  const rows = await ctx.engine.workspace.withSession(detachedContext(), (s) => s.rows<Record<string, string | bigint | number | null>>(sql));
  return new Map(rows.map((r) => [String(r.grp ?? MISSING), Array.from({ length: steps }, (_, k) => Number(r[`s${k}`] ?? 0))]));
}

/** Throws unless the engine's total (and, with a breakdown, each group's) step counts equal the floor's. */
function checkSameCounts(name: string, result: FunnelResult, floor: Map<string, number[]>, byGroup: boolean): void {
  const engineTotal = result.total.steps.map((s) => s.customers);
  const floorTotal = engineTotal.map((_, k) => [...floor.values()].reduce((sum, counts) => sum + counts[k]!, 0));
  const engineGroups = new Map(result.groups.map((g) => [g.key.join(' × '), g.steps.map((s) => s.customers)]));
  const show = (m: Map<string, number[]>) => [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, v]) => `${k} ${v.join('/')}`).join(', ');
  process.stderr.write(`  ${name}: engine ${engineTotal.join(' → ')} | floor ${floorTotal.join(' → ')}${byGroup ? `\n    engine by group: ${show(engineGroups)}\n    floor  by group: ${show(floor)}` : ''}\n`);
  const same = (a: number[] | undefined, b: number[] | undefined) => JSON.stringify(a) === JSON.stringify(b);
  let agrees = same(engineTotal, floorTotal);
  if (byGroup) agrees &&= engineGroups.size === floor.size && [...floor].every(([k, v]) => same(engineGroups.get(k), v));
  if (!agrees) throw new Error(`${name}: the engine's step counts differ from the plain-SQL floor's; the bench would compare different work`);
}

interface PlainStep {
  /** SELECT customer_id, ts FROM … WHERE … (the step's rows, already bounded to the stream's time range). */
  rows: string;
  /** Step window from the previous step's row, as a DuckDB interval (none: only the overall window). */
  within?: string;
}

/**
 * The ordered funnel in plain SQL: s0 = entries (in the period) with entry = ts; s_k = rows of step
 * k at or after a reached row of step k−1, within its step window and the overall window of that
 * row's latest entry. Counts customers in the population at each step, per group.
 */
function orderedFunnelSql(steps: PlainStep[], window: string, periodEnd: string, group: string | null): string {
  const reached = steps.map((step, k) =>
    k === 0
      ? `s0 AS (SELECT customer_id, ts, ts AS entry FROM (${step.rows}) WHERE ts < ${periodEnd})`
      : `s${k} AS (SELECT c.customer_id, c.ts, max(p.entry) AS entry FROM (${step.rows}) c JOIN s${k - 1} p
           ON c.customer_id = p.customer_id AND c.ts >= p.ts AND c.ts <= p.entry + ${window}${step.within ? ` AND c.ts <= p.ts + ${step.within}` : ''}
           GROUP BY c.customer_id, c.ts)`,
  );
  const furthest = steps.map((_, k) => `SELECT DISTINCT customer_id, ${k} AS k FROM s${k}`).join(' UNION ALL ');
  const counts = steps.map((_, k) => `count(*) FILTER (WHERE f.k >= ${k}) AS s${k}`).join(', ');
  return `WITH ${reached.join(',\n')},
    f AS (SELECT customer_id, max(k) AS k FROM (${furthest}) GROUP BY customer_id)
    SELECT ${group ? `CAST(p.${group} AS VARCHAR)` : `''`} AS grp, ${counts}
    FROM f JOIN customer_profile p ON p.customer_id = f.customer_id GROUP BY ALL`;
}

const ts = (s: string) => `TIMESTAMP '${s} 00:00:00'`;
const PERIOD_FROM = '2000-01-01';

/** The demo's salon funnel over events (5 steps, ordered, 60 days), broken down by age band. */
async function funnelEvents(ctx: BenchContext): Promise<BenchRow> {
  const asOf = await ensureAsOf(ctx);
  const spec: FunnelSpecInput = {
    steps: FUNNEL_STEPS.map((name) => ({ name, source: 'events' as const, filters: [{ kind: 'field' as const, field: 'event_name', op: '=' as const, value: name }] })),
    window: { amount: 60, unit: 'days' },
    period: { from: PERIOD_FROM, to: asOf },
    breakdowns: [{ kind: 'field', field: 'age_band' }],
  };
  const end = `${ts(asOf)} + INTERVAL 1 DAY`;
  const sql = orderedFunnelSql(
    FUNNEL_STEPS.map((name) => ({
      rows: `SELECT customer_id, CAST(ts AS TIMESTAMP) AS ts FROM events WHERE event_name = '${name}' AND ts >= ${ts(PERIOD_FROM)} AND ts < ${end}`,
    })),
    'INTERVAL 60 DAY',
    end,
    'age_band',
  );
  checkSameCounts('funnel_events', await ctx.client.call('funnel.run', { spec }), await floorCounts(ctx, sql, FUNNEL_STEPS.length), true);
  const sampler = rssSampler();
  const samples = await timeInterleaved(
    ctx.iterations,
    async () => {
      await ctx.client.call('funnel.run', { spec });
    },
    async () => {
      await floorCounts(ctx, sql, FUNNEL_STEPS.length);
    },
  );
  return benchRow('funnel_events', ctx.customers, samples.engine, samples.floor, sampler.stop());
}

/**
 * Contacts → transactions → accounts: the treatment contacts of the campaign with the most
 * contacts, a transfer within 14 days of the contact, an account opened within 30 days of that
 * transfer, all within 60 days of the contact.
 */
async function funnelTransactions(ctx: BenchContext): Promise<BenchRow> {
  const asOf = await ensureAsOf(ctx);
  const [top] = await ctx.engine.workspace.withSession(detachedContext(), (s) =>
    s.rows<{ c: string }>(`SELECT campaign_id AS c FROM contacts WHERE arm = 'treatment' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`),
  );
  const campaign = top!.c;
  const spec: FunnelSpecInput = {
    steps: [
      { name: 'contacted', source: 'contacts', filters: [{ kind: 'field', field: 'campaign_id', op: '=', value: campaign }, { kind: 'field', field: 'arm', op: '=', value: 'treatment' }] },
      { name: 'transfer', source: 'transactions', filters: [{ kind: 'field', field: 'txn_type', op: '=', value: 'transfer' }], withinPrevious: { amount: 14, unit: 'days' } },
      { name: 'opened', source: 'accounts_opened', filters: [], withinPrevious: { amount: 30, unit: 'days' } },
    ],
    window: { amount: 60, unit: 'days' },
    period: { from: PERIOD_FROM, to: asOf },
  };
  const from = ts(PERIOD_FROM);
  const end = `${ts(asOf)} + INTERVAL 1 DAY`;
  // campaign_id comes from the bank's own contacts table: quoted for SQL, not user input.
  const campaignLiteral = `'${campaign.replaceAll("'", "''")}'`;
  const sql = orderedFunnelSql(
    [
      { rows: `SELECT customer_id, CAST(contact_ts AS TIMESTAMP) AS ts FROM contacts WHERE campaign_id = ${campaignLiteral} AND arm = 'treatment' AND contact_ts >= ${from} AND contact_ts < ${end}` },
      { rows: `SELECT customer_id, CAST(ts AS TIMESTAMP) AS ts FROM transactions WHERE txn_type = 'transfer' AND ts >= ${from} AND ts < ${end}`, within: 'INTERVAL 14 DAY' },
      { rows: `SELECT customer_id, CAST(open_date AS TIMESTAMP) AS ts FROM accounts WHERE open_date >= ${from} AND open_date < ${end}`, within: 'INTERVAL 30 DAY' },
    ],
    'INTERVAL 60 DAY',
    end,
    null,
  );
  checkSameCounts(`funnel_transactions (${campaign})`, await ctx.client.call('funnel.run', { spec }), await floorCounts(ctx, sql, 3), false);
  const sampler = rssSampler();
  const samples = await timeInterleaved(
    ctx.iterations,
    async () => {
      await ctx.client.call('funnel.run', { spec });
    },
    async () => {
      await floorCounts(ctx, sql, 3);
    },
    1,
  );
  return benchRow('funnel_transactions', ctx.customers, samples.engine, samples.floor, sampler.stop());
}

export const FUNNEL_BENCH_CASES: Record<string, (ctx: BenchContext) => Promise<BenchRow>> = {
  funnel_events: funnelEvents,
  funnel_transactions: funnelTransactions,
};
