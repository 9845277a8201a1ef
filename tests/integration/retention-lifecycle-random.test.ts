import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import type { EngineClient } from '../../src/shared/engine-client';

/**
 * Retention and lifecycle on random histories against a plain reference written here: each
 * customer's set of active periods (customer-initiated transactions on or before the analysis date;
 * fees and interest are the bank's postings), then the definitions of docs/churn.md applied period
 * by period in JS. Months and ISO weeks, "on" and "on or after", onboarding unknown for some,
 * activity after the analysis date (ignored) and long before the window.
 */

const AS_OF = '2026-06-17';
const WEEK_ZERO = Date.UTC(1970, 0, 5);
const DAY = 86_400_000;

type Period = 'month' | 'week';
const indexOf = (period: Period, iso: string): number => {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  return period === 'month' ? y * 12 + m - 1 : Math.floor((Date.UTC(y, m - 1, d) - WEEK_ZERO) / DAY / 7);
};

interface History {
  customers: Array<{ id: string; onboard: string | null }>;
  txns: Array<{ id: string; ts: string; type: string }>;
}

const dayArb = fc.integer({ min: 0, max: 800 }).map((d) => new Date(Date.UTC(2024, 5, 1) + d * DAY).toISOString().slice(0, 10));
const historyArb = fc
  .record({
    onboard: fc.array(fc.option(dayArb, { nil: null, freq: 5 }), { minLength: 12, maxLength: 12 }),
    txns: fc.array(fc.record({ c: fc.nat(11), day: dayArb, type: fc.constantFrom('consumption', 'transfer', 'consumption', 'fee', 'interest') }), { minLength: 30, maxLength: 160 }),
  })
  .map(
    (r): History => ({
      customers: r.onboard.map((onboard, i) => ({ id: `K${i}`, onboard })),
      txns: r.txns.map((t) => ({ id: `K${t.c}`, ts: `${t.day} 10:00:00`, type: t.type })),
    }),
  );

function activePeriods(h: History, period: Period): Map<string, Set<number>> {
  const active = new Map<string, Set<number>>();
  for (const t of h.txns) {
    if (t.type === 'fee' || t.type === 'interest' || t.ts.slice(0, 10) > AS_OF) continue;
    (active.get(t.id) ?? active.set(t.id, new Set()).get(t.id)!).add(indexOf(period, t.ts));
  }
  return active;
}

function referenceLifecycle(h: History, onboardAt: Map<string, string | null>, period: Period, periods: number) {
  const active = activePeriods(h, period);
  const last = indexOf(period, AS_OF);
  const bars = Array.from({ length: periods }, () => ({ new: 0, returning: 0, resurrecting: 0, dormant: 0 }));
  for (const [id, set] of active) {
    // Only the profile's customers (one onboarded after the analysis date is not in it).
    if (!onboardAt.has(id)) continue;
    const onboarded = onboardAt.get(id) ? indexOf(period, onboardAt.get(id)!) : Math.min(...set);
    for (let i = 0; i < periods; i++) {
      const p = last - periods + 1 + i;
      if (set.has(p)) {
        if (onboarded === p) bars[i]!.new++;
        else if (set.has(p - 1)) bars[i]!.returning++;
        else bars[i]!.resurrecting++;
      } else if (set.has(p - 1)) bars[i]!.dormant--;
    }
  }
  return bars;
}

function referenceRetention(h: History, onboardAt: Map<string, string | null>, period: Period, cohorts: number, periods: number, mode: 'on' | 'on_or_after') {
  const active = activePeriods(h, period);
  const last = indexOf(period, AS_OF);
  const first = last - cohorts + 1;
  return Array.from({ length: cohorts }, (_, i) => {
    const c = first + i;
    const members = [...onboardAt].filter(([, d]) => d !== null && d <= AS_OF && indexOf(period, d) === c).map(([id]) => id);
    const retained = Array.from({ length: periods + 1 }, (_, k) => {
      if (c + k > last) return null;
      return members.filter((id) => {
        const set = active.get(id) ?? new Set<number>();
        return mode === 'on' ? set.has(c + k) : [...set].some((x) => x >= c + k);
      }).length;
    });
    return { size: members.length, retained };
  });
}

describe('retention and lifecycle on random histories, against a plain reference', () => {
  let engine: Engine;
  let client: EngineClient;

  beforeAll(async () => {
    engine = await Engine.open({ path: ':memory:', threads: 2, memoryLimit: '1GB' });
    client = engine.connectClient();
  });
  afterAll(() => engine.close());

  async function load(h: History): Promise<Map<string, string | null>> {
    await engine.workspace.withSession(detachedContext(), async (s) => {
      await s.run(
        `CREATE OR REPLACE TABLE customers AS SELECT c.id AS customer_id, DATE '1980-01-01' AS birth_date, CAST(c.onboard AS DATE) AS onboard_date
         FROM (SELECT unnest(from_json($c, '[{"id":"VARCHAR","onboard":"VARCHAR"}]'), recursive := true)) c`,
        { c: JSON.stringify(h.customers) },
      );
      await s.run(
        `CREATE OR REPLACE TABLE transactions AS SELECT 'T' || row_number() OVER () AS txn_id, 'acc' AS account_id, t.id AS customer_id, CAST(t.ts AS TIMESTAMP) AS ts,
           CAST(10 AS DECIMAL(18,2)) AS amount, 'debit' AS direction, t.type AS txn_type, 'pos' AS channel, CAST(NULL AS VARCHAR) AS counterparty_bank
         FROM (SELECT unnest(from_json($t, '[{"id":"VARCHAR","ts":"VARCHAR","type":"VARCHAR"}]'), recursive := true)) t`,
        { t: JSON.stringify(h.txns) },
      );
    });
    await client.call('profile.build', { asOf: AS_OF });
    // The profile's onboarding date is the reference's input (the profile may fill it from other data).
    const rows = await engine.workspace.withSession(detachedContext(), (s) =>
      s.rows<{ id: string; d: string | null }>(`SELECT customer_id AS id, strftime(onboard_date_at, '%Y-%m-%d') AS d FROM customer_profile`),
    );
    return new Map(rows.map((r) => [r.id, r.d]));
  }

  it('lifecycle bars and retention cells equal the reference (months and weeks, on and on or after)', async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArb,
        fc.constantFrom<Period>('month', 'week'),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom<'on' | 'on_or_after'>('on', 'on_or_after'),
        async (h, period, periods, columns, mode) => {
          const onboardAt = await load(h);
          const lifecycle = await client.call('lifecycle.run', { period, periods });
          expect(lifecycle.rows.map(({ period: _p, ...bar }) => bar)).toEqual(referenceLifecycle(h, onboardAt, period, periods));
          const retention = await client.call('retention.run', { period, cohorts: periods, periods: columns, mode });
          expect(retention.rows.map((r) => ({ size: r.size, retained: r.retained }))).toEqual(referenceRetention(h, onboardAt, period, periods, columns, mode));
        },
      ),
      { numRuns: 40 },
    );
  }, 240_000);
});
