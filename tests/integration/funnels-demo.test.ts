import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { generateDemoBank } from '../../src/engine/demo/generate-demo-bank';
import { AGE_BANDS, DEMO_PARAMS, FUNNEL_STEPS } from '../../src/engine/demo/demo-params';
import { readDemoTruth, type DemoTruth } from '../../src/engine/demo/demo-truth';
import type { EngineClient } from '../../src/shared/engine-client';
import type { FunnelSpecInput } from '../../src/shared/funnel-types';

/**
 * Funnels on the demo bank against what the generator planted (`counts.funnel`: distinct customers
 * per step of CMP-SALON-03 by age band, DEMO-BANK.md §7) and against plain SQL written here.
 */
describe('funnels on the demo bank', () => {
  let engine: Engine;
  let client: EngineClient;
  let truth: DemoTruth;
  const rows = <T extends Record<string, unknown>>(sql: string, params?: Record<string, string | number>) => engine.workspace.withSession(detachedContext(), (s) => s.rows<T>(sql, params));

  const salon = (extra: Partial<FunnelSpecInput> = {}): FunnelSpecInput => ({
    steps: FUNNEL_STEPS.map((name) => ({
      name,
      source: 'events' as const,
      filters: [
        { kind: 'field' as const, field: 'event_name', op: '=' as const, value: name },
        { kind: 'field' as const, field: 'properties.campaign_id', op: '=' as const, value: DEMO_PARAMS.funnelCampaign },
      ],
    })),
    window: { amount: 60, unit: 'days' },
    period: { from: '2000-01-01', to: truth.calendar.asOf },
    ...extra,
  });

  beforeAll(async () => {
    engine = await Engine.open({ path: ':memory:', threads: 2, memoryLimit: '2GB' });
    await engine.workspace.withSession(detachedContext(), (s) => generateDemoBank(s, { customers: 6000, months: 24, seed: 13 }));
    truth = (await engine.workspace.withSession(detachedContext(), (s) => readDemoTruth(s)))!;
    client = engine.connectClient();
    await client.call('profile.build', {});
  }, 180_000);
  afterAll(() => engine.close());

  it('per age band, the step counts of the salon funnel equal the planted truth', async () => {
    const bounds: Record<(typeof AGE_BANDS)[number], [number, number]> = { '18-29': [0, 29], '30-44': [30, 44], '45-59': [45, 59], '60+': [60, 200] };
    for (const band of AGE_BANDS) {
      const [lo, hi] = bounds[band];
      const segment = await client.call('segment.save', { name: `age ${band}`, description: '', owner: '', rule: { kind: 'field', id: 'a', field: 'age', op: 'between', from: lo, to: hi } });
      const result = await client.call('funnel.run', { spec: salon({ segmentId: segment.id }) });
      expect(result.total.steps.map((s) => s.customers)).toEqual(truth.counts.funnel[band]);
    }
  });

  it('broken down by the profile’s age band, each band’s step counts equal the truth too', async () => {
    const result = await client.call('funnel.run', { spec: salon({ breakdowns: [{ kind: 'field', field: 'age_band' }] }) });
    const byBand = Object.fromEntries(result.groups.map((g) => [g.key[0], g.steps.map((s) => s.customers)]));
    for (const band of AGE_BANDS) expect(byBand[band] ?? [0, 0, 0, 0, 0]).toEqual(truth.counts.funnel[band]);
  });

  it('ordered, strict and unordered agree where the generator plants no stray events, with hold-constant too', async () => {
    const counts = async (spec: FunnelSpecInput) => (await client.call('funnel.run', { spec })).total.steps.map((s) => s.customers);
    const ordered = await counts(salon());
    const totals = FUNNEL_STEPS.map((_, k) => AGE_BANDS.reduce((sum, band) => sum + truth.counts.funnel[band][k]!, 0));
    expect(ordered).toEqual(totals);
    expect(await counts(salon({ order: 'strict' }))).toEqual(ordered);
    expect(await counts(salon({ order: 'unordered' }))).toEqual(ordered);
    expect(await counts(salon({ holdConstant: 'properties.campaign_id' }))).toEqual(ordered);
  });

  it('breaks down by campaign arm and by a step property; times between steps follow the planted gaps', async () => {
    const result = await client.call('funnel.run', { spec: salon({ breakdowns: [{ kind: 'arm', campaignId: DEMO_PARAMS.funnelCampaign }, { kind: 'property', property: 'properties.channel', attribution: 'first', step: 0 }] }) });
    expect(result.groups.every((g) => g.key[0] === 'treatment')).toBe(true);
    const byChannel = await rows<{ channel: string; n: bigint }>(
      `SELECT properties->>'channel' AS channel, count(DISTINCT customer_id) AS n FROM events WHERE event_name = 'contacted' AND (properties->>'campaign_id') = $c GROUP BY 1`,
      { c: DEMO_PARAMS.funnelCampaign },
    );
    const engineByChannel = Object.fromEntries(result.groups.map((g) => [g.key[1], g.steps[0]!.customers]));
    expect(engineByChannel).toEqual(Object.fromEntries(byChannel.map((r) => [r.channel, Number(r.n)])));
    // Salon 3–10 days after the call; inquiry 1–4 hours into the salon.
    expect(result.total.steps[1]!.medianSeconds!).toBeGreaterThanOrEqual(3 * 86_400);
    expect(result.total.steps[1]!.medianSeconds!).toBeLessThanOrEqual(10 * 86_400);
    expect(result.total.steps[2]!.averageSeconds!).toBeLessThanOrEqual(4 * 3_600);
    expect(result.timeToConvert.reduce((a, b) => a + b.customers, 0)).toBe(result.total.steps.at(-1)!.customers);
    expect(result.trend.reduce((a, b) => a + b.entered, 0)).toBe(result.total.steps[0]!.customers);
  });

  it('the drop-off after "inquired" becomes a static segment of exactly those customers', async () => {
    const result = await client.call('funnel.run', { spec: salon() });
    const saved = await client.call('funnel.segment', { spec: salon(), reached: 2, notReached: 3, name: 'inquired, did not apply' });
    expect(saved.customers).toBe(result.total.steps[2]!.customers - result.total.steps[3]!.customers);
    const plain = await rows<{ n: bigint }>(
      `SELECT count(*) AS n FROM (SELECT customer_id FROM events WHERE event_name = 'inquired' EXCEPT SELECT customer_id FROM events WHERE event_name = 'applied')
       WHERE customer_id IN (SELECT customer_id FROM _sw_segment_members WHERE segment_id = $s)`,
      { s: saved.segmentId },
    );
    expect(Number(plain[0]!.n)).toBe(saved.customers);
    expect((await client.call('segment.count', { rule: { kind: 'segment', id: 's', segment: saved.segmentId, member: true } })).count).toBe(saved.customers);
  });

  it('mixes sources with a per-step window: contact → account opened within 30 days, as plain SQL counts it', async () => {
    const [{ c } = { c: '' }] = await rows<{ c: string }>(`SELECT min(campaign_id) AS c FROM contacts`);
    const spec: FunnelSpecInput = {
      steps: [
        { name: 'contacted', source: 'contacts', filters: [{ kind: 'field', field: 'campaign_id', op: '=', value: c }, { kind: 'field', field: 'arm', op: '=', value: 'treatment' }] },
        { name: 'opened', source: 'accounts_opened', filters: [], withinPrevious: { amount: 30, unit: 'days' } },
      ],
      window: { amount: 90, unit: 'days' },
      period: { from: '2000-01-01', to: truth.calendar.asOf },
    };
    const result = await client.call('funnel.run', { spec });
    const [plain] = await rows<{ entered: bigint; converted: bigint }>(
      `SELECT count(DISTINCT ct.customer_id) AS entered,
              count(DISTINCT ct.customer_id) FILTER (WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.customer_id = ct.customer_id
                AND CAST(a.open_date AS TIMESTAMP) >= ct.contact_ts AND CAST(a.open_date AS TIMESTAMP) <= ct.contact_ts + INTERVAL 30 DAY)) AS converted
       FROM contacts ct WHERE ct.campaign_id = $c AND ct.arm = 'treatment'`,
      { c },
    );
    expect(result.total.steps.map((s) => s.customers)).toEqual([Number(plain!.entered), Number(plain!.converted)]);
    const saved = await client.call('funnel.save', { name: 'contact → open', spec });
    const again = await client.call('funnel.save', { id: saved.id, name: 'contact → open (90 d)', spec });
    expect(again.version).toBe(2);
    expect((await client.call('funnel.history', { id: saved.id })).map((f) => f.version)).toEqual([2, 1]);
  });
});

describe('funnel CLI', () => {
  it('funnel run FILE.json prints each step with its conversion and median time; a bad file is named', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { vi } = await import('vitest');
    const { funnelCommand } = await import('../../src/cli/commands/funnel-command');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-funnel-cli-'));
    try {
      const workspace = path.join(dir, 'w.duckdb');
      const seeded = await Engine.open({ path: workspace, threads: 2, memoryLimit: '1GB' });
      await seeded.workspace.withSession(detachedContext(), (s) => generateDemoBank(s, { customers: 1500, months: 24, seed: 3 }));
      seeded.close();
      const file = path.join(dir, 'salon.json');
      fs.writeFileSync(file, JSON.stringify({
        steps: FUNNEL_STEPS.map((name) => ({ name, source: 'events', filters: [{ kind: 'field', field: 'event_name', op: '=', value: name }] })),
        window: { amount: 60, unit: 'days' },
        period: { from: '2000-01-01', to: '2100-01-01' },
      }));
      let stdout = '';
      const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
      try {
        expect(await funnelCommand(['run', file, '--workspace', workspace])).toBe(0);
        const bad = path.join(dir, 'bad.json');
        fs.writeFileSync(bad, JSON.stringify({ steps: [] }));
        await expect(funnelCommand(['run', bad, '--workspace', workspace])).rejects.toMatchObject({ messageKey: 'error.CLI_BAD_FILE' });
      } finally {
        spy.mockRestore();
      }
      expect(stdout).toMatch(/^funnel \(ordered, window 60 days\)/);
      for (const name of FUNNEL_STEPS) expect(stdout).toContain(name);
      expect(stdout).toMatch(/of first .* of previous\s+median \d/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
