import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import type { EngineClient } from '../../src/shared/engine-client';

/** Customer-initiated transactions on given months of 2025/2026 (the 12th, 10:00). */
const active = (id: string, months: string[]) =>
  months.map((m, i) => `('${id}-${i}', 'acc', '${id}', TIMESTAMP '${m}-12 10:00:00', 10, 'debit', 'consumption', 'pos', NULL)`);

/**
 * Hand-made histories, as of 2026-06-30. Retention: R1–R3. Lifecycle (January–June 2026): every
 * transition — new, new → returning, new → dormant, returning → dormant → resurrecting, never active
 * then resurrecting, active only long before, dormant in the first period, onboarding unknown.
 */
const SETUP = `
CREATE TABLE customers (customer_id VARCHAR, birth_date DATE, onboard_date DATE);
INSERT INTO customers VALUES
  ('R1', DATE '1990-01-01', DATE '2026-01-10'), ('R2', DATE '1990-01-01', DATE '2026-01-20'), ('R3', DATE '1990-01-01', DATE '2026-02-05'),
  ('N1', DATE '1990-01-01', DATE '2026-01-10'), ('N2', DATE '1990-01-01', DATE '2026-02-10'), ('N3', DATE '1990-01-01', DATE '2026-03-15'),
  ('N4', DATE '1990-01-01', NULL),
  ('O1', DATE '1990-01-01', DATE '2024-01-01'), ('O2', DATE '1990-01-01', DATE '2024-01-01'), ('O3', DATE '1990-01-01', DATE '2024-01-01'),
  ('O4', DATE '1990-01-01', DATE '2024-01-01');
CREATE TABLE transactions (txn_id VARCHAR, account_id VARCHAR, customer_id VARCHAR, ts TIMESTAMP, amount DECIMAL(18,2), direction VARCHAR, txn_type VARCHAR, channel VARCHAR, counterparty_bank VARCHAR);
INSERT INTO transactions VALUES ${[
  ...active('R1', ['2026-01', '2026-02', '2026-04']),
  ...active('R2', ['2026-03']),
  ...active('R3', ['2026-02', '2026-06']),
  ...active('N1', ['2026-01', '2026-02', '2026-03']),
  ...active('N2', ['2026-02']),
  ...active('N3', ['2026-04', '2026-05']),
  ...active('N4', ['2026-05', '2026-06']),
  ...active('O1', ['2025-12', '2026-01', '2026-03', '2026-04', '2026-05', '2026-06']),
  ...active('O2', ['2026-04']),
  ...active('O3', ['2025-11']),
  ...active('O4', ['2025-12']),
].join(', ')};
-- Bank postings are not activity.
INSERT INTO transactions VALUES ('fee', 'acc', 'O3', TIMESTAMP '2026-03-31 10:00:00', 5, 'debit', 'fee', 'system', NULL),
  ('int', 'acc', 'O4', TIMESTAMP '2026-03-31 10:00:00', 1, 'credit', 'interest', 'system', NULL);
`;

describe('retention and lifecycle on hand-made streams', () => {
  let engine: Engine;
  let client: EngineClient;
  const onlyR = async () => (await client.call('segment.fromIds', { name: 'R', ids: ['R1', 'R2', 'R3'] })).segment.id;

  beforeAll(async () => {
    engine = await Engine.open({ path: ':memory:', threads: 2, memoryLimit: '1GB' });
    await engine.workspace.withSession(detachedContext(), (s) => s.run(SETUP));
    client = engine.connectClient();
    await client.call('profile.build', { asOf: '2026-06-30' });
  });
  afterAll(() => engine.close());

  it('"on": active in period k; "on or after": active in k or any later period; unobserved cells are null', async () => {
    const segmentId = await onlyR();
    const on = await client.call('retention.run', { cohorts: 6, periods: 5, mode: 'on', population: { segmentId } });
    expect(on.rows.map((r) => r.cohort)).toEqual(['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01']);
    const [jan, feb, mar] = on.rows;
    expect(jan).toMatchObject({ size: 2, retained: [1, 1, 1, 1, 0, 0] });
    expect(jan!.rates).toEqual([0.5, 0.5, 0.5, 0.5, 0, 0]);
    expect(feb).toMatchObject({ size: 1, retained: [1, 0, 0, 0, 1, null] });
    expect(mar).toMatchObject({ size: 0, retained: [0, 0, 0, 0, null, null] });
    const after = await client.call('retention.run', { cohorts: 6, periods: 5, mode: 'on_or_after', population: { segmentId } });
    expect(after.rows[0]).toMatchObject({ size: 2, retained: [2, 2, 2, 1, 0, 0] });
    expect(after.rows[1]).toMatchObject({ size: 1, retained: [1, 1, 1, 1, 1, null] });
  });

  it('weekly periods start on Mondays', async () => {
    const weekly = await client.call('retention.run', { cohorts: 30, periods: 2, period: 'week', population: { segmentId: await onlyR() } });
    // R1 onboarded Saturday 2026-01-10: its week starts Monday 2026-01-05 and it was active on the 12th (next week).
    const week = weekly.rows.find((r) => r.cohort === '2026-01-05')!;
    expect(week).toMatchObject({ size: 1, retained: [0, 1, 0] });
  });

  it('lifecycle: new, returning, resurrecting, and dormant (negative, the period after the last activity)', async () => {
    const result = await client.call('lifecycle.run', { periods: 6 });
    const bars = Object.fromEntries(result.rows.map((r) => [r.period.slice(0, 7), [r.new, r.returning, r.resurrecting, r.dormant]]));
    // R1–R3 are part of the base too: R1 new Jan, returning Feb, dormant Mar, resurrecting Apr, dormant May;
    // R2 (onboarded Jan, first active Mar) resurrecting Mar, dormant Apr; R3 new Feb, dormant Mar, resurrecting Jun.
    const r = {
      '2026-01': [1, 0, 0, 0], '2026-02': [1, 1, 0, 0], '2026-03': [0, 0, 1, -2], '2026-04': [0, 0, 1, -1], '2026-05': [0, 0, 0, -1], '2026-06': [0, 0, 1, 0],
    } as const;
    const others = {
      '2026-01': [1, 1, 0, -1], // N1 new; O1 returning (active in December); O4 dormant
      '2026-02': [1, 1, 0, -1], // N2 new; N1 returning; O1 dormant
      '2026-03': [0, 1, 1, -1], // N1 returning; O1 resurrecting; N2 dormant
      '2026-04': [0, 1, 2, -1], // O1 returning; O2 (never active before) and N3 (onboarded in March) resurrecting; N1 dormant
      '2026-05': [1, 2, 0, -1], // N4 new (onboarding unknown: its first active period); O1, N3 returning; O2 dormant
      '2026-06': [0, 2, 0, -1], // O1, N4 returning; N3 dormant
    } as const;
    for (const month of Object.keys(others) as Array<keyof typeof others>) {
      expect(bars[month], month).toEqual(others[month].map((n, i) => n + r[month][i]!));
    }
  });

  it('the customers of a lifecycle bar become a static segment', async () => {
    const segment = await client.call('lifecycle.segment', { periods: 6, periodStart: '2026-04-01', category: 'resurrecting', name: 'back in April' });
    expect(segment.kind).toBe('static');
    const members = await engine.workspace.withSession(detachedContext(), (s) =>
      s.rows<{ customer_id: string }>('SELECT customer_id FROM _sw_segment_members WHERE segment_id = $id ORDER BY customer_id', { id: segment.id }),
    );
    expect(members.map((m) => m.customer_id)).toEqual(['N3', 'O2', 'R1']);
  });
});
