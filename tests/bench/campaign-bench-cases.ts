import { detachedContext } from '../../src/engine/jobs/job-context';
import type { CampaignBuild, CampaignDefinitionInput } from '../../src/shared/campaign-types';
import type { BenchContext } from './bench-cases';
import { percentile, rssSampler, timeInterleaved, type BenchRow } from './bench-stats';

/*
 * Campaigns (issue 14): campaign.build through the protocol — 3 segments, 5 suppressions, caps per
 * branch and in total, a holdout stratified by value tier — beside the same waterfall hand-written
 * in plain DuckDB SQL in the same run. Before timing, the engine's waterfall and arm counts must
 * equal the floor's, so the two sides cannot silently do different work.
 */

const PLANNED = '2026-07-10';
const SEED = 20261203;

function benchRow(name: string, customers: number, engine: number[], floor: number[], peak: number): BenchRow {
  const p50 = percentile(engine, 50);
  const floorP50 = percentile(floor, 50);
  return { case: name, customers, engine_ms_p50: p50, engine_ms_p95: percentile(engine, 95), floor_ms_p50: floorP50, ratio: p50 / floorP50, peak_rss_mb: peak };
}

/** The floor: removed per step (1–5 suppressions, 6 cap per branch, 7 total cap), then control / treatment. */
const FLOOR_SQL = `
  WITH r AS (
    SELECT p.customer_id, CAST(p.aum_latest AS DOUBLE) AS v, p.branch_id, p.value_tier,
      CAST(('0x' || left(md5('${SEED}:' || p.customer_id), 8)) AS BIGINT) AS h,
      CASE WHEN p.is_invalid IS TRUE THEN 1
           WHEN coalesce(p.open_account_count, 0) = 0 THEN 2
           WHEN p.birth_date + INTERVAL 25 YEAR > DATE '${PLANNED}' THEN 3
           WHEN EXISTS (SELECT 1 FROM holdings x WHERE x.customer_id = p.customer_id AND (x.product_code = 'TD003' OR x.product_type = 'TD003') AND (x.end_date IS NULL OR x.end_date >= DATE '${PLANNED}'))
             OR EXISTS (SELECT 1 FROM accounts a WHERE a.customer_id = p.customer_id AND a.product_type = 'TD003' AND (a.close_date IS NULL OR a.close_date > DATE '${PLANNED}')) THEN 4
           WHEN EXISTS (SELECT 1 FROM contacts c WHERE c.customer_id = p.customer_id AND c.arm IS DISTINCT FROM 'control' AND c.contact_ts >= DATE '${PLANNED}' - INTERVAL 365 DAY AND c.contact_ts < DATE '${PLANNED}' + INTERVAL 1 DAY) THEN 5
      END AS d0
    FROM customer_profile p
    WHERE p.aum_latest >= 50000 OR p.age BETWEEN 25 AND 35 OR p.product_count >= 4),
  c1 AS (SELECT *, CASE WHEN d0 IS NULL AND row_number() OVER (PARTITION BY d0 IS NULL, branch_id ORDER BY v DESC NULLS LAST, h, customer_id) > 400 THEN 6 ELSE d0 END AS d1 FROM r),
  c2 AS (SELECT *, CASE WHEN d1 IS NULL AND row_number() OVER (PARTITION BY d1 IS NULL ORDER BY v DESC NULLS LAST, h, customer_id) > 100000 THEN 7 ELSE d1 END AS d2 FROM c1),
  alive AS (SELECT * FROM c2 WHERE d2 IS NULL),
  armed AS (SELECT row_number() OVER (PARTITION BY value_tier ORDER BY h, customer_id) <= floor(count(*) OVER (PARTITION BY value_tier) * 10 / 100.0 + 0.5) AS control FROM alive)
  SELECT 'step' AS what, d2 AS k, count(*) AS n FROM c2 GROUP BY ALL
  UNION ALL SELECT CASE WHEN control THEN 'control' ELSE 'treatment' END, NULL, count(*) FROM armed GROUP BY ALL`;

async function floorCounts(ctx: BenchContext): Promise<{ removed: number[]; control: number; treatment: number }> {
  const rows = await ctx.engine.workspace.withSession(detachedContext(), (s) => s.rows<{ what: string; k: number | null; n: bigint }>(FLOOR_SQL));
  const removed = Array.from({ length: 8 }, (_, k) => Number(rows.find((r) => r.what === 'step' && r.k === k)?.n ?? 0));
  return { removed, control: Number(rows.find((r) => r.what === 'control')?.n ?? 0), treatment: Number(rows.find((r) => r.what === 'treatment')?.n ?? 0) };
}

function checkSame(build: CampaignBuild, floor: Awaited<ReturnType<typeof floorCounts>>): void {
  const engine = build.waterfall.slice(1).map((s) => s.removed);
  const arm = (a: 'control' | 'treatment') => build.arms.filter((x) => x.arm === a).reduce((t, x) => t + x.customers, 0);
  process.stderr.write(`  campaign_build: engine removed ${engine.join('/')} arms ${arm('treatment')}/${arm('control')} | floor ${floor.removed.slice(1).join('/')} arms ${floor.treatment}/${floor.control}\n`);
  if (JSON.stringify(engine) !== JSON.stringify(floor.removed.slice(1)) || arm('control') !== floor.control || arm('treatment') !== floor.treatment) {
    throw new Error("campaign_build: the engine's waterfall differs from the plain-SQL floor's; the bench would compare different work");
  }
}

async function campaignBuild(ctx: BenchContext): Promise<BenchRow> {
  if ((await ctx.client.call('profile.summary', {})).asOf === null) await ctx.client.call('profile.build', {});
  const save = async (name: string, rule: unknown) => (await ctx.client.call('segment.save', { name, description: '', owner: '', rule: rule as never })).id;
  const ids = [
    await save('bench wealthy', { kind: 'field', field: 'aum_latest', op: '>=', value: 50_000 }),
    await save('bench young', { kind: 'field', field: 'age', op: 'between', from: 25, to: 35 }),
    await save('bench multi-product', { kind: 'field', field: 'product_count', op: '>=', value: 4 }),
  ];
  try {
    const definition: CampaignDefinitionInput = {
      name: 'bench campaign',
      channels: ['sms'],
      plannedDate: PLANNED,
      product: 'TD003',
      selection: ids.map((segmentId, i) => ({ segmentId, priority: i + 1 })),
      suppressions: [{ kind: 'invalid' }, { kind: 'churned' }, { kind: 'minors', minAge: 25 }, { kind: 'holds_product' }, { kind: 'contact_fatigue', days: 365, channel: 'any' }],
      contactPolicy: { channelEligibility: false },
      ranking: { by: 'aum_latest', direction: 'desc' },
      caps: { total: 100_000, perGroup: [{ field: 'branch_id', n: 400 }] },
      control: { seed: SEED, holdout: { percent: 10 }, stratifyBy: ['value_tier'] },
    };
    const build = async () => (await ctx.client.call('campaign.build', { target: { definition } })).campaigns[0]!;
    checkSame(await build(), await floorCounts(ctx));
    const sampler = rssSampler();
    const samples = await timeInterleaved(
      ctx.iterations,
      async () => {
        await build();
      },
      async () => {
        await floorCounts(ctx);
      },
    );
    return benchRow('campaign_build', ctx.customers, samples.engine, samples.floor, sampler.stop());
  } finally {
    for (const id of ids) await ctx.client.call('segment.delete', { id });
  }
}

export const CAMPAIGN_BENCH_CASES: Record<string, (ctx: BenchContext) => Promise<BenchRow>> = {
  campaign_build: campaignBuild,
};
