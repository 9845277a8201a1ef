import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { runFunnel } from '../../src/engine/funnels/run-funnel';
import { funnelScope } from '../../src/engine/funnels/funnel-scope';
import { sqlEvaluable } from '../../src/engine/funnels/sql-funnel';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { ParamBag } from '../../src/engine/sql/param-bag';
import type { Session } from '../../src/engine/workspace';
import { funnelSpecSchema, type FunnelResult, type FunnelSpecInput } from '../../src/shared/funnel-types';

/**
 * The two evaluations of a funnel on real DuckDB: plain ordered funnels are evaluated in SQL
 * (sql-funnel.ts), every other kind by walking each customer's stream in JS (evaluate-funnel.ts,
 * itself checked against a brute-force enumeration of paths in tests/unit/funnel-semantics.test.ts).
 * On random event streams — few distinct instants so ties are common, events of other names in
 * between, overall windows in hours and months, per-step windows, both period rules, a profile
 * breakdown with top N and Other, steps over two sources — both must give the same result, figure
 * for figure: counts per step and group, median and mean times, time to convert, trend.
 */

const NAMES = ['visit', 'ask', 'apply', 'open', 'noise'];
const HOUR = 3_600_000;
const BASE = Date.UTC(2024, 0, 30);

interface Generated {
  events: Array<{ customer_id: string; ts: string; event_name: string }>;
  accounts: Array<{ customer_id: string; open_date: string }>;
  bands: string[];
}

const dataArb = fc
  .record({
    bands: fc.array(fc.constantFrom('A', 'B', 'C', 'D'), { minLength: 12, maxLength: 12 }),
    // Dense streams (about ten rows per customer in a day and a half) so most funnels convert someone.
    events: fc.array(fc.record({ c: fc.nat(11), h: fc.integer({ min: 0, max: 36 }), ms: fc.constantFrom(0, 0, 0, 1, 999), name: fc.constantFrom(...NAMES) }), { minLength: 40, maxLength: 140 }),
    accounts: fc.array(fc.record({ c: fc.nat(11), d: fc.integer({ min: 0, max: 3 }) }), { minLength: 2, maxLength: 10 }),
  })
  .map(
    (r): Generated => ({
      bands: r.bands,
      events: r.events.map((e) => ({ customer_id: `C${e.c}`, ts: new Date(BASE + e.h * HOUR + e.ms).toISOString().replace('T', ' ').replace('Z', ''), event_name: e.name })),
      accounts: r.accounts.map((a) => ({ customer_id: `C${a.c}`, open_date: new Date(BASE + a.d * 24 * HOUR).toISOString().slice(0, 10) })),
    }),
  );

const durationArb = fc.oneof(
  fc.record({ amount: fc.integer({ min: 1, max: 30 }), unit: fc.constant('hours' as const) }),
  fc.record({ amount: fc.integer({ min: 1, max: 2 }), unit: fc.constantFrom('days' as const, 'months' as const) }),
  fc.record({ amount: fc.integer({ min: 30, max: 600 }), unit: fc.constant('minutes' as const) }),
);

const specArb = fc
  .record({
    names: fc.shuffledSubarray(NAMES.slice(0, 4), { minLength: 2, maxLength: 4 }),
    opened: fc.boolean(),
    window: durationArb,
    within: fc.array(fc.option(durationArb, { nil: undefined }), { minLength: 5, maxLength: 5 }),
    from: fc.constantFrom('2024-01-29', '2024-01-30', '2024-01-31'),
    to: fc.constantFrom('2024-01-30', '2024-01-31', '2024-02-01'),
    allSteps: fc.boolean(),
    breakdown: fc.boolean(),
    topN: fc.integer({ min: 1, max: 3 }),
    trend: fc.constantFrom('week' as const, 'month' as const),
  })
  .map((r): FunnelSpecInput => {
    const steps: NonNullable<FunnelSpecInput['steps']> = r.names.map((name, k) => ({
      name,
      source: 'events' as const,
      filters: [{ kind: 'field' as const, field: 'event_name', op: '=' as const, value: name }],
      ...(k > 0 && r.within[k] ? { withinPrevious: r.within[k] } : {}),
    }));
    if (r.opened) steps.push({ name: 'opened', source: 'accounts_opened', filters: [], ...(r.within[4] ? { withinPrevious: r.within[4] } : {}) });
    return {
      steps,
      window: r.window,
      period: { from: r.from, to: r.to < r.from ? r.from : r.to },
      periodApplies: r.allSteps ? 'all_steps' : 'first_step',
      breakdowns: r.breakdown ? [{ kind: 'field', field: 'band' }] : [],
      topN: r.topN,
      trend: r.trend,
    };
  });

describe('the SQL evaluation of plain ordered funnels equals the stream evaluation', () => {
  let engine: Engine;
  const inSession = <T>(fn: (s: Session) => Promise<T>) => engine.workspace.withSession(detachedContext(), fn);

  beforeAll(async () => {
    engine = await Engine.open({ path: ':memory:', threads: 2, memoryLimit: '1GB' });
  });
  afterAll(() => engine.close());

  async function load(data: Generated): Promise<void> {
    await engine.workspace.withSession(detachedContext(), async (s) => {
      await s.run(`CREATE OR REPLACE TABLE customers AS SELECT 'C' || i AS customer_id, DATE '2024-02-01' AS onboard_date FROM range(12) r(i)`);
      await s.run(`CREATE OR REPLACE TABLE customer_profile AS SELECT 'C' || i AS customer_id, CAST(from_json($b, '["VARCHAR"]')[i + 1] AS VARCHAR) AS band FROM range(12) r(i)`, { b: JSON.stringify(data.bands) });
      await s.run(
        `CREATE OR REPLACE TABLE events AS SELECT e.customer_id, CAST(e.ts AS TIMESTAMP) AS ts, e.event_name, CAST(NULL AS VARCHAR) AS account_id
         FROM (SELECT unnest(from_json($e, '[{"customer_id":"VARCHAR","ts":"VARCHAR","event_name":"VARCHAR"}]'), recursive := true)) e`,
        { e: JSON.stringify(data.events.length ? data.events : [{ customer_id: 'none', ts: '2000-01-01 00:00:00', event_name: 'noise' }]) },
      );
      await s.run(
        `CREATE OR REPLACE TABLE accounts AS SELECT a.customer_id, CAST(a.open_date AS DATE) AS open_date, 'saving' AS product_type
         FROM (SELECT unnest(from_json($a, '[{"customer_id":"VARCHAR","open_date":"VARCHAR"}]'), recursive := true)) a`,
        { a: JSON.stringify(data.accounts.length ? data.accounts : [{ customer_id: 'none', open_date: '2000-01-01' }]) },
      );
    });
  }

  const comparable = (r: FunnelResult) => ({ ...r, elapsedMs: 0, evaluation: 'either' });

  it('gives the same figures on random streams (windows in minutes to months, step windows, ties, both period rules, top N breakdowns)', async () => {
    let sqlRuns = 0;
    await fc.assert(
      fc.asyncProperty(dataArb, specArb, async (data, input) => {
        await load(data);
        const spec = funnelSpecSchema.parse(input);
        const scope = await inSession((s) => funnelScope(s, spec, new ParamBag('q')));
        expect(sqlEvaluable(spec, scope)).toBe(true);
        const viaSql = await inSession((s) => runFunnel(s, spec, { force: 'sql' }));
        const viaStream = await inSession((s) => runFunnel(s, spec, { force: 'stream' }));
        expect(viaSql.evaluation).toBe('sql');
        expect(viaStream.evaluation).toBe('stream');
        expect(comparable(viaSql)).toEqual(comparable(viaStream));
        if (viaSql.total.steps[1]!.customers > 0) sqlRuns++;
      }),
      { numRuns: 100 },
    );
    // The streams must have exercised conversions, not only empty funnels.
    expect(sqlRuns).toBeGreaterThan(40);
  }, 240_000);

  it('leaves to the stream what it cannot evaluate exactly: repeated or overlapping steps, strict, exclusions, optional steps', async () => {
    await load({ events: [{ customer_id: 'C1', ts: '2024-01-30 01:00:00', event_name: 'visit' }], accounts: [], bands: Array(12).fill('A') });
    const base: FunnelSpecInput = { steps: ['visit', 'ask'].map((name) => ({ source: 'events' as const, filters: [{ kind: 'field' as const, field: 'event_name', op: '=' as const, value: name }] })) };
    const evaluable = async (input: FunnelSpecInput) => {
      const spec = funnelSpecSchema.parse(input);
      return sqlEvaluable(spec, await inSession((s) => funnelScope(s, spec, new ParamBag('q'))));
    };
    expect(await evaluable(base)).toBe(true);
    const visitTwice: FunnelSpecInput = { steps: ['visit', 'visit'].map((name) => ({ source: 'events' as const, filters: [{ kind: 'field' as const, field: 'event_name', op: '=' as const, value: name }] })) };
    expect(await evaluable(visitTwice)).toBe(false);
    expect(await evaluable({ steps: [{ source: 'events', filters: [] }, { source: 'events', filters: [{ kind: 'field', field: 'event_name', op: '=', value: 'ask' }] }] })).toBe(false);
    expect(await evaluable({ ...base, order: 'strict' })).toBe(false);
    expect(await evaluable({ ...base, exclusions: [{ source: 'events', filters: [], from: 0, to: 1 }] })).toBe(false);
    expect(await evaluable({ ...base, steps: [base.steps[0]!, { ...base.steps[1]!, optional: true }, base.steps[1]!] })).toBe(false);
    const result = await inSession((s) => runFunnel(s, funnelSpecSchema.parse(visitTwice)));
    expect(result.evaluation).toBe('stream');
    expect(result.total.steps.map((s) => s.customers)).toEqual([1, 0]);
  });
});
