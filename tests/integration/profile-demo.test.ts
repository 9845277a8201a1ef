import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { generateDemoBank } from '../../src/engine/demo/generate-demo-bank';
import { readDemoTruth, type DemoTruth } from '../../src/engine/demo/demo-truth';
import type { EngineClient } from '../../src/shared/engine-client';
import type { Progress } from '../../src/shared/protocol';

/** The profile on the demo bank must reproduce the generator's truth file exactly. */
describe('customer profile on the demo bank', () => {
  let engine: Engine;
  let client: EngineClient;
  let truth: DemoTruth;
  const progress: Progress[] = [];

  const rows = <T extends Record<string, unknown>>(sql: string) => engine.workspace.withSession(detachedContext(), (s) => s.rows<T>(sql));

  beforeAll(async () => {
    engine = await Engine.open({ path: ':memory:', threads: 2, memoryLimit: '2GB' });
    await engine.workspace.withSession(detachedContext(), (s) => generateDemoBank(s, { customers: 5000, months: 24, seed: 7 }));
    truth = (await engine.workspace.withSession(detachedContext(), (s) => readDemoTruth(s)))!;
    client = engine.connectClient();
    await client.call('profile.build', {}, { onProgress: (p) => progress.push(p) });
  });
  afterAll(() => engine.close());

  it('takes the as-of date from the data and has one row per customer', async () => {
    const summary = await client.call('profile.summary', {});
    expect(summary.asOf).toBe(truth.calendar.asOf);
    expect(summary.customers).toBe(truth.counts.customers);
    expect(progress.some((p) => p.message?.key === 'progress.profile.transactions')).toBe(true);
  });

  it('invalid, dormant, tier and churned counts equal the truth', async () => {
    const summary = await client.call('profile.summary', {});
    expect(summary.invalid).toBe(truth.counts.invalid);
    expect(summary.dormant).toBe(truth.counts.dormant);
    const tiers = Object.fromEntries(summary.byTier.map((t) => [t.value, t.count]));
    expect(tiers).toEqual(truth.counts.tiers);
    const stages = Object.fromEntries(summary.byLifecycle.map((t) => [t.value, t.count]));
    expect(stages.churned).toBe(truth.counts.churned.total);
  });

  it('payroll outflow share per planted group is within 2 pp of the truth', async () => {
    const groups = await rows<{ occupation: string; n: bigint; outflow: bigint }>(
      `SELECT occupation, count(*) AS n, count(*) FILTER (WHERE payroll_outflow_ratio >= 0.8) AS outflow FROM customer_profile WHERE payroll_flag GROUP BY occupation`,
    );
    expect(groups.length).toBe(Object.keys(truth.counts.payroll.byGroup).length);
    for (const g of groups) {
      const t = truth.counts.payroll.byGroup[g.occupation]!;
      expect(Number(g.n)).toBe(t.payroll);
      expect(Math.abs(Number(g.outflow) / Number(g.n) - t.share)).toBeLessThanOrEqual(0.02);
      expect(Math.abs(Number(g.outflow) / Number(g.n) - t.plantedShare)).toBeLessThanOrEqual(0.02);
    }
  });

  it('rules.preview of the current definitions gives the profile counts', async () => {
    const rules = await client.call('rules.list', {});
    const invalid = rules.find((r) => r.rule === 'invalid')!;
    const preview = await client.call('rules.preview', { rule: 'invalid', definition: invalid.definition as { maxAum: number; windowMonths: number } });
    expect(preview.count).toBe(truth.counts.invalid);
    const tier = await client.call('rules.preview', { rule: 'value_tier', definition: { method: 'thresholds', vipMin: 500_000, potentialMin: 50_000 } });
    expect(Object.fromEntries(tier.groups.map((g) => [g.value, g.count]))).toEqual(truth.counts.tiers);
    const quantiles = await client.call('rules.preview', { rule: 'value_tier', definition: { method: 'quantiles', vipTopShare: 0.02, potentialTopShare: 0.2 } });
    const vip = quantiles.groups.find((g) => g.value === 'vip')!.count;
    expect(vip).toBeGreaterThanOrEqual(95);
    expect(vip).toBeLessThanOrEqual(105);
  });

  it('lists built-in tags with member counts consistent with the profile', async () => {
    const tags = await client.call('tags.list', {});
    const byId = new Map(tags.map((t) => [t.id, t]));
    expect(byId.get('rule:dormant')!.memberCount).toBe(truth.counts.dormant);
    expect(byId.get('tier:vip')!.memberCount).toBe(truth.counts.tiers.vip);
    expect(byId.get('payroll')!.memberCount).toBe(truth.counts.payroll.customers);
    expect(byId.get('life:young_family')!.memberCount).toBeGreaterThan(0);
    const searched = await client.call('tags.list', { search: '代发' });
    expect(searched.map((t) => t.id)).toEqual(['payroll', 'payroll:outflow']);
    const dist = await client.call('tags.distribution', { id: 'payroll' });
    expect(dist.members).toBe(truth.counts.payroll.customers);
    expect(dist.byAgeBand.reduce((a, b) => a + b.count, 0)).toBe(dist.members);
  });

  it('distributions: AUM on a log scale, age bins, lifecycle categories', async () => {
    const aum = await client.call('profile.distribution', { field: 'aum', logScale: true });
    expect(aum.total).toBe(5000);
    expect(aum.buckets.length).toBeGreaterThan(4);
    const age = await client.call('profile.distribution', { field: 'age', bins: 10 });
    expect(age.total).toBe(5000);
    const stages = await client.call('profile.distribution', { field: 'lifecycle_stage' });
    expect(stages.buckets.map((b) => b.label).slice(0, 7)).toEqual(['prospect', 'churned', 'new', 'resurrected', 'dormant', 'loyal', 'active']);
  });

  it('a cancelled rebuild leaves the previous profile', async () => {
    const before = await rows<{ n: bigint; h: bigint }>(`SELECT count(*) AS n, sum(hash(p)) AS h FROM customer_profile p`);
    const abort = new AbortController();
    const call = client.call('profile.build', { asOf: '2025-12-31' }, { signal: abort.signal, onProgress: (p) => { if ((p.fraction ?? 0) > 0.2) abort.abort(); } });
    setTimeout(() => abort.abort(), 150);
    await expect(call).rejects.toMatchObject({ code: 'CANCELLED' });
    const after = await rows<{ n: bigint; h: bigint }>(`SELECT count(*) AS n, sum(hash(p)) AS h FROM customer_profile p`);
    expect(after).toEqual(before);
    expect((await client.call('profile.summary', {})).asOf).toBe('2026-06-30');
  });
});
